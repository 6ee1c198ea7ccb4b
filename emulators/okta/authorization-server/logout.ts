// GET|POST /oauth2/v1/logout (docs/fidelity.md#org-authorization-server-endpoints): RP-initiated logout the Okta way — no confirmation
// page. `id_token_hint` is required and must be an ID token this org issued (its signature checked;
// an expired one is accepted); a `post_logout_redirect_uri` must be one of the app's Logout redirect
// URIs; `state` is echoed. The browser's Okta session is ended when its user is the token's subject
// ("signs the user out of Okta if the subject matches the current Okta session"), then 302. Without
// a post_logout_redirect_uri the browser goes to the org's sign-in page. Errors: Okta's error page.
import express, { type Request, type Response, type Router } from 'express';
import { formBody } from '../../shared/request-parsers.ts';
import { compactVerify } from 'jose';
import type { EventLog } from '../../shared/event-log.ts';
import type { SigningKey } from '../../shared/signing-keys.ts';
import type { AppRecord, OktaStore } from '../store.ts';
import type { BrowserSessions } from './browser-sessions.ts';
import { activeAppOf, adminConsoleUrl, postLogoutRedirectUris } from './clients.ts';
import { errorPageHtml } from './error-page.ts';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';

export const LOGOUT_PATH = '/oauth2/v1/logout';

export interface LogoutDependencies {
  store: OktaStore;
  issuer: string;
  signingKey: SigningKey;
  sessions: BrowserSessions;
  events: EventLog;
}

export function logoutRouter(deps: LogoutDependencies): Router {
  const router = express.Router();
  const handle = (req: Request, res: Response) => logout(deps, req, res);
  router.get(LOGOUT_PATH, handle);
  router.post(LOGOUT_PATH, ...formBody({ limit: '64kb' }), handle);
  return router;
}

async function logout(deps: LogoutDependencies, req: Request, res: Response): Promise<void> {
  const source = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown> | undefined;
  const param = (name: string) => (typeof source?.[name] === 'string' ? (source[name] as string) : undefined);
  const hint = param('id_token_hint');
  const postLogoutRedirectUri = param('post_logout_redirect_uri');
  const state = param('state');

  const fail = (error: OAuthError, detail: Record<string, unknown> = {}) => {
    deps.events.record('okta.logout', { outcome: 'error', error: error.error, error_description: error.error_description, ...detail });
    res.status(error.status).type('html').set('Cache-Control', 'no-store').send(errorPageHtml(error));
  };

  if (!hint) return fail(oktaErrors.idTokenHintRequired());
  const token = await verifiedIdToken(hint, deps);
  if (!token) return fail(oktaErrors.idTokenInvalid());
  const { app, sub, clientId } = token;

  if (postLogoutRedirectUri !== undefined && !postLogoutRedirectUris(app).includes(postLogoutRedirectUri)) {
    return fail(oktaErrors.illegalPostLogoutRedirectUri(adminConsoleUrl(deps.issuer, app)), { client_id: clientId, userId: sub });
  }

  const session = await deps.sessions.current(req, res);
  let outcome: string;
  if (!session) outcome = 'no_session';
  else if (session.accountId !== sub) outcome = 'session_of_another_user';
  else {
    await deps.sessions.end(req, res, session);
    outcome = 'signed_out';
  }
  deps.events.record('okta.logout', { client_id: clientId, userId: sub, outcome });

  let destination: string;
  if (postLogoutRedirectUri !== undefined) {
    const target = new URL(postLogoutRedirectUri);
    if (state !== undefined) target.searchParams.set('state', state);
    destination = target.href;
  } else destination = `${deps.issuer}/`;
  res.set('Cache-Control', 'no-store').redirect(302, destination);
}

/** The hint's subject and client, when it is an ID token of this org for an active app (expired or not). */
async function verifiedIdToken(hint: string, deps: LogoutDependencies): Promise<{ app: AppRecord; sub: string; clientId: string } | undefined> {
  try {
    const { payload } = await compactVerify(hint, deps.signingKey.publicKey, { algorithms: ['RS256'] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    if (claims.iss !== deps.issuer || typeof claims.sub !== 'string') return undefined;
    const audience = Array.isArray(claims.aud) ? (claims.azp ?? claims.aud[0]) : claims.aud;
    const app = activeAppOf(deps.store, audience);
    if (!app) return undefined;
    return { app, sub: claims.sub, clientId: audience as string };
  } catch {
    return undefined;
  }
}
