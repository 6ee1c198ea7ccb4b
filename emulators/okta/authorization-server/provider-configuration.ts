// oidc-provider's configuration for the Okta org authorization server, in one place: Okta's routes
// (/oauth2/v1/*), lifetimes (org AS: ID and access tokens 60 min, refresh tokens 90 days, codes
// 300 s), scopes and claims, the store-backed clients and accounts, and every default that
// oidc-provider asks a deployment to decide (so none of its quick-start notices is printed).
import { randomBytes } from 'node:crypto';
import { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { OktaStore } from '../store.ts';
import type { SigningKey } from '../../shared/signing-keys.ts';
import { findAccount, SCOPE_CLAIMS } from './accounts.ts';
import type { ProviderStorage } from '../../shared/provider-storage.ts';
import { loadExistingGrant } from './app-access.ts';
import { authorizeChecks, ORG_SCOPES } from './authorize-checks.ts';
import { oktaAuthorizeError } from './authorize-errors.ts';
import { activeAppOf, SERVED_RESPONSE_TYPES } from './clients.ts';
import { errorPageHtml } from './error-page.ts';
import { LOGOUT_PATH } from './logout.ts';
import { SIGN_IN_INTERACTION_PATH } from '../sign-in/index.ts';

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/**
 * The Okta session cookie (`sid`): SameSite=None (and Secure), as Okta's own, so that the session
 * also reaches a cross-site POST /authorize. Also used to clear the cookie on logout.
 */
export const SESSION_COOKIE = { httpOnly: true, sameSite: 'none' as const, path: '/' };

export interface ProviderConfigurationInput {
  store: OktaStore;
  storage: ProviderStorage;
  signingKey: SigningKey;
  origin: string;
}

export function providerConfiguration({ store, storage, signingKey, origin }: ProviderConfigurationInput): Configuration {
  return {
    adapter: storage.adapterFactory,
    jwks: { keys: [signingKey.privateJwk as never] },
    findAccount: findAccount(store),
    loadExistingGrant: loadExistingGrant(store),
    claims: SCOPE_CLAIMS,
    scopes: ORG_SCOPES,
    // The ID token carries the claims accounts.ts gives it (Okta's thin set), not only `sub`.
    conformIdTokenClaims: false,
    responseTypes: SERVED_RESPONSE_TYPES,
    extraParams: authorizeChecks(store),
    // Okta requires redirect_uri even for an app with one Login redirect URI.
    allowOmittingSingleRegisteredRedirectUri: false,
    // Okta accepts POST /authorize (and POST /userinfo).
    enableHttpPostMethods: true,
    // PKCE for apps that require it is checked in authorize-checks.ts (Okta's error page).
    pkce: { required: () => false },
    clientBasedCORS: (_ctx, requestOrigin) => isCorsTrustedOrigin(store, requestOrigin),
    routes: {
      authorization: '/oauth2/v1/authorize',
      token: '/oauth2/v1/token',
      userinfo: '/oauth2/v1/userinfo',
      jwks: '/oauth2/v1/keys',
      revocation: '/oauth2/v1/revoke',
      introspection: '/oauth2/v1/introspect',
      // Served by logout.ts in front of oidc-provider; configured so that the provider's own
      // end-session routes stay under the same path and are never reached.
      end_session: LOGOUT_PATH,
      pushed_authorization_request: '/oauth2/v1/par',
      device_authorization: '/oauth2/v1/device/authorize',
      code_verification: '/activate',
      backchannel_authentication: '/oauth2/v1/bc/authorize',
      registration: '/oauth2/v1/clients',
      challenge: '/oauth2/v1/challenge',
      credential: '/oauth2/v1/credential',
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: true },
      introspection: { enabled: true, allowedPolicy: sameClient },
      revocation: { enabled: true, allowedPolicy: sameClient },
      resourceIndicators: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      claimsParameter: { enabled: false },
      requestObjects: { enabled: false },
      registration: { enabled: false },
      clientCredentials: { enabled: false },
      deviceFlow: { enabled: false },
    },
    interactions: {
      policy: oktaInteractionPolicy(),
      // Never loaded: the hosted sign-in answers the authorization request with its page instead.
      url: (_ctx, interaction) => `${SIGN_IN_INTERACTION_PATH}/${interaction.uid}`,
    },
    cookies: {
      names: { session: 'sid', interaction: 'okta_signin', resume: 'okta_signin_resume' },
      long: { ...SESSION_COOKIE, secure: true },
      // The resume cookie stays Lax: only the browser that started an authorization request can
      // finish it after signing in (sign-in/idx/success-redirect.ts).
      short: { httpOnly: true, sameSite: 'lax' },
      keys: [randomBytes(32).toString('base64url')],
    },
    ttl: {
      AccessToken: 60 * MINUTE,
      AuthorizationCode: 5 * MINUTE,
      IdToken: 60 * MINUTE,
      RefreshToken: 90 * DAY,
      Grant: 90 * DAY,
      Interaction: 60 * MINUTE,
      // Okta's default global session lifetime (2 hours).
      Session: 2 * 60 * MINUTE,
    },
    // Okta's logout ends the browser session only; tokens live until they expire or are revoked.
    expiresWithSession: () => false,
    rotateRefreshToken: false,
    renderError: (ctx, out, error) => renderOktaErrorPage(ctx, out, error, store, origin),
  };
}

/**
 * Sign-in only (no consent prompt: apps created through /api/v1/apps have TRUSTED consent, so
 * prompt=consent is accepted and has nothing to ask), and a signed-in user who is no longer ACTIVE
 * must sign in again (where the sign-in page refuses them).
 */
function oktaInteractionPolicy() {
  const policy = interactionPolicy.base();
  policy.remove('consent');
  const consent = new interactionPolicy.Prompt({ name: 'consent', requestable: true });
  consent.checks.remove('consent_prompt');
  policy.add(consent);
  policy
    .get('login')!
    .checks.add(
      new interactionPolicy.Check('okta_user_not_active', 'the signed-in user can no longer sign in', (ctx: KoaContextWithOIDC) =>
        Boolean(ctx.oidc.session?.accountId && !ctx.oidc.account),
      ),
    );
  return policy;
}

/** A client may introspect and revoke only its own tokens (docs/fidelity.md#org-authorization-server). */
function sameClient(_ctx: KoaContextWithOIDC, client: { clientId: string }, token: { clientId?: string }): boolean {
  return token.clientId === client.clientId;
}

/** Okta allows cross-origin calls from Trusted Origins with the CORS scope. */
function isCorsTrustedOrigin(store: OktaStore, requestOrigin: string): boolean {
  for (const trusted of store.trustedOrigins.values()) {
    if (trusted.origin === requestOrigin && trusted.status !== 'INACTIVE' && trusted.scopes?.some(scope => scope.type === 'CORS')) return true;
  }
  return false;
}

function renderOktaErrorPage(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
  _error: unknown,
  store: OktaStore,
  origin: string,
): void {
  const params = (ctx.oidc?.params ?? (ctx.method === 'POST' ? ctx.oidc?.body : ctx.query) ?? {}) as Record<string, unknown>;
  const app = activeAppOf(store, params.client_id);
  const okta = oktaAuthorizeError(out.error, out.error_description, {
    app,
    origin,
    requestedScopes: typeof params.scope === 'string' ? params.scope.split(' ').filter(Boolean) : [],
  });
  ctx.status = okta.status;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = errorPageHtml(okta);
}
