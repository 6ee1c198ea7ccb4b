// GET /login/token/redirect?stateToken={stateHandle}: where the widget sends the browser once the
// IDX transaction has succeeded. It ends the transaction, hands the sign-in to the authorization
// request that was waiting (its oidc-provider interaction) and sends the browser back to it; the
// authorization endpoint then sets the Okta session and redirects to the client with the code.
// Only the browser that started the authorization request can finish it there (oidc-provider's
// resume cookie), so a success link is worth nothing in another browser.
// See docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import express, { type Router } from 'express';
import type Provider from 'oidc-provider';
import type { EventLog } from '../../../shared/event-log.ts';
import type { BrowserSessions } from '../../authorization-server/browser-sessions.ts';
import { errorPageHtml } from '../../authorization-server/error-page.ts';
import { IDX_PATHS } from './responses.ts';
import type { IdxTransactions } from './transactions.ts';

export interface SuccessRedirectDependencies {
  provider: Provider;
  transactions: IdxTransactions;
  sessions: BrowserSessions;
  events: EventLog;
}

export function successRedirect(deps: SuccessRedirectDependencies): Router {
  const router = express.Router();
  router.get(IDX_PATHS.successRedirect, async (req, res) => {
    const transaction = deps.transactions.find(req.query.stateToken);
    const interaction = transaction?.step === 'authenticated' ? await deps.provider.Interaction.find(transaction.interactionUid) : undefined;
    if (!transaction || !interaction) {
      res
        .status(403)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(errorPageHtml({ status: 403, error: 'access_denied', error_description: 'The session has expired.' }));
      return;
    }
    deps.transactions.end(transaction);
    const accountId = transaction.userId!;
    interaction.result = { login: { accountId, amr: ['pwd'], remember: transaction.rememberMe } };
    await interaction.save(Math.max(1, interaction.exp - Math.floor(Date.now() / 1000)));
    // Someone else signing in in this browser replaces the signed-in user, as in Okta.
    if (interaction.session && interaction.session.accountId !== accountId) await deps.sessions.releaseAccount(interaction.session.uid);
    deps.events.record('okta.signin', { step: 'redirect', client_id: transaction.clientId, userId: accountId, outcome: 'redirected' });
    res.redirect(302, interaction.returnTo);
  });
  return router;
}
