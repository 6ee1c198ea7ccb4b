// Cross-origin calls from browser applications (single-page apps) to /oauth/token and /oauth/revoke
// (docs/fidelity.md#authentication-api-cors-and-web-message). The preflight names no application,
// so it is answered for any origin (oidc-provider's CORS: the origin reflected, POST, the headers
// asked for, such as spa-js's Auth0-Client); the request itself is then checked against the
// application's origins — web origins, allowed origins and the origins of its callbacks — and an
// origin outside them is refused as Auth0 refuses it, 401 access_denied "Unauthorized", in a
// response the page can read.
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Auth0Store } from '../store.ts';
import { callbacksOf, findClient } from './clients.ts';

interface CorsState {
  refusedOrigin?: string;
}

/** oidc-provider's `clientBasedCORS`: whether the application accepts calls from this origin; a refusal is noted for auth0CorsRefusals. */
export function clientOrigins(store: Auth0Store) {
  return (ctx: KoaContextWithOIDC, origin: string, client: { clientId: string }): boolean => {
    const allowed = allowedOrigins(store, client.clientId).has(origin);
    if (!allowed) (ctx.state as CorsState).refusedOrigin = origin;
    return allowed;
  };
}

/** Koa middleware in front of oidc-provider: a call to one of `paths` from an origin the application does not list, in Auth0's words. */
export function auth0CorsRefusals(paths: readonly string[]) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    const origin = (ctx.state as CorsState).refusedOrigin;
    if (!origin || !paths.includes(ctx.path)) return;
    ctx.status = 401;
    ctx.body = { error: 'access_denied', error_description: 'Unauthorized' };
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.vary('Origin');
  };
}

/** The origins an application accepts calls from: its web origins, allowed origins and callback URLs. */
export function allowedOrigins(store: Auth0Store, clientId: string): Set<string> {
  const client = findClient(store, clientId);
  const out = new Set<string>();
  if (!client) return out;
  for (const value of [...(client.web_origins ?? []), ...(client.allowed_origins ?? []), ...callbacksOf(client)]) {
    const url = URL.parse(value);
    if (url) out.add(url.origin);
  }
  return out;
}
