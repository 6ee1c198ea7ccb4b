// PATCH /api/v2/users/{id}: what an administrator may change. `app_metadata`/`user_metadata` are
// merged one level deep (a member set to null is removed; `{}` clears them all); `blocked`,
// `email`, `email_verified` and the profile root attributes are replaced. For users of an
// enterprise or social connection that syncs the profile at each login (okta's default,
// set_user_root_attributes "on_each_login"), name, given_name, family_name, nickname and picture
// are owned by the identity provider and Auth0 refuses to change them, with this message.
import type { Auth0Store, WireUser } from '../store.ts';
import { ManagementApiError, payloadError } from './errors.ts';
import { expectObject, expectType, rejectUnknownProperties } from './payload-validation.ts';

export const UPDATE_USER_FIELDS = [
  'blocked',
  'email_verified',
  'email',
  'phone_number',
  'phone_verified',
  'user_metadata',
  'app_metadata',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'verify_email',
  'verify_phone_number',
  'password',
  'connection',
  'client_id',
  'username',
] as const;

const SYNCED_ROOT_ATTRIBUTES = ['family_name', 'given_name', 'name', 'nickname', 'picture'];
/** Only meaningful for users whose credentials Auth0 holds. */
const DATABASE_ONLY = ['password', 'username', 'phone_number', 'phone_verified', 'verify_phone_number'];
/** Request members that steer the update but are not stored on the user. */
const DIRECTIVES = ['verify_email', 'verify_phone_number', 'connection', 'client_id', 'password'];
const DATABASE_STRATEGIES = new Set(['auth0', 'email', 'sms']);

export type UserUpdate = Record<string, unknown>;

export function checkUserUpdate(body: unknown, user: WireUser, store: Auth0Store): UserUpdate {
  const update = expectObject(body);
  rejectUnknownProperties(update, UPDATE_USER_FIELDS);
  for (const key of ['blocked', 'email_verified', 'phone_verified', 'verify_email', 'verify_phone_number']) expectType(update, key, 'boolean');
  for (const key of ['email', 'phone_number', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'password', 'connection', 'client_id', 'username'])
    expectType(update, key, 'string');
  for (const key of ['app_metadata', 'user_metadata']) expectType(update, key, 'object');
  if (typeof update.email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(update.email))
    throw payloadError(`Object didn't pass validation for format email: ${update.email}`, 'email');

  const identity = user.identities?.[0];
  const connection = identity?.connection ? store.connectionByName(identity.connection) : undefined;
  const strategy = connection?.strategy ?? identity?.provider;
  if (strategy && !DATABASE_STRATEGIES.has(strategy)) {
    const rootAttributes = connection?.options?.set_user_root_attributes ?? 'on_each_login';
    const locked = rootAttributes === 'on_each_login' ? SYNCED_ROOT_ATTRIBUTES.filter(k => update[k] !== undefined) : [];
    if (locked.length)
      throw new ManagementApiError(
        400,
        `The following user attributes cannot be updated: ${locked.join(', ')}. The connection (${identity!.connection}) must either be a database connection (using the Auth0 store), a passwordless connection (email or sms) or has disabled 'Sync user profile attributes at each login'. For more information, see https://auth0.com/docs/dashboard/guides/connections/configure-connection-sync`,
        'operation_not_supported',
      );
    const databaseOnly = DATABASE_ONLY.filter(k => update[k] !== undefined);
    if (databaseOnly.length)
      throw new ManagementApiError(
        400,
        `The following user attributes cannot be updated: ${databaseOnly.join(', ')}. The connection (${identity!.connection}) is not a database or passwordless connection.`,
        'operation_not_supported',
      );
  }
  return update;
}

export function applyUserUpdate(user: WireUser, update: UserUpdate): WireUser {
  const next: Record<string, unknown> = { ...user };
  for (const [key, value] of Object.entries(update)) {
    if (DIRECTIVES.includes(key)) continue;
    if (key === 'app_metadata' || key === 'user_metadata')
      next[key] = mergeMetadata(user[key] as Record<string, unknown> | undefined, value as Record<string, unknown>);
    else next[key] = value;
    // Recorded: `app_metadata: {}` removes the member, `user_metadata: {}` leaves an empty object.
    if (key === 'app_metadata' && Object.keys(next[key] as object).length === 0) delete next[key];
  }
  // A new address is unverified unless the request says otherwise.
  if (typeof update.email === 'string' && update.email !== user.email && update.email_verified === undefined) next.email_verified = false;
  next.updated_at = new Date().toISOString();
  return next as WireUser;
}

function mergeMetadata(current: Record<string, unknown> | undefined, patch: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(patch).length === 0) return {};
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
