// DELETE /users/{id}/sessions: ends the user's Okta browser sessions (204). The authorization
// server provides `context.endUserSessions`. This is not Universal Logout: Okta documents that this call
// "doesn't clear the sessions created for web or native apps" (docs/fidelity.md#users), so no app is told.
import type { Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import { endpoint } from './endpoint.ts';
import { sendNoContent } from './json-response.ts';
import { userFromPath } from './lookups.ts';
import { booleanParam } from './request-input.ts';

export function userSessionsRoutes(router: Router, context: OktaOrgContext): void {
  endpoint(router, '/users/:userId/sessions', {
    delete: async (req, res) => {
      const record = userFromPath(context.store, req);
      const oauthTokens = booleanParam(req, 'oauthTokens', false);
      const ended = await context.endUserSessions(record.wire.id);
      context.events.record('okta.user.sessions_cleared', { userId: record.wire.id, sessions: ended, oauthTokens });
      sendNoContent(res);
    },
  });
}
