// oidc-provider configured as an Auth0 tenant: Auth0's paths, claims and lifetimes, the tenant's
// signing key, applications from the Management API store, Universal Login as the interaction,
// and no consent screen (Auth0 skips consent for first-party applications).
import Provider, { errors, interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { withoutSsrfGuard } from '../../shared/oidc-provider-internals.ts';
import type { ProviderStorage } from '../../shared/provider-storage.ts';
import { CLAIMS_BY_SCOPE, findAccount } from './accounts.ts';
import { noteErrorPage } from './form-post.ts';
import { findClient, idTokenLifetimeOf, refreshTokenLifetimeOf, rotatesRefreshTokens } from './clients.ts';
import { SUPPORTED_STRATEGIES, type OktaStrategy } from './okta-strategy.ts';
import { errorPage } from './views.ts';
import { clientOrigins } from './cors.ts';
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS } from './session-cookies.ts';
import { auth0AccessTokenClaims, offlineAccessAllowed, OIDC_SCOPES, resourceServerInfo } from './api-tokens.ts';

export const PATHS = {
  authorization: '/authorize',
  token: '/oauth/token',
  userinfo: '/userinfo',
  jwks: '/.well-known/jwks.json',
  revocation: '/oauth/revoke',
  // Disabled features keep Auth0's paths so nothing of oidc-provider's own shows through.
  end_session: '/oidc/logout',
  introspection: '/oauth/introspect',
  registration: '/oidc/register',
  pushed_authorization_request: '/oauth/par',
  device_authorization: '/oauth/device/code',
  code_verification: '/activate',
  backchannel_authentication: '/bc-authorize',
  challenge: '/oauth/challenge',
  credential: '/oauth/credential',
} as const;

/** Parameters of Auth0's /authorize beyond the OIDC ones, kept with the Universal Login transaction. */
const AUTH0_AUTHORIZE_PARAMETERS = ['connection', 'audience', 'organization', 'invitation', 'screen_hint', 'connection_scope'];

const ACCESS_TOKEN_LIFETIME_SECONDS = 86400;
const SESSION_LIFETIME_SECONDS = 3 * 24 * 3600;
const LONG_LIVED_SECONDS = 10 * 365 * 24 * 3600;

export interface ProviderDependencies {
  storage: ProviderStorage;
  okta: OktaStrategy;
}

export function createProvider(context: Auth0TenantCore, deps: ProviderDependencies): Provider {
  const { store } = context;
  const configuration: Configuration = {
    adapter: deps.storage.adapterFactory,
    jwks: { keys: [context.signingKey.privateJwk as never] },
    findAccount: findAccount(store),
    claims: CLAIMS_BY_SCOPE,
    scopes: OIDC_SCOPES,
    // Auth0 puts the profile and email claims in the ID token itself (docs/fidelity.md#authentication-api-id-token-and-userinfo).
    conformIdTokenClaims: false,
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
    extraParams: AUTH0_AUTHORIZE_PARAMETERS,
    routes: PATHS,
    features: {
      devInteractions: { enabled: false },
      // An application revokes only its own tokens.
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      // Both logout endpoints and back-channel delivery are Auth0-specific (logout.ts,
      // rp-initiated-logout.ts, backchannel-logout.ts); client credentials belong to the
      // Management API's token issuer (token-endpoint.ts).
      rpInitiatedLogout: { enabled: false },
      backchannelLogout: { enabled: false },
      clientCredentials: { enabled: false },
      introspection: { enabled: false },
      // Auth0's `audience` (passed on as `resource`, authorize.ts and token-endpoint.ts) names one of
      // the tenant's APIs; its access tokens are JWTs (api-tokens.ts).
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: () => true,
        getResourceServerInfo: resourceServerInfo(context),
      },
    },
    formats: { customizers: { jwt: auth0AccessTokenClaims(context) } },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    cookies: { names: { session: SESSION_COOKIE }, long: SESSION_COOKIE_OPTIONS },
    ttl: {
      AccessToken: ACCESS_TOKEN_LIFETIME_SECONDS,
      AuthorizationCode: 60,
      IdToken: (_ctx, _token, client) => idTokenLifetimeOf(findClient(store, client.clientId)),
      RefreshToken: (_ctx, _token, client) => refreshTokenLifetimeOf(findClient(store, client.clientId)),
      Interaction: 3600,
      Session: SESSION_LIFETIME_SECONDS,
      Grant: LONG_LIVED_SECONDS,
      ClientCredentials: ACCESS_TOKEN_LIFETIME_SECONDS,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
    },
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') &&
      code.scopes.has('offline_access') &&
      offlineAccessAllowed(context, (code as { resource?: string | string[] }).resource),
    rotateRefreshToken: ctx => rotatesRefreshTokens(findClient(store, ctx.oidc.client!.clientId)),
    // Auth0 access tokens are not bound to the session: logging out does not revoke them (docs/fidelity.md#authentication-api-tokens).
    expiresWithSession: () => false,
    loadExistingGrant: grantEverythingRequested,
    interactions: {
      policy: withoutForcedConsent(),
      url: (ctx, interaction) => loginDestination(context, deps.okta, ctx, interaction),
    },
    renderError: async (ctx, out) => {
      noteErrorPage(ctx);
      ctx.type = 'html';
      ctx.body = errorPage({ error: String(out.error), description: String(out.error_description ?? '') });
    },
    clientBasedCORS: clientOrigins(store),
    // oidc-provider's own fetch refuses loopback addresses (SSRF guard); the tenant talks to the
    // other local parties through the fetch that trusts the harness CA.
    fetch: withoutSsrfGuard(context.fetch),
  };
  return new Provider(context.issuer, configuration);
}

/**
 * Auth0 does not show a consent screen to first-party applications: every authorization request
 * gets a fresh grant of what it asked for (a fresh one, so each login's refresh tokens are their
 * own rotation family).
 */
async function grantEverythingRequested(ctx: KoaContextWithOIDC) {
  const { oidc } = ctx;
  if (!oidc.client || !oidc.session?.accountId) return undefined;
  const grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.session.accountId });
  grant.addOIDCScope(oidc.requestParamOIDCScopes);
  // An API's scopes as far as the application may have them (api-tokens.ts decided which).
  for (const [audience, resourceServer] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(audience, [...oidc.requestParamScopes].filter(s => resourceServer.scopes.has(s)).join(' '));
  }
  const claims = oidc.claims as { id_token?: object; userinfo?: object } | undefined;
  const requestedClaims = [...Object.keys(claims?.id_token ?? {}), ...Object.keys(claims?.userinfo ?? {})];
  if (requestedClaims.length) grant.addOIDCClaims(requestedClaims);
  await grant.save();
  return grant;
}

/**
 * The base policy without its "prompt=consent forces the consent screen" check: the /authorize
 * front step adds prompt=consent when offline_access is asked for, only so that oidc-provider keeps
 * that scope (it drops offline_access otherwise; Auth0 does not).
 */
function withoutForcedConsent() {
  const policy = interactionPolicy.base();
  policy.get('consent')!.checks.remove('consent_prompt');
  return policy;
}

/**
 * Where /authorize sends a browser that must log in: straight to the IdP for `connection=`
 * (docs/fidelity.md#universal-login-and-home-realm-discovery), otherwise to Universal Login's identifier page.
 */
async function loginDestination(
  context: Auth0TenantCore,
  okta: OktaStrategy,
  _ctx: KoaContextWithOIDC,
  interaction: { uid: string; params: Record<string, unknown> },
) {
  const { store } = context;
  const params = interaction.params;
  const clientId = String(params.client_id);
  const requested = params.connection;
  if (typeof requested === 'string' && requested) {
    const connection = store.connectionByName(requested);
    if (!connection) throw new errors.InvalidRequest('the connection was not found');
    if (!connection.enabled_clients.includes(clientId)) throw new errors.InvalidRequest('the connection is not enabled');
    if (!SUPPORTED_STRATEGIES.has(connection.strategy))
      throw new errors.InvalidRequest(`the emulator does not implement the "${connection.strategy}" strategy`);
    return (await okta.authorizationUrl({ interactionUid: interaction.uid, params, connection })).href;
  }
  if (store.connectionsEnabledFor(clientId).length === 0) throw new errors.InvalidRequest('no connections enabled for the client');
  return `/u/login/identifier?state=${encodeURIComponent(interaction.uid)}`;
}
