// The admin console's "Clear User Sessions" (Directory > People > user > More Actions), whose
// option "Also include logout enabled apps and Okta API tokens" is what triggers Universal Logout
// (docs/fidelity.md#universal-logout-sender-and-scim-push): the user's Okta sessions end, and each app the user is assigned to whose
// Logout setting is "Okta system or admin initiates logout" receives a Global Token Revocation
// request. DELETE /api/v1/users/{id}/sessions does not do the latter, in Okta as here.
import type { OktaOrgContext } from '../org-context.ts';
import type { UserRecord } from '../store.ts';
import { sendGlobalTokenRevocation, type RevocationOutcome } from './global-token-revocation-sender.ts';

export interface ClearedSessions {
  userId: string;
  /** Okta browser sessions ended. */
  oktaSessionsEnded: number;
  /** One entry per logout-enabled app the user is assigned to (empty unless asked for). */
  universalLogout: RevocationOutcome[];
}

export async function clearUserSessions(context: OktaOrgContext, user: UserRecord, options: { includeLogoutEnabledApps: boolean }): Promise<ClearedSessions> {
  const oktaSessionsEnded = await context.endUserSessions(user.wire.id);
  const universalLogout: RevocationOutcome[] = [];
  if (options.includeLogoutEnabledApps) {
    const apps = context.store.appsOfUser(user.wire.id).filter(app => app.universalLogout && app.wire.status === 'ACTIVE');
    // One request per app, in parallel, as independent deliveries.
    universalLogout.push(...(await Promise.all(apps.map(app => sendGlobalTokenRevocation(context, app, user)))));
  }
  context.events.record('okta.user.sessions_cleared', {
    userId: user.wire.id,
    sessions: oktaSessionsEnded,
    includeLogoutEnabledApps: options.includeLogoutEnabledApps,
    universalLogoutApps: universalLogout.length,
    via: 'admin_console',
  });
  return { userId: user.wire.id, oktaSessionsEnded, universalLogout };
}
