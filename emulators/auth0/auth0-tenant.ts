// The Auth0 tenant emulator: Management API (/api/v2), Authentication API (/authorize,
// /oauth/token, …), Universal Login (/u/*), the okta strategy broker (/login/callback), and the
// control plane (/_emulator), on one HTTPS origin. With a custom domain, a second origin (a host of
// its own) serves the tenant's logins as Auth0 does there: the Authentication API, Universal Login
// and the broker, with that domain as issuer; the Management API stays on the canonical domain
// (docs/fidelity.md#custom-domain).
import { ManagementRateLimit } from './management/rate-limit.ts';
import express from 'express';
import type { TlsMaterial } from '../tls/local-ca.ts';
import { EventLog } from '../shared/event-log.ts';
import { recordHops, recordingFetch } from '../shared/hop-recorder.ts';
import { controlPlane, newControlPlaneToken } from '../shared/control-plane.ts';
import { Faults, userOption } from '../shared/faults.ts';
import { IdTokenFaults } from '../shared/id-token-faults.ts';
import { finalErrorHandler } from '../shared/request-errors.ts';
import { boundedQueryParser } from '../shared/request-parsers.ts';
import { auth0TenantProblem } from './request-problems.ts';
import { registerSecret } from '../../lib/redaction.ts';
import { listenHttps } from '../shared/https-server.ts';
import { fetchTrusting, type Fetch } from '../shared/outbound-fetch.ts';
import { signingKeyFor, type SigningKey } from '../shared/signing-keys.ts';
import { Auth0Store, clientId, clientSecret, connectionId } from './store.ts';
import { managementApi } from './management/index.ts';
import { createAuthenticationApi } from './authentication/index.ts';
import { MANAGEMENT_SCOPES } from './management/scopes.ts';
import { defaultDatabaseOptions } from './management/connection-options.ts';
import { globalTokenRevocation } from './universal-logout/global-token-revocation.ts';
import { scimServer } from './scim/index.ts';
import { seedManagementApi } from './management/resource-servers.ts';

/** Files that are no protocol hop. */
const STATIC_PATHS = [/^\/favicon/, /^\/static\//];

/** Behaviour switches for questions the reference leaves open (see README, "Auth0 tenant emulator"). */
export interface Auth0Behaviour {
  /** Forward the email typed on the identifier page to the IdP as login_hint even without an upstream_params alias. */
  forwardIdentifierAsLoginHint: boolean;
  /** HRD also matches subdomains of a domain alias. */
  hrdMatchSubdomains: boolean;
  /** Status of a successful global token revocation. */
  globalTokenRevocationSuccessStatus: 200 | 204;
  /** Unknown GTR subject: 404 instead of a silent 2xx. */
  globalTokenRevocationUnknownUser404: boolean;
  /** Enforce Auth0's back-channel URL rules (https, no loopback/private IPs). Off: local listeners allowed. */
  strictBackchannelUrls: boolean;
  /** Management API requests allowed per second before 429. */
  managementRateLimitPerSecond: number;
  /** Refuse an https `initiate_login_uri` on localhost too (reported once for a real tenant; unverified). */
  rejectLocalhostInitiateLoginUri: boolean;
  /** How long the broker waits for the IdP's token, keys and userinfo endpoints before giving up. */
  upstreamTimeoutMs: number;
}

export const DEFAULT_AUTH0_BEHAVIOUR: Auth0Behaviour = {
  forwardIdentifierAsLoginHint: false,
  hrdMatchSubdomains: false,
  globalTokenRevocationSuccessStatus: 204,
  globalTokenRevocationUnknownUser404: false,
  strictBackchannelUrls: false,
  managementRateLimitPerSecond: 50,
  rejectLocalhostInitiateLoginUri: false,
  upstreamTimeoutMs: 5_000,
};

export interface Auth0TenantOptions {
  host: string;
  port: number;
  /** The host clients use, when not the one bound (a published container port): the origin and issuer. */
  publicHost?: string;
  tls: TlsMaterial;
  /** Seeded machine-to-machine client for the Management API; generated when absent. */
  managementClient?: { clientId: string; clientSecret: string };
  /** Where the tenant's custom domain listens (a host of its own); none when absent. */
  customDomain?: { host: string; port: number; publicHost?: string };
  /** The run's control-plane token (every /_emulator route but GET /health); generated when absent. */
  controlPlaneToken?: string;
  behaviour?: Partial<Auth0Behaviour>;
}

/** Session and token operations of the Authentication API that other parts need. */
export interface Auth0SessionService {
  /** Ends every Auth0 session of the user; sends back-channel logout to the clients of those sessions. */
  endSessionsOfUser(userId: string, initiator: string): Promise<number>;
  /** Revokes every refresh token of the user (not access tokens). */
  revokeRefreshTokensOfUser(userId: string): Promise<number>;
  /** Ends one session of the user, by its id (`sid`), with back-channel logout; false when the user has no such session. */
  endSessionOfUser(userId: string, sid: string, initiator: string): Promise<boolean>;
  /** Revokes the refresh tokens issued within one session of the user. */
  revokeRefreshTokensOfSession(userId: string, sid: string): Promise<number>;
}

export interface Auth0TenantContext {
  store: Auth0Store;
  events: EventLog;
  /** https://host:port, no trailing slash. */
  origin: string;
  /** host:port, what AUTH0_DOMAIN holds. */
  domain: string;
  /** https://host:port/ — with the trailing slash, as Auth0 issues tokens. */
  issuer: string;
  /** https://host:port/api/v2/ */
  managementAudience: string;
  signingKey: SigningKey;
  /** fetch that trusts the local CA, for calls to the Okta org and to relying parties. */
  fetch: Fetch;
  behaviour: Auth0Behaviour;
  managementClient: { clientId: string; clientSecret: string };
  sessions: Auth0SessionService;
  /** Injected failures for the vendor surfaces (control plane). */
  faults: Faults;
  /** Faults in the ID tokens the tenant issues to applications (wrong claim, clock skew). */
  idTokenFaults: IdTokenFaults;
  /** The tenant-wide Management API budget. */
  managementRateLimit: ManagementRateLimit;
  /** Bearer token the control plane (/_emulator/*, but GET /health) requires. */
  controlPlaneToken: string;
}

export interface Auth0Tenant extends Auth0TenantContext {
  /** The custom domain (host:port, what AUTH0_CUSTOM_DOMAIN holds) and its origin, when there is one. */
  custom?: { domain: string; origin: string; issuer: string };
  reset(): Promise<void>;
  /** A full Management API budget now, keeping all data: tests sharing a tenant never inherit each other's spent budget. */
  refillRateLimits(): void;
  close(): Promise<void>;
}

export async function startAuth0Tenant(options: Auth0TenantOptions): Promise<Auth0Tenant> {
  const startedAt = Date.now();
  let handler: express.Express | undefined;
  // Before listening: on a first run the key is generated, and the port must not be open without a handler meanwhile.
  const signingKey = await signingKeyFor('auth0');
  const server = await listenHttps((req, res) => handler!(req, res), options.tls, options.host, options.port, 'Auth0 tenant emulator', options.publicHost);
  const domain = new URL(server.origin).host;

  const events = new EventLog('auth0');
  const context: Auth0TenantContext = {
    store: new Auth0Store(),
    events,
    origin: server.origin,
    domain,
    issuer: `${server.origin}/`,
    managementAudience: `${server.origin}/api/v2/`,
    signingKey,
    fetch: recordingFetch(fetchTrusting(options.tls.caCertPem), events),
    behaviour: { ...DEFAULT_AUTH0_BEHAVIOUR, ...options.behaviour },
    managementClient: options.managementClient ?? { clientId: clientId(), clientSecret: clientSecret() },
    sessions: undefined as unknown as Auth0SessionService, // set by the Authentication API below
    faults: new Faults(events),
    idTokenFaults: undefined as unknown as IdTokenFaults, // set below, with the faults it reads
    managementRateLimit: new ManagementRateLimit(() => context.behaviour.managementRateLimitPerSecond),
    controlPlaneToken: options.controlPlaneToken ?? newControlPlaneToken(),
  };
  context.idTokenFaults = new IdTokenFaults({ faults: context.faults, signingKey });
  context.faults.offer({ ...context.idTokenFaults.kinds(), backchannel_logout: { standing: true, check: userOption } });
  registerSecret(context.controlPlaneToken);
  seedManagementClient(context);
  seedDatabaseConnection(context);
  seedManagementApi(context);

  const authentication = createAuthenticationApi(context);
  // The custom domain: the same tenant (store, keys, events), its own issuer and login pages.
  const customServer = options.customDomain
    ? await listenHttps((req, res) => customHandler!(req, res), options.tls, options.customDomain.host, options.customDomain.port, 'Auth0 tenant emulator (custom domain)', options.customDomain.publicHost).catch(async error => {
        await server.close();
        throw error;
      })
    : undefined;
  let customHandler: express.Express | undefined;
  const customAuthentication = customServer
    ? createAuthenticationApi({ ...context, origin: customServer.origin, issuer: `${customServer.origin}/`, domain: new URL(customServer.origin).host })
    : undefined;
  context.sessions = customAuthentication ? bothDomains(authentication.sessions, customAuthentication.sessions) : authentication.sessions;
  const universalLogout = globalTokenRevocation(context);
  const reset = async () => {
    context.faults.clear();
    context.store.reset([context.managementClient.clientId]);
    seedDatabaseConnection(context);
    seedManagementApi(context);
    context.managementRateLimit.reset();
    await authentication.reset();
    await customAuthentication?.reset();
    universalLogout.reset();
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', boundedQueryParser);
  app.use(recordHops(events, server.origin, { skip: STATIC_PATHS }));
  app.use(
    '/_emulator',
    controlPlane({ name: 'auth0', events: context.events, faults: context.faults, startedAt, reset, origin: context.origin, token: context.controlPlaneToken, caCertPem: options.tls.caCertPem }),
  );
  app.use('/api/v2', managementApi(context));
  app.use(universalLogout.routes);
  app.use(scimServer(context));
  app.use(authentication.routes);
  app.use(authentication.provider.callback());
  // Whatever escapes a surface's own handler: never Express's default page.
  app.use(finalErrorHandler({ events: context.events, surface: 'auth0', render: auth0TenantProblem }));
  handler = app;

  if (customAuthentication) {
    const custom = express();
    custom.disable('x-powered-by');
    custom.disable('etag');
    custom.set('query parser', boundedQueryParser);
    custom.use(recordHops(events, customServer!.origin, { skip: STATIC_PATHS }));
    custom.use(customAuthentication.routes);
    custom.use(customAuthentication.provider.callback());
    custom.use(finalErrorHandler({ events: context.events, surface: 'auth0.custom_domain', render: auth0TenantProblem }));
    customHandler = custom;
  }

  return {
    ...context,
    custom: customServer && { domain: new URL(customServer.origin).host, origin: customServer.origin, issuer: `${customServer.origin}/` },
    reset,
    refillRateLimits: () => context.managementRateLimit.reset(),
    close: async () => {
      await Promise.all([server.close(), customServer?.close()]);
    },
  };
}

/** A user's sessions live on the domain they logged in on; ending or revoking them covers both. */
function bothDomains(canonical: Auth0SessionService, custom: Auth0SessionService): Auth0SessionService {
  return {
    endSessionsOfUser: async (userId, initiator) => (await canonical.endSessionsOfUser(userId, initiator)) + (await custom.endSessionsOfUser(userId, initiator)),
    revokeRefreshTokensOfUser: async userId => (await canonical.revokeRefreshTokensOfUser(userId)) + (await custom.revokeRefreshTokensOfUser(userId)),
    endSessionOfUser: async (userId, sid, initiator) => (await canonical.endSessionOfUser(userId, sid, initiator)) || custom.endSessionOfUser(userId, sid, initiator),
    revokeRefreshTokensOfSession: async (userId, sid) => (await canonical.revokeRefreshTokensOfSession(userId, sid)) + (await custom.revokeRefreshTokensOfSession(userId, sid)),
  };
}

/**
 * The database connection every new tenant has, `Username-Password-Authentication` (the recorded
 * tenant's users are created in it). Enabled for no application: the emulated Universal Login has
 * no password step (docs/fidelity.md#auth0-connections).
 */
export const DATABASE_CONNECTION_NAME = 'Username-Password-Authentication';

function seedDatabaseConnection(context: Auth0TenantContext) {
  const id = connectionId();
  context.store.connections.set(id, {
    id,
    options: defaultDatabaseOptions(),
    strategy: 'auth0',
    name: DATABASE_CONNECTION_NAME,
    is_domain_connection: false,
    authentication: { active: true },
    connected_accounts: { active: false },
    enabled_clients: [],
    realms: [DATABASE_CONNECTION_NAME],
  });
}

/** The machine-to-machine app the harness uses for the Management API, with every scope it needs. */
function seedManagementClient(context: Auth0TenantContext) {
  const { clientId: id, clientSecret: secret } = context.managementClient;
  const created = new Date().toISOString();
  context.store.clients.set(id, {
    wire: {
      client_id: id,
      client_secret: secret,
      name: 'Harness Management API client',
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      is_first_party: true,
      oidc_conformant: true,
      created_at: created,
      updated_at: created,
    },
    managementScopes: [...MANAGEMENT_SCOPES],
  });
}
