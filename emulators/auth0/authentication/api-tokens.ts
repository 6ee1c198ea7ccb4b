// Access tokens for the tenant's APIs in user flows, through oidc-provider's resource indicators
// (Auth0's `audience` is passed on as `resource`; docs/fidelity.md#authentication-api-apis-and-access-tokens):
// which scopes an application may get (api-access.ts), RS256 JWTs signed with the tenant's key in
// Auth0's shape — `aud` [API, {issuer}userinfo] when openid is granted, `scope` with the OpenID
// scopes too, `azp`, `permissions` under RBAC — and refresh tokens only for APIs that allow
// offline access.
import { errors, type KoaContextWithOIDC, type ResourceServer } from 'oidc-provider';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { DEFAULT_TOKEN_LIFETIME } from '../management/resource-server-payload.ts';
import { addsPermissions, userAccess, usesRfc9068Profile } from './api-access.ts';

/** The OpenID Connect scopes the tenant answers; every other requested scope belongs to an API. */
export const OIDC_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'address', 'phone'];

/** oidc-provider's `features.resourceIndicators.getResourceServerInfo`. */
export function resourceServerInfo(context: Auth0TenantCore) {
  return (_ctx: KoaContextWithOIDC, audience: string, client: { clientId: string }): ResourceServer => {
    const access = userAccess(context.store, audience, client.clientId);
    if ('error' in access) throw new errors.AccessDenied(access.description);
    const { api } = access;
    // Under RBAC a user gets only the scopes of their permissions; roles and user permissions are
    // not emulated, so a user holds none of the API's scopes.
    const scopes = api.enforce_policies ? [] : access.scopes;
    const hs256 = api.signing_alg === 'HS256' && typeof api.signing_secret === 'string';
    return {
      scope: scopes.join(' '),
      audience: api.identifier,
      accessTokenTTL: api.token_lifetime ?? DEFAULT_TOKEN_LIFETIME,
      accessTokenFormat: 'jwt',
      jwt: { sign: hs256 ? { alg: 'HS256', key: Buffer.from(api.signing_secret!) } : { alg: 'RS256' } },
    };
  };
}

interface StructuredToken {
  header?: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** oidc-provider's `formats.customizers.jwt`: Auth0's access-token profile instead of RFC 9068's. */
export function auth0AccessTokenClaims(context: Auth0TenantCore) {
  return (ctx: KoaContextWithOIDC, _token: unknown, jwt: StructuredToken): void => {
    const { payload } = jwt;
    const audience = String(payload.aud);
    const api = context.store.resourceServerByIdentifier(audience);
    const apiScopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    const oidcScopes = grantedOpenIdScopes(ctx);
    payload.scope = [...oidcScopes, ...apiScopes].join(' ');
    if (oidcScopes.includes('openid')) payload.aud = [audience, `${context.issuer}userinfo`];
    if (api && addsPermissions(api)) payload.permissions = apiScopes;
    if (api && usesRfc9068Profile(api)) return;
    // Auth0's default profile: `azp` names the application; no client_id or jti; typ JWT.
    payload.azp = payload.client_id;
    delete payload.client_id;
    delete payload.jti;
    jwt.header = { ...jwt.header, typ: 'JWT' };
  };
}

/**
 * The OpenID Connect scopes of the token being issued: those requested now, else those of the
 * code or refresh token it comes from. Auth0 lists them in an API token's `scope`, and in the
 * token response's.
 */
export function grantedOpenIdScopes(ctx: KoaContextWithOIDC): string[] {
  const { oidc } = ctx;
  const source = oidc.entities.RefreshToken ?? oidc.entities.AuthorizationCode;
  const requested = oidc.params?.scope ? [...oidc.requestParamScopes] : source ? [...source.scopes] : [...oidc.requestParamScopes];
  const granted = source ? source.scopes : undefined;
  return requested.filter(s => OIDC_SCOPES.includes(s) && (!granted || granted.has(s)));
}

/** Refresh tokens for an API only when the API allows offline access (Auth0's "Allow Offline Access"). */
export function offlineAccessAllowed(context: Auth0TenantCore, resource: string | string[] | undefined): boolean {
  const audiences = resource === undefined ? [] : Array.isArray(resource) ? resource : [resource];
  return audiences.every(audience => context.store.resourceServerByIdentifier(audience)?.allow_offline_access === true);
}
