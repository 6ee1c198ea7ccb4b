// Playwright fixtures for the Management API tests: the official `auth0` v7 ManagementClient,
// unchanged, pointed at the worker's Auth0 tenant emulator — only `domain` and the credentials
// differ from a real tenant.
import { ManagementClient, ManagementError } from 'auth0';
import { test as base, expect } from '../../../fixtures/emulators.ts';
import type { Auth0Tenant } from '../auth0-tenant.ts';
import { clientId as newClientId, clientSecret as newClientSecret } from '../store.ts';

export interface ManagementFixtures {
  auth0: Auth0Tenant;
  /** ManagementClient of the seeded machine-to-machine app (every scope). */
  management: ManagementClient;
  /** A ManagementClient of a fresh machine-to-machine app granted only `scopes`. */
  managementWithScopes: (scopes: string[]) => Promise<ManagementClient>;
}

export const test = base.extend<ManagementFixtures>({
  auth0: async ({ emulators }, use) => {
    await use(emulators.auth0);
  },
  management: async ({ auth0 }, use) => {
    await use(managementClient(auth0, auth0.managementClient));
  },
  managementWithScopes: async ({ auth0 }, use) => {
    const created: string[] = [];
    await use(async scopes => {
      const credentials = { clientId: newClientId(), clientSecret: newClientSecret() };
      // The emulator's equivalent of granting the app the Management API in the dashboard.
      auth0.store.clients.set(credentials.clientId, {
        wire: { client_id: credentials.clientId, client_secret: credentials.clientSecret, name: 'Limited M2M app', app_type: 'non_interactive', grant_types: ['client_credentials'] },
        managementScopes: scopes,
      });
      created.push(credentials.clientId);
      return managementClient(auth0, credentials);
    });
    for (const id of created) auth0.store.clients.delete(id);
  },
});

export { expect };

/**
 * The SDK as a real deployment builds it: `domain`, `clientId`, `clientSecret`. It fetches its own
 * token with the client-credentials grant at https://{domain}/oauth/token (audience
 * https://{domain}/api/v2/), which the Authentication API answers through issueManagementToken.
 */
export function managementClient(auth0: Auth0Tenant, credentials: { clientId: string; clientSecret: string }): ManagementClient {
  return new ManagementClient({ domain: auth0.domain, clientId: credentials.clientId, clientSecret: credentials.clientSecret });
}

/** A Management API token for raw-HTTP checks, obtained as curl would: POST /oauth/token. */
export async function managementToken(auth0: Auth0Tenant, credentials = auth0.managementClient): Promise<string> {
  const response = await fetch(`https://${auth0.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      audience: auth0.managementAudience,
    }),
  });
  expect(response.status, 'client-credentials token request').toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Runs `call`, which must fail, and returns the SDK error's status and parsed body. */
export async function managementFailure(call: Promise<unknown>): Promise<{ statusCode: number | undefined; body: unknown; headers: Headers | undefined }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ManagementError) return { statusCode: error.statusCode, body: error.body, headers: error.rawResponse?.headers };
    throw error;
  }
  throw new Error('expected the Management API call to fail, it succeeded');
}

/**
 * An `okta` connection to the Okta org at `oktaDomain`, created through the SDK (Auth0 discovers
 * the org). `options` adds to or replaces the example client_id and client_secret.
 */
export async function createOktaConnection(management: ManagementClient, oktaDomain: string, options: Record<string, unknown> = {}, namePrefix = 'okta-wf') {
  return management.connections.create({
    name: uniqueName(namePrefix),
    strategy: 'okta',
    options: { domain: oktaDomain, client_id: '0oa1exampleclient', client_secret: 'okta-client-secret-value', ...options },
  });
}

/** A unique, valid connection or client name for one test. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
