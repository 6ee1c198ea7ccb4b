// POST /api/v2/users: a user of a database connection (docs/fidelity.md#auth0-users). The body
// names the connection; `user_id` (optional) becomes `auth0|{user_id}`, else 24 hex digits. The
// password must meet the connection's password policy; it is checked, never stored or returned
// (no password login is emulated). The response is the new user: email, email_verified (false
// unless sent), name (the email), nickname (its local part), a Gravatar picture, identities.
import { randomBytes } from 'node:crypto';
import type { Auth0Store, WireUser } from '../store.ts';
import { defaultNickname, defaultPicture } from '../authentication/user-profile.ts';
import { DATABASE_STRATEGIES } from './connection-options.ts';
import { ManagementApiError, payloadError } from './errors.ts';
import { expectObject, expectType, rejectUnknownProperties, requireProperties } from './payload-validation.ts';

export const CREATE_USER_FIELDS = [
  'email',
  'phone_number',
  'user_metadata',
  'blocked',
  'email_verified',
  'phone_verified',
  'app_metadata',
  'given_name',
  'family_name',
  'name',
  'nickname',
  'picture',
  'user_id',
  'connection',
  'password',
  'verify_email',
  'username',
] as const;

export function createDatabaseUser(store: Auth0Store, body: unknown): WireUser {
  const input = expectObject(body);
  rejectUnknownProperties(input, CREATE_USER_FIELDS);
  requireProperties(input, ['connection']);
  for (const key of ['email', 'phone_number', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'user_id', 'connection', 'password', 'username'])
    expectType(input, key, 'string');
  for (const key of ['blocked', 'email_verified', 'phone_verified', 'verify_email']) expectType(input, key, 'boolean');
  for (const key of ['app_metadata', 'user_metadata']) expectType(input, key, 'object');

  const connection = store.connectionByName(input.connection as string);
  if (!connection) throw new ManagementApiError(400, 'The connection does not exist.', 'inexistent_connection');
  if (!DATABASE_STRATEGIES.has(connection.strategy))
    throw new ManagementApiError(400, `The connection (${connection.name}) is not a database or passwordless connection.`, 'operation_not_supported');
  if (connection.strategy === 'auth0') requireProperties(input, ['email', 'password']);
  if (typeof input.email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(input.email))
    throw payloadError(`Object didn't pass validation for format email: ${input.email}`, 'email');
  if (typeof input.password === 'string') checkPasswordPolicy(input.password, connection.options.passwordPolicy);

  const localId = (input.user_id as string | undefined) ?? randomBytes(12).toString('hex');
  const userId = `${connection.strategy}|${localId}`;
  const email = (input.email as string | undefined)?.toLowerCase();
  const taken = [...store.users.values()].some(
    u => u.user_id === userId || (email !== undefined && u.email === email && u.identities?.some(i => i.connection === connection.name)),
  );
  if (taken) throw new ManagementApiError(409, 'The user already exists.', 'auth0_idp_error');

  const now = new Date().toISOString();
  const user: Record<string, unknown> = {
    created_at: now,
    ...(email !== undefined ? { email, email_verified: input.email_verified ?? false } : {}),
    identities: [{ user_id: localId, connection: connection.name, provider: connection.strategy, isSocial: false }],
    name: input.name ?? email ?? localId,
    updated_at: now,
    user_id: userId,
  };
  for (const key of ['given_name', 'family_name', 'username', 'phone_number', 'phone_verified', 'blocked', 'user_metadata', 'app_metadata'] as const)
    if (input[key] !== undefined) user[key] = input[key];
  user.nickname = input.nickname ?? (defaultNickname(user as WireUser) || localId);
  user.picture = input.picture ?? defaultPicture(user as WireUser);
  return user as WireUser;
}

/**
 * Auth0's password policies (its documented strength levels): none (any), low (6+), fair (8+,
 * lower, upper and digits), good (8+, three of lower/upper/digits/special), excellent (10+, three
 * of four, no character more than twice in a row).
 */
function checkPasswordPolicy(password: string, policy: unknown): void {
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter(re => re.test(password)).length;
  const ok =
    policy === 'low'
      ? password.length >= 6
      : policy === 'fair'
        ? password.length >= 8 && /[a-z]/.test(password) && /[A-Z]/.test(password) && /[0-9]/.test(password)
        : policy === 'good'
          ? password.length >= 8 && kinds >= 3
          : policy === 'excellent'
            ? password.length >= 10 && kinds >= 3 && !/(.)\1\1/.test(password)
            : password.length >= 1;
  if (!ok) throw new ManagementApiError(400, 'PasswordStrengthError: Password is too weak', 'invalid_body');
}
