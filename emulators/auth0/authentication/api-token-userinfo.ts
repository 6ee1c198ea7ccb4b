// GET|POST /userinfo with an API's access token (docs/fidelity.md#authentication-api-apis-and-access-tokens).
// Auth0 adds `{issuer}userinfo` to the audiences of an API token granted openid, so the same token
// calls the API and /userinfo (express-openid-connect's fetchUserInfo does, after a login with an
// `audience`). oidc-provider refuses tokens bound to a resource at its userinfo endpoint; this route
// answers those JWTs itself — verified like any of the tenant's tokens — and leaves every other
// token to oidc-provider.
import type { NextFunction, Request, Response } from 'express';
import { jwtVerify } from 'jose';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { CLAIMS_BY_SCOPE, findAccount } from './accounts.ts';

export function apiTokenUserinfo(context: Auth0TenantCore) {
  const accounts = findAccount(context.store);
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || token.split('.').length !== 3) return next();
    let payload;
    try {
      ({ payload } = await jwtVerify(token, context.signingKey.publicKey, {
        issuer: context.issuer,
        audience: `${context.issuer}userinfo`,
        algorithms: ['RS256'],
      }));
    } catch {
      return next(); // not a token for /userinfo: oidc-provider answers it (invalid_token)
    }
    const account = typeof payload.sub === 'string' ? await accounts(undefined as never, payload.sub) : undefined;
    if (!account) return next();
    const all = (await account.claims('userinfo', '', {}, [])) as Record<string, unknown>;
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const names = new Set(scopes.flatMap(scope => CLAIMS_BY_SCOPE[scope as keyof typeof CLAIMS_BY_SCOPE] ?? []));
    context.events.record('auth0.userinfo', { sub: payload.sub, token: 'api_access_token' });
    res.set('cache-control', 'no-store').json(Object.fromEntries(Object.entries(all).filter(([name]) => name === 'sub' || names.has(name))));
  };
}
