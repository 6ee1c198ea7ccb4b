// POST /api/v2/users/{id}/revoke-access {session_id?, preserve_refresh_tokens?}: "Revokes selected
// resources related to a user (sessions, refresh tokens, ...)"; 202, no body ("Session deletion
// request accepted", as DELETE /users/{id}/sessions). Without session_id every Auth0 session of
// the user ends (back-channel logout, initiator session-revoked) and, unless
// preserve_refresh_tokens, every refresh token of the user is revoked; with session_id, that one
// session and the refresh tokens issued in it (a session the user does not have: accepted, no
// effect). Access tokens stay valid.
// Scope: delete:sessions [the scope is not documented where the reference looked; unverified].
import express, { type Router } from 'express';
import type { Management } from 'auth0';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { requireScope } from './access-token.ts';
import { inexistentUser, payloadError } from './errors.ts';
import { expectObject, expectType, rejectUnknownProperties } from './payload-validation.ts';

export function userRevokeAccessRouter(context: Auth0TenantContext): Router {
  const router = express.Router();

  router.post('/users/:id/revoke-access', requireScope('delete:sessions'), async (req, res) => {
    const userId = String(req.params.id);
    const body = expectObject(req.body ?? {});
    rejectUnknownProperties(body, ['session_id', 'preserve_refresh_tokens'] satisfies (keyof Management.RevokeUserAccessRequestContent)[]);
    expectType(body, 'session_id', 'string');
    expectType(body, 'preserve_refresh_tokens', 'boolean');
    if (typeof body.session_id === 'string' && body.session_id.length > 50)
      throw payloadError(`String is too long (${body.session_id.length} chars), maximum 50`, 'session_id');
    if (!context.store.users.has(userId)) throw inexistentUser();
    const sessionId = body.session_id as string | undefined;
    const preserve = body.preserve_refresh_tokens === true;

    const sessions = sessionId
      ? Number(await context.sessions.endSessionOfUser(userId, sessionId, 'session-revoked'))
      : await context.sessions.endSessionsOfUser(userId, 'session-revoked');
    const refreshTokens = preserve
      ? 0
      : sessionId
        ? await context.sessions.revokeRefreshTokensOfSession(userId, sessionId)
        : await context.sessions.revokeRefreshTokensOfUser(userId);
    context.events.record('auth0.management.access-revoked', {
      user_id: userId,
      ...(sessionId ? { session_id: sessionId } : {}),
      sessions,
      refresh_tokens: refreshTokens,
      preserve_refresh_tokens: body.preserve_refresh_tokens === true,
    });
    res.status(202).end();
  });

  return router;
}
