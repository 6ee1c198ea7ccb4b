// Shared by the Management API tests: the official SDK client a user would build for an org, unique
// test data (one org instance is shared by a worker's tests), and small raw-HTTP/event readers.
import okta from '@okta/okta-sdk-nodejs';
import type { OktaApiError, OpenIdConnectApplication } from '@okta/okta-sdk-nodejs';
import { randomBytes } from 'node:crypto';
import type { EmulatorEvent } from '../../shared/event-log.ts';
import type { OktaOrg } from '../okta-org.ts';

/** The redirect URI Auth0's okta connection uses, for the embedded Auth0 tenant's default domain. */
export const AUTH0_CALLBACK = 'https://127.0.0.2:8443/login/callback';
export const PASSWORD = 'Correct-Horse-9';

export function sdkClient(org: Pick<OktaOrg, 'origin' | 'apiToken'>, overrides: Partial<ConstructorParameters<typeof okta.Client>[0]> = {}) {
  return new okta.Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null, ...overrides });
}

export function unique(tag: string): string {
  return `${tag}-${randomBytes(5).toString('hex')}`;
}

export function uniqueLogin(tag = 'user'): string {
  return `${unique(tag)}@example.test`;
}

/** An OIDC web app definition as provisioning sends it (Okta defaults left to the org). */
export function webApp(label = unique('rp'), redirectUri = AUTH0_CALLBACK): OpenIdConnectApplication {
  return {
    name: 'oidc_client',
    label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: {} },
    settings: {
      oauthClient: {
        application_type: 'web',
        grant_types: ['authorization_code'],
        redirect_uris: [redirectUri],
        post_logout_redirect_uris: ['http://localhost:3000/'],
        response_types: ['code'],
      },
    },
  } as OpenIdConnectApplication;
}

/** A createUser body; `password: null` creates the user without credentials. */
export function userBody(login: string, profile: Record<string, string> = {}, password: string | null = PASSWORD) {
  return {
    profile: { firstName: 'Test', lastName: 'User', email: login, login, ...profile },
    ...(password === null ? {} : { credentials: { password: { value: password } } }),
  };
}

/** Every item of an SDK collection, following its pages. */
export async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) items.push(item!);
  return items;
}

/** Runs `call`, which must fail, and returns the SDK's error. */
export async function sdkError(call: () => Promise<unknown>): Promise<OktaApiError> {
  try {
    await call();
  } catch (error) {
    return error as OktaApiError;
  }
  throw new Error('expected the call to fail');
}

/** A raw Management API request (for what the SDK cannot send, and to read the wire form). */
export function apiFetch(org: Pick<OktaOrg, 'origin' | 'apiToken'>, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(org.origin + path, {
    ...init,
    headers: { authorization: `SSWS ${org.apiToken}`, accept: 'application/json', ...(init.headers as Record<string, string>) },
  });
}

export function managementEvents(org: OktaOrg, sinceSeq: number): EmulatorEvent[] {
  return org.events.list({ since: sinceSeq, type: 'okta.management' });
}
