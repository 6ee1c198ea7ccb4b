// Universal Login, identifier first (docs/fidelity.md#universal-login-and-home-realm-discovery): GET /u/login/identifier?state=… shows the page; the
// POST to the same URL either carries `username` (home realm discovery → the matching IdP, or the
// page again with "Email does not match any enterprise directory") or `connection` (a connection
// button → that IdP). `state` is the oidc-provider interaction of the /authorize request.
import { formBody } from '../../shared/request-parsers.ts';
import express, { type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { Auth0TenantCore } from '../tenant-context.ts';
import type { WireConnection } from '../store.ts';
import { findClient } from './clients.ts';
import { NO_HRD_CONNECTION, connectionForDomain, emailDomain } from './home-realm-discovery.ts';
import { SUPPORTED_STRATEGIES, UpstreamError, type OktaStrategy } from './okta-strategy.ts';
import { errorPage, identifierPage, type ConnectionButton } from './views.ts';

const IDENTIFIER_PATH = '/u/login/identifier';

interface LoginTransaction {
  uid: string;
  params: Record<string, unknown>;
  clientId: string;
}

export function universalLoginRouter(context: Auth0TenantCore, provider: Provider, okta: OktaStrategy): Router {
  const router = express.Router();
  const form = formBody({ limit: '20kb' });

  router.get(IDENTIFIER_PATH, async (req, res) => {
    const transaction = await findTransaction(provider, req.query.state);
    if (!transaction) return invalidState(res);
    const username = typeof transaction.params.login_hint === 'string' ? transaction.params.login_hint : '';
    renderIdentifier(res, context, transaction, username);
  });

  router.post(IDENTIFIER_PATH, ...form, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const transaction = await findTransaction(provider, body.state ?? req.query.state);
    if (!transaction) return invalidState(res);

    if (typeof body.connection === 'string' && body.connection) {
      const connection = context.store.connectionByName(body.connection);
      if (!connection || !connection.enabled_clients.includes(transaction.clientId) || !SUPPORTED_STRATEGIES.has(connection.strategy)) {
        res
          .status(400)
          .type('html')
          .send(errorPage({ error: 'invalid_request', description: 'the connection is not enabled' }));
        return;
      }
      context.events.record('auth0.connection_button', { state: transaction.uid, client_id: transaction.clientId, connection: connection.name });
      return redirectUpstream(res, context, okta, transaction, connection);
    }

    const username = typeof body.username === 'string' ? body.username.trim() : '';
    if (!username) return renderIdentifier(res.status(400), context, transaction, username, 'Please enter an email address');
    const domain = emailDomain(username);
    if (!domain) return renderIdentifier(res.status(400), context, transaction, username, 'Email is not valid.');
    const connection = connectionForDomain(context.store, transaction.clientId, domain, context.behaviour.hrdMatchSubdomains);
    context.events.record('auth0.hrd', {
      state: transaction.uid,
      client_id: transaction.clientId,
      domain,
      outcome: connection ? 'matched' : 'no_match',
      connection: connection?.name ?? null,
    });
    if (!connection) return renderIdentifier(res.status(400), context, transaction, username, NO_HRD_CONNECTION);
    return redirectUpstream(res, context, okta, transaction, connection, username);
  });

  return router;
}

async function findTransaction(provider: Provider, state: unknown): Promise<LoginTransaction | undefined> {
  if (typeof state !== 'string' || !state) return undefined;
  const interaction = await provider.Interaction.find(state);
  if (!interaction) return undefined;
  const params = interaction.params as Record<string, unknown>;
  return { uid: interaction.uid, params, clientId: String(params.client_id ?? '') };
}

function renderIdentifier(res: Response, context: Auth0TenantCore, transaction: LoginTransaction, username: string, error?: string) {
  const client = findClient(context.store, transaction.clientId);
  const buttons: ConnectionButton[] = context.store
    .connectionsEnabledFor(transaction.clientId)
    .filter(c => c.show_as_button === true && SUPPORTED_STRATEGIES.has(c.strategy))
    .map(c => ({
      connection: c.name,
      provider: c.strategy,
      text: `Continue with ${c.display_name || c.name}`,
      iconUrl: typeof c.options.icon_url === 'string' && c.options.icon_url ? c.options.icon_url : undefined,
    }));
  res
    .type('html')
    .set('cache-control', 'no-store')
    .send(
      identifierPage({
        state: transaction.uid,
        tenantName: context.domain,
        clientName: client?.name ?? transaction.clientId,
        username,
        error,
        buttons,
      }),
    );
}

async function redirectUpstream(
  res: Response,
  context: Auth0TenantCore,
  okta: OktaStrategy,
  transaction: LoginTransaction,
  connection: WireConnection,
  identifier?: string,
) {
  try {
    const url = await okta.authorizationUrl({ interactionUid: transaction.uid, params: transaction.params, connection, identifier });
    res.redirect(302, url.href);
  } catch (err) {
    const failure = err instanceof UpstreamError ? err : new UpstreamError('server_error', String(err));
    context.events.record('auth0.upstream_authorize', {
      connection: connection.name,
      outcome: 'error',
      error: failure.error,
      error_description: failure.errorDescription,
    });
    res
      .status(502)
      .type('html')
      .send(errorPage({ error: failure.error, description: failure.errorDescription }));
  }
}

function invalidState(res: Response) {
  res
    .status(400)
    .type('html')
    .send(errorPage({ error: 'invalid_request', description: 'Invalid state: the login transaction is unknown or has expired.' }));
}
