// The Auth0 user an okta login creates or updates (docs/fidelity.md#auth0-users): user_id okta|{connection}|{okta sub},
// one identity, IdP claims on the root, the five root attributes governed by
// options.set_user_root_attributes, and the login bookkeeping (logins_count, last_login, last_ip).
import { createHash } from 'node:crypto';
import { connectionUserId, type Auth0Store, type WireConnection, type WireUser } from '../store.ts';

export type RootAttributesMode = 'on_each_login' | 'on_first_login' | 'never_on_login';

/** Attributes set_user_root_attributes governs. */
const ROOT_ATTRIBUTES = ['name', 'given_name', 'family_name', 'nickname', 'picture'] as const;

/** Claims that describe the token, not the person; never copied onto the user. */
const PROTOCOL_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'c_hash',
  's_hash',
  'sid',
  'ver',
  'idp',
  'cid',
  'uid',
  'scp',
  'updated_at',
]);

/** Auth0-managed user fields an IdP claim must never overwrite. */
const AUTH0_FIELDS = new Set([
  'user_id',
  'identities',
  'app_metadata',
  'user_metadata',
  'created_at',
  'updated_at',
  'last_login',
  'last_ip',
  'logins_count',
  'blocked',
  'multifactor',
  'last_password_reset',
]);

export interface LoginOutcome {
  user?: WireUser;
  created?: boolean;
  error?: { error: string; error_description: string };
}

export function rootAttributesMode(connection: WireConnection): RootAttributesMode {
  const mode = connection.options.set_user_root_attributes;
  return mode === 'on_first_login' || mode === 'never_on_login' ? mode : 'on_each_login';
}

/** Creates or updates the user for a successful upstream login; refuses blocked or unknown (never_on_login) users. */
export function recordOktaLogin(
  store: Auth0Store,
  connection: WireConnection,
  sub: string,
  claims: Record<string, unknown>,
  ip: string | undefined,
): LoginOutcome {
  const userId = connectionUserId('okta', connection.name, sub);
  const existing = store.users.get(userId);
  const mode = rootAttributesMode(connection);
  if (!existing && mode === 'never_on_login') {
    // The connection does not create users (e.g. they are provisioned through SCIM).
    return { error: { error: 'access_denied', error_description: 'user does not exist' } };
  }
  if (existing?.blocked) return { error: { error: 'unauthorized', error_description: 'user is blocked' } };

  const now = new Date().toISOString();
  const idpAttributes = profileAttributes(claims);
  const user: WireUser = existing
    ? { ...existing }
    : {
        user_id: userId,
        created_at: now,
        identities: [],
        logins_count: 0,
      };

  for (const [name, value] of Object.entries(idpAttributes)) {
    if ((ROOT_ATTRIBUTES as readonly string[]).includes(name)) continue;
    user[name] = value;
  }
  const setRoot = mode === 'on_each_login' || (mode === 'on_first_login' && !existing);
  if (setRoot) {
    for (const name of ROOT_ATTRIBUTES) if (typeof idpAttributes[name] === 'string') user[name] = idpAttributes[name] as string;
  }
  if (!existing) {
    user.nickname ??= defaultNickname(user);
    user.picture ??= defaultPicture(user);
  }

  const identityUserId = `${connection.name}|${sub}`;
  const identities = [...(user.identities ?? [])];
  if (!identities.some(i => i.provider === 'okta' && i.connection === connection.name)) {
    identities.push({ provider: 'okta', connection: connection.name, user_id: identityUserId, isSocial: false });
  }
  user.identities = identities;
  user.logins_count = (user.logins_count ?? 0) + 1;
  user.last_login = now;
  if (ip) user.last_ip = ip;
  user.updated_at = now;
  store.users.set(userId, user);
  return { user, created: !existing };
}

function profileAttributes(claims: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (PROTOCOL_CLAIMS.has(name) || AUTH0_FIELDS.has(name)) continue;
    if (value === null || value === undefined) continue;
    out[name] = value;
  }
  return out;
}

/** Auth0's default nickname: the local part of the email. */
export function defaultNickname(user: WireUser): string {
  const email = typeof user.email === 'string' ? user.email : '';
  return email.includes('@') ? email.slice(0, email.indexOf('@')) : '';
}

/** Auth0's default picture: Gravatar, falling back to the cdn.auth0.com initials avatar. */
export function defaultPicture(user: WireUser): string {
  const email = typeof user.email === 'string' ? user.email.trim().toLowerCase() : '';
  const source = (typeof user.name === 'string' && user.name.trim()) || email || 'user';
  const words = source.split(/[\s.@_-]+/).filter(Boolean);
  const initials = (words.length > 1 ? words[0][0] + words[1][0] : source.slice(0, 2)).toLowerCase();
  const fallback = `https://cdn.auth0.com/avatars/${initials}.png`;
  const hash = createHash('md5').update(email).digest('hex');
  return `https://s.gravatar.com/avatar/${hash}?s=480&r=pg&d=${encodeURIComponent(fallback)}`;
}
