// GET|POST /login/callback (docs/fidelity.md#okta-connection-discovery-and-upstream-calls): where the IdP returns. The upstream response completes the
// Universal Login transaction: success → the user is created or updated (docs/fidelity.md#okta-connection-users-and-profile) and the browser
// resumes /authorize, which answers the application; an upstream error (e.g. Okta's access_denied
// "User is not assigned to the client application.") or a refused user (blocked) goes back to the
// application as error / error_description.
import { formBody } from '../../shared/request-parsers.ts';
import express, { type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { Auth0TenantCore } from '../tenant-context.ts';
import type { OktaStrategy, UpstreamTransaction } from './okta-strategy.ts';
import { LOGIN_CALLBACK_PATH, UpstreamError } from './okta-strategy.ts';
import type { TenantSessions, UpstreamLogin } from './sessions.ts';
import { recordOktaLogin } from './user-profile.ts';
import { errorPage } from './views.ts';

/** What a finished login hands to the resumed /authorize (kept in the interaction result). */
export interface LoginResult {
  login?: { accountId: string; remember: boolean };
  upstream?: UpstreamLogin;
  error?: string;
  error_description?: string;
}

export function loginCallbackRouter(context: Auth0TenantCore, provider: Provider, okta: OktaStrategy, sessions: TenantSessions): Router {
  const router = express.Router();
  const handle = async (req: Request, res: Response, params: URLSearchParams) => {
    const state = params.get('state') ?? '';
    const transaction = state ? okta.take(state) : undefined;
    if (!transaction) {
      context.events.record('auth0.login_callback', { outcome: 'error', error: 'invalid_request', reason: 'unknown or expired state' });
      res
        .status(400)
        .type('html')
        .send(errorPage({ error: 'invalid_request', description: 'Invalid state' }));
      return;
    }
    const interaction = await provider.Interaction.find(transaction.interactionUid);
    if (!interaction) {
      context.events.record('auth0.login_callback', { connection: transaction.connectionName, outcome: 'error', reason: 'login transaction expired' });
      res
        .status(400)
        .type('html')
        .send(errorPage({ error: 'invalid_request', description: 'The login transaction has expired. Please start again from the application.' }));
      return;
    }
    const result = await completeLogin(context, okta, transaction, params, req.socket.remoteAddress);
    const recorded = interaction as unknown as { session?: { uid?: string; accountId?: string } };
    const previous = recorded.session;
    if (result.login && previous?.uid && previous.accountId && previous.accountId !== result.login.accountId) {
      const sid = await sessions.switchAccount(previous.uid, result.login.accountId);
      recorded.session = { ...previous, uid: sid, accountId: result.login.accountId };
    }
    interaction.result = result as never;
    await interaction.save(Math.max(1, (interaction.exp ?? 0) - Math.floor(Date.now() / 1000)));
    res.redirect(303, interaction.returnTo);
  };

  router.get(LOGIN_CALLBACK_PATH, (req, res) => handle(req, res, new URL(req.originalUrl, context.origin).searchParams));
  router.post(LOGIN_CALLBACK_PATH, ...formBody({ limit: '100kb' }), (req, res) => handle(req, res, new URLSearchParams(stringFields(req.body))));
  return router;
}

async function completeLogin(
  context: Auth0TenantCore,
  okta: OktaStrategy,
  transaction: UpstreamTransaction,
  params: URLSearchParams,
  ip: string | undefined,
): Promise<LoginResult> {
  const base = { connection: transaction.connectionName, client_id: transaction.clientId, state: transaction.state };
  const fail = (error: string, description: string, reason: string): LoginResult => {
    context.events.record('auth0.login_callback', { ...base, outcome: 'error', reason, error, error_description: description });
    return { error, error_description: description };
  };

  const upstreamError = params.get('error');
  if (upstreamError) return fail(upstreamError, params.get('error_description') ?? '', 'upstream error');

  const connection = context.store.connections.get(transaction.connectionId);
  if (!connection) return fail('access_denied', 'the connection was not found', 'connection deleted during login');

  let identity;
  try {
    identity = await okta.complete(transaction, connection, params);
  } catch (err) {
    const failure = err instanceof UpstreamError ? err : new UpstreamError('access_denied', String(err));
    return fail(failure.error, failure.errorDescription, 'upstream exchange failed');
  }

  const outcome = recordOktaLogin(context.store, connection, identity.sub, identity.claims, ip);
  if (outcome.error) return fail(outcome.error.error, outcome.error.error_description, 'user refused');
  const userId = outcome.user!.user_id;
  context.events.record('auth0.login_callback', { ...base, outcome: 'success', user_id: userId, user_created: outcome.created });
  return {
    login: { accountId: userId, remember: true },
    upstream: { connection: connection.name, idToken: identity.idToken, sub: identity.sub },
  };
}

function stringFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}
