// The Auth0 side of a run, through the `auth0` SDK's ManagementClient: the demo relying party
// (a regular web application) and the demo's single-page app, the okta (Okta Workforce)
// connection, the link between them, the users that logins through the connection leave behind,
// inbound SCIM for the specs, and the tenant setting the preflight reads. One function per resource
// operation. (The run's API and the applications' access to it: auth0-api.ts.) Every Management API
// scope the calls of both files need is in AUTH0_SCOPES, the one list the preflight, docs/live-tenants.md and
// the error hints read.
import type { Management, ManagementClient } from 'auth0';
import { deletedOrAbsent, undefinedIfNotFound } from './not-found.ts';
import { sameSet } from './same-set.ts';

/**
 * What a scope is needed for: every run (provision, status, teardown, sweep, preflight), the SCIM
 * specs (HARNESS_LIVE_SCIM), or the flow inspector (optional: without it, the inspector shows what
 * the app and the browser saw, not Auth0's tenant logs).
 */
export type ScopeNeed = 'run' | 'scim' | 'inspector';

/**
 * Every Management API scope the harness uses, with the calls (here and in auth0-api.ts) that need it. The
 * machine-to-machine application needs the `run` scopes, plus the `scim` ones for the SCIM specs.
 * permissions.test.ts proves the list suffices and that each scope in it is needed.
 */
export const AUTH0_SCOPES = {
  'read:clients': {
    need: 'run',
    why: 'find the demo app and the single-page app by name (sweep, teardown scan, a pending entry) and list the connections enabled for them',
  },
  'create:clients': { need: 'run', why: 'create the demo app and the single-page app' },
  'update:clients': { need: 'run', why: 'bring their URLs back to spec on re-provision' },
  'delete:clients': { need: 'run', why: 'remove the demo app and the single-page app (teardown, sweep)' },
  'read:client_keys': { need: 'run', why: "read the demo app's secret back when run.env is gone (re-provision)" },
  'read:connections': { need: 'run', why: 'find and verify the connection, and which connections the demo app and the single-page app may use' },
  'create:connections': { need: 'run', why: "create the okta connection (and the specs' extra connections)" },
  'update:connections': {
    need: 'run',
    why: "repair its options and enable the demo app and the single-page app on the run's connection alone (PATCH /connections/{id}/clients)",
  },
  'delete:connections': { need: 'run', why: 'remove the connection (teardown, sweep)' },
  'read:users': { need: 'run', why: "find the users that logins through the run's connection created (teardown, sweep, specs)" },
  'delete:users': { need: 'run', why: 'delete those users (teardown, sweep, specs)' },
  'read:resource_servers': { need: 'run', why: "find and verify the run's API (re-provision, status, teardown scan, sweep)" },
  'create:resource_servers': { need: 'run', why: "create the run's API" },
  'delete:resource_servers': { need: 'run', why: "remove the run's API; the applications' grants for it go with it (teardown, sweep)" },
  'read:client_grants': { need: 'run', why: "verify the applications' access to the API on re-provision" },
  'create:client_grants': { need: 'run', why: 'grant the demo app and the single-page app access to the API for their users' },
  'read:prompts': { need: 'run', why: 'the preflight checks that Universal Login asks for the identifier first' },
  'create:scim_config': { need: 'scim', why: "turn on inbound SCIM for the SCIM specs' connections" },
  'create:scim_token': { need: 'scim', why: 'issue the SCIM token Okta pushes users with' },
  'delete:scim_config': { need: 'scim', why: 'turn inbound SCIM off again after those specs' },
  'read:logs': { need: 'inspector', why: "read the tenant's logs of a login for the flow inspector (npm run flow on live); optional" },
} as const satisfies Record<string, { need: ScopeNeed; why: string }>;

export type Auth0Scope = keyof typeof AUTH0_SCOPES;

/** The scopes a run needs; with `scim`, those of the SCIM specs too; with `inspector`, the flow inspector's. */
export function auth0ScopesFor(options: { scim?: boolean; inspector?: boolean } = {}): Auth0Scope[] {
  const need = (s: Auth0Scope): ScopeNeed => AUTH0_SCOPES[s].need;
  return (Object.keys(AUTH0_SCOPES) as Auth0Scope[]).filter(
    s => need(s) === 'run' || (options.scim && need(s) === 'scim') || (options.inspector && need(s) === 'inspector'),
  );
}

export interface Auth0ClientSpec {
  name: string;
  description: string;
  /** The demo app's root URL, no trailing slash. */
  baseUrl: string;
  /** The demo app's back-channel logout endpoint, when Auth0 can reach it. */
  backchannelLogoutUrl?: string;
}

export interface Auth0ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Auth0 accepts initiate_login_uri only over https, and (on real tenants) not for localhost. */
export function initiateLoginUri(baseUrl: string): string | undefined {
  const url = new URL(baseUrl);
  return url.protocol === 'https:' && !isLocalHost(url.hostname) ? `${baseUrl}/login` : undefined;
}

function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
}

function auth0ClientBody(spec: Auth0ClientSpec): Management.CreateClientRequestContent {
  const loginUri = initiateLoginUri(spec.baseUrl);
  return {
    name: spec.name,
    description: spec.description,
    app_type: 'regular_web',
    callbacks: [`${spec.baseUrl}/callback`],
    allowed_logout_urls: [spec.baseUrl, `${spec.baseUrl}/`],
    ...(loginUri ? { initiate_login_uri: loginUri } : {}),
    ...(spec.backchannelLogoutUrl
      ? {
          oidc_logout: {
            backchannel_logout_urls: [spec.backchannelLogoutUrl],
            // Every initiator, so that Okta Universal Logout (global token revocation) reaches the app too.
            backchannel_logout_initiators: { mode: 'all' },
          },
        }
      : {}),
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic',
    oidc_conformant: true,
  };
}

export async function createAuth0Client(mgmt: ManagementClient, spec: Auth0ClientSpec): Promise<Auth0ClientCredentials> {
  const created = await mgmt.clients.create(auth0ClientBody(spec));
  return { clientId: created.client_id!, clientSecret: created.client_secret! };
}

export async function getAuth0Client(mgmt: ManagementClient, clientId: string): Promise<Management.GetClientResponseContent | undefined> {
  return undefinedIfNotFound(() => mgmt.clients.get(clientId));
}

/** Brings the URLs back to the spec (PATCH merges top-level fields on clients). */
export async function reconcileAuth0Client(mgmt: ManagementClient, current: Management.GetClientResponseContent, spec: Auth0ClientSpec): Promise<boolean> {
  const want = auth0ClientBody(spec);
  const patch: Management.UpdateClientRequestContent = {};
  if (!sameSet(current.callbacks, want.callbacks)) patch.callbacks = want.callbacks;
  if (!sameSet(current.allowed_logout_urls, want.allowed_logout_urls)) patch.allowed_logout_urls = want.allowed_logout_urls;
  if ((current.initiate_login_uri || undefined) !== want.initiate_login_uri) patch.initiate_login_uri = want.initiate_login_uri ?? '';
  if (!sameSet(current.oidc_logout?.backchannel_logout_urls, want.oidc_logout?.backchannel_logout_urls)) {
    patch.oidc_logout = { ...current.oidc_logout, backchannel_logout_urls: want.oidc_logout?.backchannel_logout_urls ?? [] };
  }
  if (!Object.keys(patch).length) return false;
  await mgmt.clients.update(current.client_id!, patch);
  return true;
}

/** Clients whose name is exactly `name` (names are not unique in Auth0; the API has no name filter). */
export async function findAuth0ClientsByName(mgmt: ManagementClient, name: string): Promise<Management.Client[]> {
  return (await listAuth0Clients(mgmt)).filter(c => c.name === name);
}

export async function listAuth0ClientsWithPrefix(mgmt: ManagementClient, prefix: string): Promise<Management.Client[]> {
  return (await listAuth0Clients(mgmt)).filter(c => c.name?.startsWith(prefix));
}

async function listAuth0Clients(mgmt: ManagementClient): Promise<Management.Client[]> {
  const all: Management.Client[] = [];
  for await (const c of await mgmt.clients.list({ fields: 'client_id,name', include_fields: true, per_page: 100 })) all.push(c);
  return all;
}

export async function deleteAuth0Client(mgmt: ManagementClient, clientId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => mgmt.clients.delete(clientId));
}

// ── the single-page app ──────────────────────────────────────────────────────────────────────

export interface Auth0SpaSpec {
  name: string;
  description: string;
  /** The demo app's root URL, no trailing slash: the single-page app is served at {baseUrl}/spa. */
  baseUrl: string;
}

/** Where the single-page app lives and Auth0 returns to it (its callback and logout return). */
export const spaUrl = (baseUrl: string) => `${baseUrl}/spa`;

/**
 * A public client (no secret; PKCE) as Auth0 recommends for single-page apps: its origin as web
 * origin (token calls from the page, silent authentication), rotating refresh tokens that expire.
 */
function auth0SpaBody(spec: Auth0SpaSpec): Management.CreateClientRequestContent {
  return {
    name: spec.name,
    description: spec.description,
    app_type: 'spa',
    callbacks: [spaUrl(spec.baseUrl)],
    allowed_logout_urls: [spaUrl(spec.baseUrl)],
    web_origins: [spec.baseUrl],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    oidc_conformant: true,
    refresh_token: {
      rotation_type: 'rotating',
      expiration_type: 'expiring',
      leeway: 0,
      token_lifetime: 2592000,
      idle_token_lifetime: 1296000,
      infinite_token_lifetime: false,
      infinite_idle_token_lifetime: false,
    },
  };
}

export async function createAuth0SpaClient(mgmt: ManagementClient, spec: Auth0SpaSpec): Promise<string> {
  const created = await mgmt.clients.create(auth0SpaBody(spec));
  return created.client_id!;
}

/** Brings the URLs back to the spec (the demo app may listen elsewhere than last time). */
export async function reconcileAuth0SpaClient(mgmt: ManagementClient, current: Management.GetClientResponseContent, spec: Auth0SpaSpec): Promise<boolean> {
  const want = auth0SpaBody(spec);
  const patch: Management.UpdateClientRequestContent = {};
  if (!sameSet(current.callbacks, want.callbacks)) patch.callbacks = want.callbacks;
  if (!sameSet(current.allowed_logout_urls, want.allowed_logout_urls)) patch.allowed_logout_urls = want.allowed_logout_urls;
  if (!sameSet(current.web_origins, want.web_origins)) patch.web_origins = want.web_origins;
  if (!Object.keys(patch).length) return false;
  await mgmt.clients.update(current.client_id!, patch);
  return true;
}

// ── the okta connection ───────────────────────────────────────────────────────────────────────

export interface Auth0ConnectionSpec {
  name: string;
  displayName: string;
  /** host[:port] of OKTA_ORG_URL. */
  oktaDomain: string;
  oktaClientId: string;
  oktaClientSecret: string;
  /** Home realm discovery: test users' email domain. */
  emailDomain: string;
  iconUrl?: string;
  /** Default on_each_login: the profile follows Okta at every login. */
  setUserRootAttributes?: 'on_each_login' | 'on_first_login' | 'never_on_login';
}

/** The options the harness owns; anything else on the connection (set by Auth0 or people) is kept. */
export function auth0ConnectionOptions(spec: Auth0ConnectionSpec): Record<string, unknown> {
  return {
    domain: spec.oktaDomain,
    client_id: spec.oktaClientId,
    client_secret: spec.oktaClientSecret,
    domain_aliases: [spec.emailDomain],
    set_user_root_attributes: spec.setUserRootAttributes ?? 'on_each_login',
    ...(spec.iconUrl ? { icon_url: spec.iconUrl } : {}),
    scope: 'openid profile email',
    // Okta pre-fills the username with the email typed at Auth0 (docs/fidelity.md#the-okta-connection-broker).
    upstream_params: { login_hint: { alias: 'login_hint' } },
  };
}

export async function createAuth0Connection(mgmt: ManagementClient, spec: Auth0ConnectionSpec): Promise<string> {
  const created = await mgmt.connections.create({
    name: spec.name,
    strategy: 'okta',
    display_name: spec.displayName,
    show_as_button: true,
    options: auth0ConnectionOptions(spec),
  } as Management.CreateConnectionRequestContent);
  return created.id!;
}

export async function getAuth0Connection(mgmt: ManagementClient, id: string): Promise<Management.GetConnectionResponseContent | undefined> {
  return undefinedIfNotFound(() => mgmt.connections.get(id));
}

export async function findAuth0ConnectionsByName(mgmt: ManagementClient, name: string): Promise<Management.ConnectionForList[]> {
  const found: Management.ConnectionForList[] = [];
  for await (const c of await mgmt.connections.list({ name })) if (c.name === name) found.push(c);
  return found;
}

export async function listAuth0ConnectionsWithPrefix(mgmt: ManagementClient, prefix: string): Promise<Management.ConnectionForList[]> {
  const found: Management.ConnectionForList[] = [];
  for await (const c of await mgmt.connections.list({ fields: 'id,name,strategy', include_fields: true })) if (c.name?.startsWith(prefix)) found.push(c);
  return found;
}

/**
 * Read-merge-write: PATCH replaces the whole `options` object, so the complete current options are
 * read, the harness's keys merged in, and the result sent back. Nothing set elsewhere is lost.
 */
export async function reconcileAuth0Connection(
  mgmt: ManagementClient,
  current: Management.GetConnectionResponseContent,
  spec: Auth0ConnectionSpec,
): Promise<boolean> {
  const want = auth0ConnectionOptions(spec);
  const options = (current.options ?? {}) as Record<string, unknown>;
  const drifted = Object.entries(want).filter(([k, v]) => JSON.stringify(options[k]) !== JSON.stringify(v));
  const topLevelDrift = current.display_name !== spec.displayName || current.show_as_button !== true;
  if (!drifted.length && !topLevelDrift) return false;
  await mgmt.connections.update(current.id!, {
    display_name: spec.displayName,
    show_as_button: true,
    options: { ...options, ...want } as Management.UpdateConnectionOptions,
  });
  return true;
}

/** PATCH /connections/{id}/clients (the documented way; `enabled_clients` is deprecated). */
export async function enableConnectionForClient(mgmt: ManagementClient, connectionId: string, clientId: string): Promise<void> {
  await enableConnectionForClients(mgmt, connectionId, [clientId]);
}

/** One PATCH /connections/{id}/clients for several applications. */
export async function enableConnectionForClients(mgmt: ManagementClient, connectionId: string, clientIds: string[]): Promise<void> {
  await mgmt.connections.clients.update(
    connectionId,
    clientIds.map(client_id => ({ client_id, status: true })),
  );
}

export async function connectionEnabledClientIds(mgmt: ManagementClient, connectionId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const c of await mgmt.connections.clients.get(connectionId)) if (c.client_id) ids.push(c.client_id);
  return ids;
}

/** Auth0 answers 202 the first time and 204 (or 404) afterwards: all mean done. */
export async function deleteAuth0Connection(mgmt: ManagementClient, id: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => mgmt.connections.delete(id));
}

// ── users that logins through the connection created ─────────────────────────────────────────

export async function listConnectionUsers(mgmt: ManagementClient, connectionName: string): Promise<Management.UserResponseSchema[]> {
  const users: Management.UserResponseSchema[] = [];
  const q = `identities.connection:"${connectionName}"`;
  for await (const u of await mgmt.users.list({ q, search_engine: 'v3', fields: 'user_id,email,identities', include_fields: true, per_page: 100 })) {
    // Search is a query language: keep only exact matches of this connection.
    if (u.identities?.some(i => i.connection === connectionName)) users.push(u);
  }
  return users;
}

export async function deleteAuth0User(mgmt: ManagementClient, userId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => mgmt.users.delete(userId));
}

/** The connections the demo app may use besides `keep` (a new app is enabled on every connection that is on for new apps). */
export async function otherConnectionsOfClient(mgmt: ManagementClient, clientId: string, keep: string): Promise<Management.ConnectionForList[]> {
  const found: Management.ConnectionForList[] = [];
  for await (const c of await mgmt.clients.connections.get(clientId, { fields: 'id,name,strategy', include_fields: true }))
    if (c.id && c.id !== keep) found.push(c);
  return found;
}

export async function disableConnectionForClient(mgmt: ManagementClient, connectionId: string, clientId: string): Promise<void> {
  await mgmt.connections.clients.update(connectionId, [{ client_id: clientId, status: false }]);
}

// ── tenant settings the preflight reads ───────────────────────────────────────────────────────

/** GET /api/v2/prompts: the Universal Login experience and whether it asks for the identifier first. */
export async function getPromptSettings(mgmt: ManagementClient): Promise<Management.GetSettingsResponseContent> {
  return mgmt.prompts.getSettings();
}

// ── inbound SCIM (the SCIM specs) ─────────────────────────────────────────────────────────────

export async function createScimConfiguration(mgmt: ManagementClient, connectionId: string): Promise<void> {
  await mgmt.connections.scimConfiguration.create(connectionId, {});
}

/** A SCIM token with `scopes` (get:users, post:users, …); returned once, never readable again. */
export async function createScimToken(mgmt: ManagementClient, connectionId: string, scopes: string[]): Promise<string> {
  const { token } = await mgmt.connections.scimConfiguration.tokens.create(connectionId, { scopes });
  return token!;
}

export async function deleteScimConfiguration(mgmt: ManagementClient, connectionId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => mgmt.connections.scimConfiguration.delete(connectionId));
}
