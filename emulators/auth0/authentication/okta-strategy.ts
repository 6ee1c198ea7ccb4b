// The `okta` strategy: Auth0 as an OIDC relying party of the Okta org authorization server
// (docs/fidelity.md#okta-connection-discovery-and-upstream-calls), with openid-client as the upstream client. Server-to-server calls (discovery, token,
// JWKS, userinfo) go over HTTPS through context.fetch, exactly as Auth0 reaches a real Okta org.
//
// Upstream authorize: response_type=code, the connection's client_id and scope, redirect_uri
// https://{auth0 domain}/login/callback, Auth0's own state, PKCE S256 when discovery advertises it
// (connection_settings.pkce), no nonce unless send_back_channel_nonce, plus upstream_params.
import * as client from 'openid-client';
import { createRemoteJWKSet, customFetch, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { isObject } from '../json-object.ts';
import type { WireConnection } from '../store.ts';

export const SUPPORTED_STRATEGIES = new Set(['okta']);

/** Where the IdP returns to Auth0 (served by login-callback.ts). */
export const LOGIN_CALLBACK_PATH = '/login/callback';

/** /authorize parameters an upstream_params alias may copy (docs/fidelity.md#okta-connection-upstream-parameters). */
export const ALLOWED_UPSTREAM_ALIASES = new Set([
  'acr_values',
  'audience',
  'client_id',
  'display',
  'id_token_hint',
  'login_hint',
  'max_age',
  'prompt',
  'resource',
  'response_mode',
  'response_type',
  'ui_locales',
]);

/** Parameters Auth0 itself sets on the upstream request; upstream_params cannot replace them. */
const PROTOCOL_PARAMETERS = new Set(['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method']);

const TRANSACTION_TTL_MS = 60 * 60 * 1000;

/** Leeway for the IdP's clock in time claims (openid-client's default; Auth0 publishes none). */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface UpstreamTransaction {
  /** The state Auth0 sent upstream. */
  state: string;
  /** The oidc-provider interaction (Universal Login transaction) this login completes. */
  interactionUid: string;
  clientId: string;
  connectionId: string;
  connectionName: string;
  codeVerifier?: string;
  nonce?: string;
  expiresAt: number;
}

export interface UpstreamIdentity {
  sub: string;
  /** ID token claims overlaid with userinfo claims. */
  claims: Record<string, unknown>;
  /** Kept with the Auth0 session as id_token_hint for a federated logout. */
  idToken: string;
}

/** An upstream failure, in the shape Auth0 hands on to the application. */
export class UpstreamError extends Error {
  constructor(
    readonly error: string,
    readonly errorDescription: string,
  ) {
    super(`${error}: ${errorDescription}`);
  }
}

export interface AuthorizationRequest {
  interactionUid: string;
  /** The application's /authorize parameters (for upstream_params aliases). */
  params: Record<string, unknown>;
  connection: WireConnection;
  /** The email typed on the identifier page, if any. */
  identifier?: string;
}

export class OktaStrategy {
  #transactions = new Map<string, UpstreamTransaction>();
  /**
   * The openid-client Configuration of each connection, keyed by its `options` object: openid-client
   * keeps the JWKS cache on the Configuration, so reusing it spares a JWKS fetch per login. A PATCH
   * of the connection replaces `options`, which drops the entry. Only successful builds are kept.
   */
  #configurations = new WeakMap<object, client.Configuration>();
  /**
   * The IdP's signing keys per configuration. A token signed with a key not in the set makes it
   * fetch the IdP's jwks_uri again at once (jose's remote key set, no cool-down): after the IdP
   * rotates its key, the next login still succeeds (docs/fidelity.md#okta-connection-discovery-and-upstream-calls).
   */
  #keySets = new WeakMap<client.Configuration, JWTVerifyGetKey>();

  constructor(private readonly context: Auth0TenantCore) {}

  /** https://{domain}/login/callback — what the Okta app must list as a sign-in redirect URI. */
  get callbackUrl(): string {
    return `${this.context.origin}${LOGIN_CALLBACK_PATH}`;
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    const { connection, params } = request;
    const options = connection.options;
    const config = await this.#configuration(connection);
    const metadata = config.serverMetadata();

    const state = client.randomState();
    const pkceMethod = pkceMethodFor(options, metadata.code_challenge_methods_supported);
    const codeVerifier = pkceMethod ? client.randomPKCECodeVerifier() : undefined;
    const nonce = options.send_back_channel_nonce === true ? client.randomNonce() : undefined;

    const upstream: Record<string, string> = {
      response_type: 'code',
      redirect_uri: this.callbackUrl,
      scope: typeof options.scope === 'string' && options.scope ? options.scope : 'openid profile email',
      state,
    };
    if (codeVerifier) {
      upstream.code_challenge = pkceMethod === 'S256' ? await client.calculatePKCECodeChallenge(codeVerifier) : codeVerifier;
      upstream.code_challenge_method = pkceMethod!;
    }
    if (nonce) upstream.nonce = nonce;
    const applied = applyUpstreamParams(upstream, options.upstream_params, params);
    let identifierForwarded = false;
    if (this.context.behaviour.forwardIdentifierAsLoginHint && request.identifier && upstream.login_hint === undefined) {
      upstream.login_hint = request.identifier;
      identifierForwarded = true;
    }

    this.#prune();
    this.#transactions.set(state, {
      state,
      interactionUid: request.interactionUid,
      clientId: String(params.client_id ?? ''),
      connectionId: connection.id,
      connectionName: connection.name,
      codeVerifier,
      nonce,
      expiresAt: Date.now() + TRANSACTION_TTL_MS,
    });

    const url = client.buildAuthorizationUrl(config, upstream);
    this.context.events.record('auth0.upstream_authorize', {
      connection: connection.name,
      strategy: connection.strategy,
      authorization_endpoint: metadata.authorization_endpoint,
      upstream_client_id: config.clientMetadata().client_id,
      state,
      code_challenge_method: pkceMethod ?? null,
      nonce_sent: !!nonce,
      upstream_params: applied,
      login_hint_forwarded: upstream.login_hint !== undefined,
      identifier_forwarded: identifierForwarded,
    });
    return url;
  }

  /** The pending upstream transaction for a state, removed (a state is good for one callback). */
  take(state: string): UpstreamTransaction | undefined {
    const transaction = this.#transactions.get(state);
    this.#transactions.delete(state);
    if (!transaction || transaction.expiresAt < Date.now()) return undefined;
    return transaction;
  }

  /**
   * Code exchange (client_secret_post + code_verifier), ID token validation (issuer, audience,
   * signature against the connection's jwks_uri) and userinfo.
   */
  async complete(transaction: UpstreamTransaction, connection: WireConnection, callbackParams: URLSearchParams): Promise<UpstreamIdentity> {
    const config = await this.#configuration(connection);
    const currentUrl = new URL(this.callbackUrl);
    currentUrl.search = callbackParams.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: transaction.codeVerifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw upstreamErrorFrom(err, 'Unable to exchange the authorization code with the identity provider');
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new UpstreamError('access_denied', 'The identity provider returned no ID token');
    try {
      await jwtVerify(tokens.id_token, this.#keySet(config), { clockTolerance: CLOCK_TOLERANCE_SECONDS });
    } catch (err) {
      throw upstreamErrorFrom(err, "The identity provider's ID token has no valid signature");
    }
    let userinfo: Record<string, unknown> = {};
    if (config.serverMetadata().userinfo_endpoint) {
      try {
        userinfo = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)) };
      } catch (err) {
        throw upstreamErrorFrom(err, 'Unable to read the user profile from the identity provider');
      }
    }
    return { sub: claims.sub, claims: { ...claims, ...userinfo }, idToken: tokens.id_token };
  }

  /** The IdP's RP-initiated logout URL for a federated logout, if it has one. */
  async endSessionUrl(connection: WireConnection, idToken: string, postLogoutRedirectUri?: string, state?: string): Promise<URL | undefined> {
    const config = await this.#configuration(connection);
    if (!config.serverMetadata().end_session_endpoint) return undefined;
    const params: Record<string, string> = { id_token_hint: idToken };
    if (postLogoutRedirectUri) params.post_logout_redirect_uri = postLogoutRedirectUri;
    if (state) params.state = state;
    return client.buildEndSessionUrl(config, params);
  }

  reset(): void {
    this.#transactions.clear();
    this.#configurations = new WeakMap();
  }

  async #configuration(connection: WireConnection): Promise<client.Configuration> {
    const options = connection.options;
    const cached = this.#configurations.get(options);
    if (cached) return cached;
    const clientId = String(options.client_id ?? '');
    const secret = typeof options.client_secret === 'string' ? options.client_secret : '';
    const metadata = await this.#serverMetadata(connection, clientId);
    const config = new client.Configuration(metadata, clientId, { client_secret: secret }, client.ClientSecretPost(secret));
    config[client.customFetch] = this.context.fetch as client.CustomFetch;
    // How long the broker waits for the IdP (token, userinfo, discovery): Auth0 does not publish its own.
    config.timeout = this.context.behaviour.upstreamTimeoutMs / 1000;
    this.#configurations.set(options, config);
    return config;
  }

  #keySet(config: client.Configuration): JWTVerifyGetKey {
    let keySet = this.#keySets.get(config);
    const uri = config.serverMetadata().jwks_uri;
    if (!uri) throw new UpstreamError('access_denied', 'The identity provider publishes no jwks_uri');
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(uri), {
        cooldownDuration: 0,
        timeoutDuration: this.context.behaviour.upstreamTimeoutMs,
        [customFetch]: this.context.fetch,
      });
      this.#keySets.set(config, keySet);
    }
    return keySet;
  }

  /**
   * The discovery document stored on the connection at create time (options.oidc_metadata, docs/fidelity.md#auth0-connections),
   * with explicit endpoint options on top; discovered from https://{domain} when nothing is stored.
   */
  async #serverMetadata(connection: WireConnection, clientId: string): Promise<client.ServerMetadata> {
    const options = connection.options;
    const stored = isObject(options.oidc_metadata) ? (options.oidc_metadata as unknown as client.ServerMetadata) : undefined;
    const explicit: Record<string, string> = {};
    for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
      if (typeof options[key] === 'string' && options[key]) explicit[key] = options[key] as string;
    }
    if (stored?.issuer || explicit.issuer) return { ...stored, ...explicit } as client.ServerMetadata;
    if (typeof options.domain !== 'string' || !options.domain)
      throw new UpstreamError('server_error', `The connection "${connection.name}" has neither OIDC metadata nor a domain`);
    try {
      const discovered = await client.discovery(new URL(`https://${options.domain}`), clientId, undefined, undefined, {
        [client.customFetch]: this.context.fetch as client.CustomFetch,
      });
      return { ...discovered.serverMetadata(), ...explicit };
    } catch (err) {
      throw upstreamErrorFrom(err, `Unable to discover the identity provider at https://${options.domain}`);
    }
  }

  #prune(): void {
    const now = Date.now();
    for (const [state, t] of this.#transactions) if (t.expiresAt < now) this.#transactions.delete(state);
  }
}

function pkceMethodFor(options: Record<string, unknown>, advertised: string[] | undefined): 'S256' | 'plain' | undefined {
  const settings = isObject(options.connection_settings) ? options.connection_settings : {};
  const mode = String(settings.pkce ?? 'auto').toLowerCase();
  if (mode === 'disabled') return undefined;
  if (mode === 's256') return 'S256';
  if (mode === 'plain') return 'plain';
  if (advertised?.includes('S256')) return 'S256';
  if (advertised?.includes('plain')) return 'plain';
  return undefined;
}

/** Applies options.upstream_params; returns the names it set. */
function applyUpstreamParams(upstream: Record<string, string>, spec: unknown, params: Record<string, unknown>): string[] {
  if (!isObject(spec)) return [];
  const applied: string[] = [];
  for (const [name, rule] of Object.entries(spec)) {
    if (PROTOCOL_PARAMETERS.has(name) || !isObject(rule)) continue;
    let value: unknown;
    if (typeof rule.value === 'string') value = rule.value;
    else if (typeof rule.alias === 'string' && ALLOWED_UPSTREAM_ALIASES.has(rule.alias)) value = params[rule.alias];
    if (typeof value === 'string' && value !== '') {
      upstream[name] = value;
      applied.push(name);
    }
  }
  return applied;
}

function upstreamErrorFrom(err: unknown, context: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) {
    return new UpstreamError('access_denied', err.error_description ?? err.error);
  }
  // openid-client's errors say what kind of check failed; the cause says which (an HTTP status, a claim).
  const cause = (err as { cause?: unknown }).cause;
  const status = (cause as { status?: unknown } | undefined)?.status;
  if (err instanceof client.ClientError && typeof status === 'number')
    return new UpstreamError('access_denied', `${context}: the identity provider answered HTTP ${status}`);
  const message = err instanceof Error ? err.message : String(err);
  const detail = err instanceof client.ClientError && cause instanceof Error && cause.message !== message ? ` (${cause.message})` : '';
  return new UpstreamError('access_denied', `${context}: ${message}${detail}`);
}
