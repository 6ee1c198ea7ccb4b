// The JSON the Management API returns for each stored resource: the stored wire form plus `_links`
// (which depend on the org's origin), minus what Okta shows only at creation (an app's secret).
import type { UserRecord, WireApp, WireAppUser, WireGroup, WireTrustedOrigin } from '../store.ts';
import { appUserProfile } from './app-user-profile.ts';
import type { Links } from './links.ts';

/** `collection`: the user as a list shows it (links reduced to `self`). */
export function userView(record: UserRecord, links: Links, options: { collection?: boolean } = {}) {
  return { ...record.wire, _links: links.user(record.wire, options) };
}

/**
 * `client_secret` is returned when an app is created or replaced, not when it is read or listed
 * (docs/fidelity.md#apps), so provisioning must keep it from the create response, as it must
 * against a real org.
 */
export function appView(app: WireApp, links: Links, options: { withSecret: boolean }) {
  const oauthClient = app.credentials?.oauthClient;
  const credentials = options.withSecret || !oauthClient?.client_secret ? app.credentials : { ...app.credentials, oauthClient: withoutSecret(oauthClient) };
  return { ...app, credentials, _links: links.app(app) };
}

function withoutSecret<T extends { client_secret?: string }>(oauthClient: T): Omit<T, 'client_secret'> {
  const { client_secret: _secret, ...rest } = oauthClient;
  return rest;
}

/** The assignment with its profile mapped from the user's (`user`) now. */
export function appUserView(appId: string, appUser: WireAppUser, links: Links, user: UserRecord | undefined) {
  // `externalId` is null until a provisioning integration sets it (docs/fidelity.md#app-assignments).
  return {
    ...appUser,
    externalId: appUser.externalId ?? null,
    profile: appUserProfile(user?.wire.profile, appUser.profile as Record<string, unknown> | undefined),
    _links: links.appUser(appId, appUser.id),
  };
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
