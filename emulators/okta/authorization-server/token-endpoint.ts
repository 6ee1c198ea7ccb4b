// Okta's answers at the client-authenticated endpoints (/token, /revoke, /introspect).
// Client authentication itself is oidc-provider's, which already behaves as Okta does for secret
// apps: the secret is accepted in the Authorization header (client_secret_basic) or in the body
// (client_secret_post) whichever method the app was created with — Auth0 sends the secret in the
// body to a default client_secret_basic app (docs/fidelity.md#org-authorization-server-endpoints) — and both at once are refused.
// What differs is the wording and some status codes: this rewrites oidc-provider's errors into
// Okta's `{error, error_description}` (same section), using the error's detail to tell, e.g., a
// reused code from a redirect_uri mismatch.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC, errors } from 'oidc-provider';
import type { OktaStore } from '../store.ts';
import { activeAppOf, configuredGrantTypes, SERVED_GRANT_TYPES } from './clients.ts';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';
import type { RequestErrors } from './request-errors.ts';

const CLIENT_AUTHENTICATED_ROUTES = new Set(['token', 'revocation', 'introspection']);

export function oktaTokenEndpointErrors(requestErrors: RequestErrors, store: OktaStore, issuer: string): Middleware {
  return async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    if (!ctx.oidc || !CLIENT_AUTHENTICATED_ROUTES.has(ctx.oidc.route) || ctx.status < 400) return;
    const error = requestErrors.of(ctx);
    if (!error || typeof ctx.body !== 'object' || ctx.body === null) return;
    const okta = oktaClientRequestError(ctx, error, store);
    ctx.status = okta.status;
    ctx.body = { error: okta.error, error_description: okta.error_description };
    if (ctx.response.get('www-authenticate')) {
      ctx.set('WWW-Authenticate', `Basic realm="${issuer}", error="${okta.error}", error_description="${okta.error_description.replace(/"/g, "'")}"`);
    }
  };
}

export function oktaClientRequestError(ctx: KoaContextWithOIDC, error: errors.OIDCProviderError, store: OktaStore): OAuthError {
  const detail = error.error_detail ?? '';
  const description = error.error_description ?? '';
  const params = (ctx.oidc.params ?? {}) as Record<string, unknown>;
  const presentedCredentials = Boolean(ctx.headers.authorization || params.client_secret || params.client_assertion);

  switch (error.error) {
    case 'invalid_client':
      if (detail === 'invalid secret provided') return oktaErrors.invalidClientSecret();
      if (detail === 'the provided authentication mechanism does not match the registered client authentication method' && !presentedCredentials)
        return oktaErrors.noClientCredentials();
      return oktaErrors.clientAuthenticationFailed();

    case 'invalid_request':
      if (description === 'client authentication must only be provided using one mechanism') return oktaErrors.multipleClientCredentials();
      if (description === 'no client authentication mechanism provided') return oktaErrors.noClientCredentials();
      if (description === 'client_id mismatch') return oktaErrors.clientAuthenticationFailed();
      if (
        description === 'invalid authorization header value format' ||
        description === 'client_secret must be provided in the Authorization header' ||
        description.startsWith('client_id and client_secret in the authorization header')
      )
        return oktaErrors.invalidBasicCredentials();
      if (description.startsWith('code_verifier')) return oktaErrors.pkceVerificationFailed();
      if (description === 'requested grant type is not allowed for this client') {
        return oktaErrors.unauthorizedClient(configuredGrantTypes(activeAppOf(store, ctx.oidc.client?.clientId)));
      }
      if (description.startsWith('missing required parameter')) {
        // "missing required parameter 'code'" / "missing required parameters 'code' and 'redirect_uri'"
        const first = /'([^']+)'/.exec(description)?.[1] ?? '';
        if (first === 'grant_type') return oktaErrors.missingGrantType(`[${SERVED_GRANT_TYPES.join(', ')}]`);
        if (first === 'token') return oktaErrors.missingToken();
        return oktaErrors.missingParameter(first);
      }
      if (description.endsWith('must not be provided twice')) {
        const names = [...description.matchAll(/'([^']+)'/g)].map(match => match[1]);
        return oktaErrors.duplicatedParameters(names.join(', '));
      }
      return oktaErrors.invalidRequest();

    case 'invalid_grant':
      return invalidGrant(detail, params.grant_type);

    case 'unsupported_grant_type':
      return oktaErrors.unsupportedGrantType(`[${SERVED_GRANT_TYPES.join(', ')}]`);

    case 'invalid_scope':
      return oktaErrors.invalidScope();

    case 'server_error':
      return oktaErrors.serverError();

    default:
      return { status: error.statusCode ?? 400, error: error.error, error_description: description };
  }
}

function invalidGrant(detail: string, grantType: unknown): OAuthError {
  if (detail === 'client mismatch') return oktaErrors.mismatchedClient();
  if (detail === 'authorization code redirect_uri mismatch') return oktaErrors.mismatchedRedirectUri();
  // PKCE failures arrive as the cause of an invalid_grant (oidc-provider helpers/pkce.js).
  if (detail === 'code_verifier must be provided') return oktaErrors.pkceMissingVerifier();
  if (detail === 'unsupported code_challenge_method') return oktaErrors.pkceChallengeNotInAuthorize();
  if (detail === 'code_verifier does not match code_challenge') return oktaErrors.pkceVerificationFailed();
  // Not found, expired, already used, or its user/grant gone.
  return grantType === 'refresh_token' ? oktaErrors.invalidRefreshToken() : oktaErrors.invalidAuthorizationCode();
}
