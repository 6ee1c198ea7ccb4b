// Every /api/v2 call carries a Management API access token: an RS256 JWT from this tenant
// (signature, iss, aud = the Management API audience, exp). Anything else → 401 "Invalid token"
// (docs/fidelity.md#auth0-management-api-conventions). Each route then names the scopes it accepts; a token with none of them →
// 403 insufficient_scope (same section).
import { jwtVerify } from 'jose';
import type { NextFunction, Request, Response } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { insufficientScope, invalidToken } from './errors.ts';

export interface ManagementCaller {
  /** `azp` of the token: the client that obtained it. */
  clientId: string;
  scopes: Set<string>;
}

export function authenticateCaller(context: Auth0TenantContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer +([^\s]+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw invalidToken();
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], context.signingKey.publicKey, {
        issuer: context.issuer,
        audience: context.managementAudience,
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch {
      throw invalidToken();
    }
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    const caller: ManagementCaller = {
      clientId: typeof payload.azp === 'string' ? payload.azp : String(payload.sub).replace(/@clients$/, ''),
      scopes: new Set(scope.split(' ').filter(Boolean)),
    };
    res.locals.caller = caller;
    next();
  };
}

export function callerOf(res: Response): ManagementCaller {
  return res.locals.caller as ManagementCaller;
}

/** Route guard: the token must carry at least one of `anyOf`. */
export function requireScope(...anyOf: string[]) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const { scopes } = callerOf(res);
    if (!anyOf.some(s => scopes.has(s))) throw insufficientScope(anyOf);
    next();
  };
}
