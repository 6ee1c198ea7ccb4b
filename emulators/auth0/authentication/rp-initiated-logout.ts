// GET|POST /oidc/logout — OpenID Connect RP-Initiated Logout 1.0 as Auth0 implements it (docs/fidelity.md#authentication-api-logout):
// id_token_hint (recommended; an expired one is still a valid hint), logout_hint (= sid) with
// client_id, post_logout_redirect_uri from the application's Allowed Logout URLs, state echoed,
// federated. A hint that names the browser's current session logs out at once; no hint, or one
// that does not match the session, gets the logout prompt first.
import { formBody } from '../../shared/request-parsers.ts';
import express, { type Request, type Response, type Router } from 'express';
import { compactVerify, decodeJwt } from 'jose';
import type { Auth0TenantCore } from '../tenant-context.ts';
import type { WireClient } from '../store.ts';
import { allowedLogoutUrlsOf, findClient } from './clients.ts';
import { completeLogout, isAllowedLogoutUrl, logoutError, notAllowed } from './logout.ts';
import type { OktaStrategy } from './okta-strategy.ts';
import type { TenantSessions } from './sessions.ts';
import { logoutPromptPage } from './views.ts';

const FORWARDED = ['id_token_hint', 'logout_hint', 'post_logout_redirect_uri', 'client_id', 'state', 'ui_locales'];

interface Hint {
  aud: string;
  sid?: string;
  sub?: string;
}

export function rpInitiatedLogoutRouter(context: Auth0TenantCore, sessions: TenantSessions, okta: OktaStrategy): Router {
  const router = express.Router();
  const handle = async (req: Request, res: Response, params: URLSearchParams) => {
    const idTokenHint = params.get('id_token_hint') || undefined;
    const logoutHint = params.get('logout_hint') || undefined;
    const requestedClientId = params.get('client_id') || undefined;
    const redirectUri = params.get('post_logout_redirect_uri') || undefined;
    const state = params.get('state') ?? undefined;
    const reject = (description: string) => {
      context.events.record('auth0.logout', { endpoint: '/oidc/logout', client_id: requestedClientId, outcome: 'error', reason: description });
      logoutError(res, 'invalid_request', description);
    };

    let hint: Hint | undefined;
    if (idTokenHint) {
      hint = await verifyHint(context, idTokenHint);
      if (!hint) return reject('The id_token_hint is not a valid ID token issued by this tenant.');
      if (requestedClientId && requestedClientId !== hint.aud) return reject('The client_id does not match the audience of the id_token_hint.');
      if (logoutHint && logoutHint !== hint.sid) return reject('The logout_hint does not match the sid of the id_token_hint.');
    } else if (logoutHint && !requestedClientId) {
      return reject('The client_id parameter is required with logout_hint.');
    }

    const clientId = requestedClientId ?? hint?.aud;
    let client: WireClient | undefined;
    if (clientId) {
      client = findClient(context.store, clientId);
      if (!client) return reject(`The client_id "${clientId}" does not exist.`);
    }
    let destination: string | undefined;
    if (redirectUri) {
      if (!isAllowedLogoutUrl(redirectUri, client ? allowedLogoutUrlsOf(client) : []))
        return reject(notAllowed('post_logout_redirect_uri', redirectUri, client));
      destination = redirectUri;
    } else if (client) {
      destination = allowedLogoutUrlsOf(client)[0];
    }

    const current = await sessions.browserSession(req, res);
    const hintedSid = hint?.sid ?? logoutHint;
    if (current && hintedSid !== current.sid && params.get('confirm') !== 'yes') {
      const fields: Record<string, string> = {};
      for (const name of FORWARDED) {
        const value = params.get(name);
        if (value !== null) fields[name] = value;
      }
      if (params.has('federated')) fields.federated = '';
      context.events.record('auth0.logout', { endpoint: '/oidc/logout', client_id: clientId, outcome: 'prompt', sid: current.sid });
      res.set('cache-control', 'no-store').type('html').send(logoutPromptPage(fields, client?.name));
      return;
    }
    await completeLogout(req, res, context, sessions, okta, { endpoint: '/oidc/logout', clientId, federated: params.has('federated'), destination, state });
  };

  router.get('/oidc/logout', (req, res) => handle(req, res, new URL(req.originalUrl, context.origin).searchParams));
  router.post('/oidc/logout', ...formBody({ limit: '100kb' }), (req, res) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries((req.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') params.append(k, v);
    return handle(req, res, params);
  });
  return router;
}

/** Signature and issuer checked; expiry is not (an expired ID token is still a hint). */
async function verifyHint(context: Auth0TenantCore, token: string): Promise<Hint | undefined> {
  try {
    await compactVerify(token, context.signingKey.publicKey);
    const claims = decodeJwt(token);
    if (claims.iss !== context.issuer) return undefined;
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (typeof aud !== 'string') return undefined;
    return { aud, sid: typeof claims.sid === 'string' ? claims.sid : undefined, sub: claims.sub };
  } catch {
    return undefined;
  }
}
