// DELETE /api/v2/users/{id}/sessions: ends every Auth0 session of the user (202 {}); the
// Authentication API sends back-channel logout to the applications of those sessions with the
// `session-revoked` initiator (docs/fidelity.md#back-channel-logout).
import express, { type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { requireScope } from './access-token.ts';
import { inexistentUser } from './errors.ts';

export function userSessionsRouter(context: Auth0TenantContext): Router {
  const router = express.Router();

  router.delete('/users/:id/sessions', requireScope('delete:sessions'), async (req, res) => {
    const userId = String(req.params.id);
    if (!context.store.users.has(userId)) throw inexistentUser();
    const ended = await context.sessions.endSessionsOfUser(userId, 'session-revoked');
    context.events.record('auth0.management.sessions-revoked', { user_id: userId, sessions: ended });
    res.status(202).json({});
  });

  return router;
}
