// Sends one Global Token Revocation request to a logout-enabled app and reports what happened.
// Okta reads only the status code (2xx = the user is being logged out). Every call is one
// `okta.universal_logout` event with the app, endpoint, subject format and status; the JWT never
// appears in it.
import type { OktaOrgContext } from '../org-context.ts';
import type { AppRecord, UniversalLogoutSettings, UserRecord } from '../store.ts';
import { outboundFailureReason } from '../../shared/outbound-fetch.ts';
import { revocationRequest } from './revocation-request.ts';

const TIMEOUT_MS = 10_000;

export interface RevocationOutcome {
  appId: string;
  label?: string;
  endpoint: string;
  subjectFormat: UniversalLogoutSettings['subjectFormat'];
  subjectMember: UniversalLogoutSettings['subjectMember'];
  /** HTTP status the app answered; absent when no answer came. */
  status?: number;
  outcome: 'success' | 'failure';
  error?: string;
}

export async function sendGlobalTokenRevocation(context: OktaOrgContext, app: AppRecord, user: UserRecord): Promise<RevocationOutcome> {
  const settings = app.universalLogout!;
  const result: RevocationOutcome = {
    appId: app.wire.id,
    label: app.wire.label,
    endpoint: settings.endpoint,
    subjectFormat: settings.subjectFormat,
    subjectMember: settings.subjectMember,
    outcome: 'failure',
  };
  try {
    const request = await revocationRequest(context, app, settings, user);
    const response = await context.fetch(settings.endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.arrayBuffer().catch(() => undefined);
    result.status = response.status;
    result.outcome = response.status >= 200 && response.status < 300 ? 'success' : 'failure';
    context.events.record('okta.universal_logout', { ...result, userId: user.wire.id, jti: request.jti });
  } catch (error) {
    result.error = outboundFailureReason(error, TIMEOUT_MS);
    context.events.record('okta.universal_logout', { ...result, userId: user.wire.id });
  }
  return result;
}
