// The Auth0 tenant emulator: Management API (/api/v2), Authentication API (/authorize,
// /oauth/token, …), Universal Login (/u/*), the okta strategy broker (/login/callback), and the
// control plane (/_emulator), on one HTTPS origin. With a custom domain, a second origin (a host of
// its own) serves the tenant's logins as Auth0 does there: the Authentication API, Universal Login
// and the broker, with that domain as issuer; the Management API stays on the canonical domain
// (docs/fidelity.md#custom-domain).
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
import { fetchTrusting } from '../shared/outbound-fetch.ts';
import { signingKeyFor } from '../shared/signing-keys.ts';
import { Auth0Store, clientId, clientSecret, connectionId } from './store.ts';
import { managementApi } from './management/index.ts';
import { createAuthenticationApi } from './authentication/index.ts';
import { MANAGEMENT_SCOPES } from './management/scopes.ts';
import { defaultDatabaseOptions } from './management/connection-options.ts';
import { globalTokenRevocation } from './universal-logout/global-token-revocation.ts';
import { scimServer } from './scim/index.ts';
import { seedManagementApi } from './management/resource-servers.ts';
import { managementRateLimit } from './management/rate-limit.ts';
import type { Auth0Behaviour, Auth0SessionService, Auth0TenantContext, Auth0TenantCore } from './tenant-context.ts';

export type { Auth0Behaviour } from './tenant-context.ts';

/** Files that are no protocol hop. */
const STATIC_PATHS = [/^\/favicon/, /^\/static\//];

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
  const behaviour: Auth0Behaviour = { ...DEFAULT_AUTH0_BEHAVIOUR, ...options.behaviour };
  const faults = new Faults(events);
  const idTokenFaults = new IdTokenFaults({ faults, signingKey });
  faults.offer({ ...idTokenFaults.kinds(), backchannel_logout: { standing: true, check: userOption } });
  const core: Auth0TenantCore = {
    store: new Auth0Store(),
    events,
    origin: server.origin,
    domain,
    issuer: `${server.origin}/`,
    managementAudience: `${server.origin}/api/v2/`,
    signingKey,
    fetch: recordingFetch(fetchTrusting(options.tls.caCertPem), events),
    behaviour,
    managementClient: options.managementClient ?? { clientId: clientId(), clientSecret: clientSecret() },
    faults,
    idTokenFaults,
    managementRateLimit: managementRateLimit(() => behaviour.managementRateLimitPerSecond),
    controlPlaneToken: options.controlPlaneToken ?? newControlPlaneToken(),
  };
  registerSecret(core.controlPlaneToken);
  seedManagementClient(core);
  seedDatabaseConnection(core);
  seedManagementApi(core);

  const authentication = createAuthenticationApi(core);
  // The custom domain: the same tenant (store, keys, events), its own issuer and login pages.
  const customServer = options.customDomain
    ? await listenHttps(
        (req, res) => customHandler!(req, res),
        options.tls,
        options.customDomain.host,
        options.customDomain.port,
        'Auth0 tenant emulator (custom domain)',
        options.customDomain.publicHost,
      ).catch(async error => {
        await server.close();
        throw error;
      })
    : undefined;
  let customHandler: express.Express | undefined;
  const customAuthentication = customServer
    ? createAuthenticationApi({ ...core, origin: customServer.origin, issuer: `${customServer.origin}/`, domain: new URL(customServer.origin).host })
    : undefined;
  const context: Auth0TenantContext = {
    ...core,
    sessions: customAuthentication ? bothDomains(authentication.sessions, customAuthentication.sessions) : authentication.sessions,
  };
  const universalLogout = globalTokenRevocation(context);
  const reset = async () => {
    context.faults.clear();
    context.store.reset([context.managementClient.clientId]);
    seedDatabaseConnection(context);
    seedManagementApi(context);
    context.managementRateLimit.clear();
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
    controlPlane({
      name: 'auth0',
      events: context.events,
      faults: context.faults,
      startedAt,
      reset,
      origin: context.origin,
      token: context.controlPlaneToken,
      caCertPem: options.tls.caCertPem,
    }),
  );
  app.use('/api/v2', managementApi(context));
  app.use(universalLogout.routes);
  app.use(scimServer(context));
  app.use(authentication.routes);
  app.use(authentication.provider.callback());
  // Whatever escapes a surface's own handler: never Express's default page.
  app.use(finalErrorHandler({ events: context.events, surface: 'auth0', render: auth0TenantProblem, outermost: true }));
  handler = app;

  if (customAuthentication) {
    const custom = express();
    custom.disable('x-powered-by');
    custom.disable('etag');
    custom.set('query parser', boundedQueryParser);
    custom.use(recordHops(events, customServer!.origin, { skip: STATIC_PATHS }));
    custom.use(customAuthentication.routes);
    custom.use(customAuthentication.provider.callback());
    custom.use(finalErrorHandler({ events: context.events, surface: 'auth0.custom_domain', render: auth0TenantProblem, outermost: true }));
    customHandler = custom;
  }

  return {
    ...context,
    custom: customServer && { domain: new URL(customServer.origin).host, origin: customServer.origin, issuer: `${customServer.origin}/` },
    reset,
    refillRateLimits: () => context.managementRateLimit.clear(),
    close: async () => {
      await Promise.all([server.close(), customServer?.close()]);
    },
  };
}

/** A user's sessions live on the domain they logged in on; ending or revoking them covers both. */
function bothDomains(canonical: Auth0SessionService, custom: Auth0SessionService): Auth0SessionService {
  return {
    endSessionsOfUser: async (userId, initiator) =>
      (await canonical.endSessionsOfUser(userId, initiator)) + (await custom.endSessionsOfUser(userId, initiator)),
    revokeRefreshTokensOfUser: async userId => (await canonical.revokeRefreshTokensOfUser(userId)) + (await custom.revokeRefreshTokensOfUser(userId)),
    endSessionOfUser: async (userId, sid, initiator) =>
      (await canonical.endSessionOfUser(userId, sid, initiator)) || custom.endSessionOfUser(userId, sid, initiator),
    revokeRefreshTokensOfSession: async (userId, sid) =>
      (await canonical.revokeRefreshTokensOfSession(userId, sid)) + (await custom.revokeRefreshTokensOfSession(userId, sid)),
  };
}

/**
 * The database connection every new tenant has, `Username-Password-Authentication` (the recorded
 * tenant's users are created in it). Enabled for no application: the emulated Universal Login has
 * no password step (docs/fidelity.md#auth0-connections).
 */
export const DATABASE_CONNECTION_NAME = 'Username-Password-Authentication';

function seedDatabaseConnection(context: Auth0TenantCore) {
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
function seedManagementClient(context: Auth0TenantCore) {
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
