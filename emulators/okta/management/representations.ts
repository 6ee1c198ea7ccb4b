// The JSON the Management API returns for each stored resource: the stored wire form plus `_links`
// (which depend on the org's origin), minus what Okta shows only at creation (an app's secret).
import type { UserRecord, WireApp, WireAppUser, WireGroup, WireTrustedOrigin } from '../store.ts';
import type { Links } from './links.ts';

export function userView(record: UserRecord, links: Links) {
  return { ...record.wire, _links: links.user(record.wire) };
}

/**
 * `client_secret` is returned when an app is created or replaced, not when it is read or listed:
 * Okta documents the secret as shown only on create/update (reference §2.2), so provisioning must
 * keep it from the create response, as it must against a real org.
 */
export function appView(app: WireApp, links: Links, options: { withSecret: boolean }) {
  const oauthClient = app.credentials?.oauthClient;
  const credentials =
    options.withSecret || !oauthClient?.client_secret
      ? app.credentials
      : { ...app.credentials, oauthClient: withoutSecret(oauthClient) };
  return { ...app, credentials, _links: links.app(app) };
}

function withoutSecret<T extends { client_secret?: string }>(oauthClient: T): Omit<T, 'client_secret'> {
  const { client_secret: _secret, ...rest } = oauthClient;
  return rest;
}

export function appUserView(appId: string, appUser: WireAppUser, links: Links) {
  // Okta writes `externalId: null` until a provisioning integration sets it (reference §2.4).
  return { ...appUser, externalId: appUser.externalId ?? null, _links: links.appUser(appId, appUser.id) };
}

export function appGroupView(appId: string, assignment: { id: string; priority: number; lastUpdated: string; profile: Record<string, unknown> }, links: Links) {
  return { ...assignment, _links: links.appGroup(appId, assignment.id) };
}

export function groupView(group: WireGroup, links: Links) {
  return { ...group, _links: links.group(group.id) };
}

export function trustedOriginView(origin: WireTrustedOrigin, links: Links) {
  return { ...origin, _links: links.trustedOrigin(origin) };
}

/** Position key for lists in creation order (the store's insertion order): creation time, then id. */
export function createdKey(resource: { created?: string | null; id: string }): string {
  return `${resource.created ?? ''}|${resource.id}`;
}
