// For the inbound SCIM tests: a connection's SCIM set-up made the way an administrator makes it —
// through the official auth0 ManagementClient (connections.scimConfiguration.create and
// .tokens.create) — and a plain SCIM 2.0 client over HTTPS (what Postman or an IdP sends).
import type { ManagementClient } from 'auth0';
import type { Federation } from '../authentication/federation-test-kit.ts';

export interface ScimEndpoint {
  /** https://{domain}/scim/v2/connections/{connection_id} */
  baseUrl: string;
  token: string;
  tokenId: string;
}

export async function enableScim(
  management: ManagementClient,
  federation: Pick<Federation, 'emulators' | 'connection'>,
  token: { scopes?: string[]; token_lifetime?: number } = { scopes: ['get:users', 'post:users', 'put:users', 'patch:users', 'delete:users', 'get:groups', 'post:groups', 'put:groups', 'patch:groups', 'delete:groups'] },
): Promise<ScimEndpoint> {
  await management.connections.scimConfiguration.create(federation.connection.id);
  return { baseUrl: scimBaseUrl(federation), ...(await newScimToken(management, federation.connection.id, token)) };
}

export function scimBaseUrl(federation: Pick<Federation, 'emulators' | 'connection'>): string {
  return `${federation.emulators.auth0.origin}/scim/v2/connections/${federation.connection.id}`;
}

export async function newScimToken(management: ManagementClient, connectionId: string, request: { scopes?: string[]; token_lifetime?: number }) {
  const created = await management.connections.scimConfiguration.tokens.create(connectionId, request);
  return { token: created.token!, tokenId: created.token_id! };
}

export interface ScimAnswer {
  status: number;
  contentType: string | null;
  location: string | null;
  body: any;
}

/** One SCIM request (application/scim+json), as a SCIM client sends it. */
export async function scim(endpoint: Pick<ScimEndpoint, 'baseUrl' | 'token'>, method: string, path: string, body?: unknown): Promise<ScimAnswer> {
  const response = await fetch(`${endpoint.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${endpoint.token}`,
      accept: 'application/scim+json',
      ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    location: response.headers.get('location'),
    body: text ? JSON.parse(text) : undefined,
  };
}

/** A SCIM User as Okta's SCIM client creates it (docs/fidelity.md#universal-logout-sender-and-scim-push). */
export function oktaStyleUser(federation: Pick<Federation, 'user'>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: federation.user.login,
    name: { givenName: 'Pat', familyName: 'Doe' },
    emails: [{ primary: true, value: federation.user.login, type: 'work' }],
    displayName: 'Pat Doe',
    locale: 'en-US',
    externalId: federation.user.id,
    groups: [],
    password: 'p1aceh0lder',
    active: true,
    ...overrides,
  };
}

export const userPath = (userId: string) => `/Users/${encodeURIComponent(userId)}`;
export const filterPath = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}&startIndex=1&count=100`;
