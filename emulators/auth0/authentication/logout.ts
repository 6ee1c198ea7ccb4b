// GET /v2/logout?returnTo=&client_id=&federated (docs/fidelity.md#authentication-api-logout), and the ending shared with /oidc/logout:
// end the Auth0 session (back-channel logout to its applications), then — with `federated` — send
// the browser to Okta's end_session_endpoint with the Okta ID token as id_token_hint, else
// straight to the return URL.
//
// Federated return: Auth0's docs say the IdP logout endpoint is handed the application's
// `returnTo` ("each provider will handle the returnTo parameter differently … check that they will
// accept the returnTo parameter", auth0 docs-v2 authenticate/login/logout/redirect-users-after-logout.mdx).
// So Okta receives the validated return URL as post_logout_redirect_uri, and the Okta app must list
// it as a sign-out redirect URI; without one, Okta ends on its own sign-in page.
import express, { type Request, type Response, type Router } from 'express';
import type { Auth0TenantCore } from '../tenant-context.ts';
import type { WireClient } from '../store.ts';
import { allowedLogoutUrlsOf, findClient } from './clients.ts';
import type { OktaStrategy } from './okta-strategy.ts';
import type { TenantSessions } from './sessions.ts';
import { errorPage, loggedOutPage } from './views.ts';

export interface LogoutRequest {
  endpoint: '/v2/logout' | '/oidc/logout';
  clientId?: string;
  federated: boolean;
  /** Validated return URL, if any. */
  destination?: string;
  /** Echoed to the return URL (RP-initiated logout). */
  state?: string;
}

export function v2LogoutRoutes(context: Auth0TenantCore, sessions: TenantSessions, okta: OktaStrategy): Router {
  const router = express.Router();
  router.get('/v2/logout', async (req, res) => {
    const query = new URL(req.originalUrl, context.origin).searchParams;
    const clientId = query.get('client_id') ?? undefined;
    const returnTo = query.get('returnTo') ?? undefined;
    let client: WireClient | undefined;
    if (clientId) {
      client = findClient(context.store, clientId);
      if (!client) return logoutError(res, 'invalid_request', `The client_id "${clientId}" does not exist.`);
    }
    let destination: string | undefined;
    if (returnTo !== undefined) {
      if (!isAllowedLogoutUrl(returnTo, client ? allowedLogoutUrlsOf(client) : [])) {
        context.events.record('auth0.logout', {
          endpoint: '/v2/logout',
          client_id: clientId,
          outcome: 'error',
          reason: 'returnTo not allowed',
          return_to: returnTo,
        });
        return logoutError(res, 'invalid_request', notAllowed('returnTo', returnTo, client));
      }
      destination = returnTo;
    } else if (client) {
      destination = allowedLogoutUrlsOf(client)[0];
    }
    await completeLogout(req, res, context, sessions, okta, { endpoint: '/v2/logout', clientId, federated: query.has('federated'), destination });
  });
  return router;
}

export async function completeLogout(
  req: Request,
  res: Response,
  context: Auth0TenantCore,
  sessions: TenantSessions,
  okta: OktaStrategy,
  request: LogoutRequest,
): Promise<void> {
  const ended = await sessions.endBrowserSession(req, res, 'rp-logout');
  let federatedUrl: URL | undefined;
  let federatedError: string | undefined;
  if (request.federated && ended?.upstream) {
    const connection = context.store.connectionByName(ended.upstream.connection);
    try {
      if (connection) federatedUrl = await okta.endSessionUrl(connection, ended.upstream.idToken, request.destination, request.state);
    } catch (err) {
      federatedError = err instanceof Error ? err.message : String(err);
    }
  }
  context.events.record('auth0.logout', {
    endpoint: request.endpoint,
    client_id: request.clientId,
    outcome: 'success',
    sid: ended?.sid ?? null,
    user_id: ended?.accountId ?? null,
    federated: request.federated,
    federated_logout: federatedUrl ? `${federatedUrl.origin}${federatedUrl.pathname}` : null,
    federated_error: federatedError,
    return_to: request.destination ?? null,
  });
  res.set('cache-control', 'no-store');
  if (federatedUrl) return res.redirect(302, federatedUrl.href);
  if (request.destination) return res.redirect(302, withState(request.destination, request.state));
  res.type('html').send(loggedOutPage());
}

/**
 * Allowed Logout URLs matching: scheme and host case-insensitive, path case-sensitive, the return
 * URL's query and fragment not considered, `*` as a subdomain wildcard.
 */
export function isAllowedLogoutUrl(candidate: string, allowed: string[]): boolean {
  const target = URL.parse(candidate);
  if (!target || (target.protocol !== 'https:' && target.protocol !== 'http:')) return false;
  const comparable = `${target.protocol}//${target.host}${target.pathname}`;
  return allowed.some(entry => {
    const wildcard = entry.includes('://*.');
    const parsed = URL.parse(wildcard ? entry.replace('://*.', '://wildcard.') : entry);
    if (!parsed) return false;
    const path = parsed.pathname;
    if (!wildcard) return comparable === `${parsed.protocol}//${parsed.host}${path}`;
    const suffix = parsed.host.slice('wildcard'.length); // ".example.com[:port]"
    return (
      target.protocol === parsed.protocol && target.host.endsWith(suffix) && !target.host.slice(0, -suffix.length).includes('.') && target.pathname === path
    );
  });
}

export function notAllowed(parameter: string, url: string, client: WireClient | undefined): string {
  const where = client ? `the "Allowed Logout URLs" of the application "${client.name}"` : 'the tenant\'s "Allowed Logout URLs"';
  return `The "${parameter}" querystring parameter "${url}" is not defined as a valid URL in "Allowed Logout URLs". Add it to ${where}.`;
}

export function logoutError(res: Response, error: string, description: string): void {
  res.status(400).type('html').send(errorPage({ error, description }));
}

function withState(url: string, state: string | undefined): string {
  if (state === undefined) return url;
  const target = new URL(url);
  target.searchParams.set('state', state);
  return target.href;
}
