// The Okta admin-console steps that have no public API, as the emulator performs them: an app's
// Universal Logout setting, its SCIM provisioning connection, and "Clear User Sessions". The
// control plane's REST routes (control-plane.ts) and the admin hook (admin-hook.ts) both call them.
import { registerSecret } from '../../lib/redaction.ts';
import { ControlPlaneRefusal } from '../shared/control-plane.ts';
import type { OktaOrgContext } from './org-context.ts';
import type { AppRecord, ScimProvisioningSettings, UniversalLogoutSettings, UserRecord } from './store.ts';
import { clearUserSessions } from './universal-logout/clear-user-sessions.ts';

const SUBJECT_FORMATS = ['email', 'iss_sub'] as const;
const SUBJECT_MEMBERS = ['sub_id', 'subject'] as const;

/** A step that cannot be done: answered by the control plane as `{error, error_description}` with its status. */
export class ControlPlaneError extends ControlPlaneRefusal {
  override name = 'ControlPlaneError';
}

/** The steps, each by the ids and settings it takes; a problem is a ControlPlaneError with its status. */
export function adminConsoleSteps(context: OktaOrgContext) {
  const { store } = context;
  const app = (appId: unknown): AppRecord => {
    const record = typeof appId === 'string' ? store.apps.get(appId) : undefined;
    if (!record) throw new ControlPlaneError(404, 'not_found', `No app ${String(appId)} in this org`);
    return record;
  };
  const user = (userId: unknown): UserRecord => {
    const record = typeof userId === 'string' ? store.findUser(userId) : undefined;
    if (!record) throw new ControlPlaneError(404, 'not_found', `No user ${String(userId)} in this org`);
    return record;
  };
  return {
    enableUniversalLogout(appId: unknown, body: unknown) {
      const record = app(appId);
      record.universalLogout = universalLogoutSettings(body);
      context.events.record('okta.app.universal_logout_configured', { appId: record.wire.id, ...record.universalLogout });
      return universalLogoutView(record);
    },
    universalLogoutOf(appId: unknown) {
      const record = app(appId);
      if (!record.universalLogout) throw new ControlPlaneError(404, 'not_found', 'Universal Logout is not enabled for this app');
      return universalLogoutView(record);
    },
    disableUniversalLogout(appId: unknown): void {
      delete app(appId).universalLogout;
    },
    enableProvisioning(appId: unknown, body: unknown) {
      const record = app(appId);
      record.scim = provisioningSettings(body);
      context.events.record('okta.app.provisioning_configured', { appId: record.wire.id, baseUrl: record.scim.baseUrl });
      return provisioningView(record);
    },
    provisioningOf(appId: unknown) {
      const record = app(appId);
      if (!record.scim) throw new ControlPlaneError(404, 'not_found', 'Provisioning is not enabled for this app');
      return provisioningView(record);
    },
    disableProvisioning(appId: unknown): void {
      const record = app(appId);
      delete record.scim;
      delete record.scimIds;
    },
    async clearUserSessions(userId: unknown, body: unknown) {
      const record = user(userId);
      const input = (body ?? {}) as Record<string, unknown>;
      if (input.includeLogoutEnabledApps !== undefined && typeof input.includeLogoutEnabledApps !== 'boolean')
        throw new ControlPlaneError(400, 'invalid_request', '"includeLogoutEnabledApps" must be a boolean');
      return clearUserSessions(context, record, { includeLogoutEnabledApps: input.includeLogoutEnabledApps === true });
    },
    /** What the password policy's lockout does after too many failed sign-ins. */
    lockOut(userId: unknown) {
      const record = user(userId);
      if (record.wire.status !== 'ACTIVE')
        throw new ControlPlaneError(409, 'conflict', `Only an ACTIVE user can be locked out; this one is ${record.wire.status}`);
      const time = new Date().toISOString();
      Object.assign(record.wire, { status: 'LOCKED_OUT', statusChanged: time, lastUpdated: time });
      context.events.record('okta.user.locked_out', { userId: record.wire.id });
      return { userId: record.wire.id, status: record.wire.status };
    },
  };
}

function universalLogoutSettings(body: unknown): UniversalLogoutSettings {
  const input = objectOf(body);
  const endpoint = absoluteUrl(input.endpoint, 'endpoint', ['https:']);
  if (endpoint.hash) throw new ControlPlaneError(400, 'invalid_request', '"endpoint" must not have a fragment');
  const subjectFormat = input.subjectFormat ?? 'email';
  if (!SUBJECT_FORMATS.includes(subjectFormat as never))
    throw new ControlPlaneError(400, 'invalid_request', `"subjectFormat" must be one of ${SUBJECT_FORMATS.join(', ')} (Okta's default is email)`);
  const subjectMember = input.subjectMember ?? 'sub_id';
  if (!SUBJECT_MEMBERS.includes(subjectMember as never))
    throw new ControlPlaneError(400, 'invalid_request', `"subjectMember" must be one of ${SUBJECT_MEMBERS.join(', ')}`);
  return {
    endpoint: endpoint.href,
    subjectFormat: subjectFormat as UniversalLogoutSettings['subjectFormat'],
    subjectMember: subjectMember as UniversalLogoutSettings['subjectMember'],
  };
}

function provisioningSettings(body: unknown): ScimProvisioningSettings {
  const input = objectOf(body);
  const baseUrl = absoluteUrl(input.baseUrl, 'baseUrl', ['https:', 'http:']);
  if (baseUrl.search || baseUrl.hash) throw new ControlPlaneError(400, 'invalid_request', '"baseUrl" must not have a query or fragment');
  if (typeof input.bearerToken !== 'string' || !input.bearerToken.trim())
    throw new ControlPlaneError(400, 'invalid_request', '"bearerToken" (the SCIM token for the Authorization: Bearer header) is required');
  registerSecret(input.bearerToken);
  // Okta is told to drop a trailing slash from the base URL; it would otherwise send //Users.
  return { baseUrl: baseUrl.href.replace(/\/+$/, ''), bearerToken: input.bearerToken };
}

function universalLogoutView(app: AppRecord) {
  return { appId: app.wire.id, logoutMode: 'okta_system_or_admin_initiated', ...app.universalLogout };
}

/** Settings as shown back: never the token itself. */
function provisioningView(app: AppRecord) {
  return {
    appId: app.wire.id,
    baseUrl: app.scim!.baseUrl,
    authenticationMode: 'HTTP Header',
    bearerTokenSet: true,
    provisionedUsers: Object.fromEntries(app.scimIds ?? []),
  };
}

function objectOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ControlPlaneError(400, 'invalid_request', 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

function absoluteUrl(value: unknown, name: string, protocols: string[]): URL {
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (!url || !protocols.includes(url.protocol))
    throw new ControlPlaneError(400, 'invalid_request', `"${name}" must be an absolute ${protocols.map(p => p.replace(':', '')).join(' or ')} URL`);
  return url;
}
