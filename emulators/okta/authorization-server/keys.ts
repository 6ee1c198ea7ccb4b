// GET /oauth2/v1/keys (docs/fidelity.md#org-authorization-server-endpoints): the org's public signing keys, which oidc-provider serves
// from the emulator's signing key. Okta answers with `application/json` and a cache lifetime that
// clients must revalidate; this sets the same headers.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

export function oktaKeysHeaders(): Middleware {
  return async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    if (ctx.oidc?.route !== 'jwks' || ctx.status !== 200) return;
    ctx.type = 'application/json';
    ctx.set('Cache-Control', 'max-age=3600, must-revalidate');
  };
}
