// What ends a user's access when SCIM deactivates or deletes them (docs/fidelity.md#inbound-scim): every
// Auth0 session ends (back-channel logout goes to the applications of those sessions) and every
// refresh token is revoked. Access tokens are not revoked (they expire on their own). The same
// effects serve a Management API user deletion and a global token revocation (Universal Logout).
import type { Auth0TenantContext } from '../tenant-context.ts';

export interface AccessEnded {
  sessions: number;
  refreshTokens: number;
}

/**
 * `initiator` is the back-channel logout initiator: account-deactivated for a SCIM deactivation,
 * account-deleted for a deletion (Auth0 does not document which it uses; these are its names),
 * idp-logout for a global token revocation.
 */
export async function endUserAccess(context: Auth0TenantContext, userId: string, initiator: string): Promise<AccessEnded> {
  const sessions = await context.sessions.endSessionsOfUser(userId, initiator);
  const refreshTokens = await context.sessions.revokeRefreshTokensOfUser(userId);
  return { sessions, refreshTokens };
}
