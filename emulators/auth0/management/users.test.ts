// Users through the official ManagementClient. Logins (the okta broker) create the users of an okta
// connection; here a user shaped as an okta login creates them is seeded into the store instead.
// Database users are created through the API (docs/fidelity.md#auth0-users).
import type { ManagementClient } from 'auth0';
import type { Auth0Tenant } from '../auth0-tenant.ts';
import type { WireUser } from '../store.ts';
import { test, expect, createOktaConnection, managementFailure, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';

/** A user as the okta strategy creates it: user_id okta|{connection}|{okta sub}. */
function seedOktaUser(auth0: Auth0Tenant, connection: string, sub: string, profile: Partial<WireUser> = {}): WireUser {
  const now = new Date().toISOString();
  const user: WireUser = {
    user_id: `okta|${connection}|${sub}`,
    email: `${sub.toLowerCase()}@example.com`,
    email_verified: true,
    name: 'Ada Lovelace',
    given_name: 'Ada',
    family_name: 'Lovelace',
    nickname: sub.toLowerCase(),
    picture: 'https://cdn.auth0.com/avatars/al.png',
    created_at: now,
    updated_at: now,
    last_login: now,
    last_ip: '127.0.0.1',
    logins_count: 1,
    identities: [{ provider: 'okta', connection, user_id: `${connection}|${sub}`, isSocial: false }],
    ...profile,
  };
  auth0.store.users.set(user.user_id, user);
  return user;
}

async function oktaConnection(management: ManagementClient, oktaDomain: string, options: Record<string, unknown> = {}): Promise<string> {
  const connection = await createOktaConnection(management, oktaDomain, { client_id: '0oa1example', client_secret: 'okta-secret', ...options });
  return connection.name!;
}

test.describe('Management API users', () => {
  test('get by id: the | of the user id travels percent-encoded; a missing user is 404 inexistent_user', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const seeded = seedOktaUser(auth0, connection, '00u1getme');
    const { data: user, rawResponse } = await management.users.get(seeded.user_id).withRawResponse();
    expect(rawResponse.url).toContain(`/api/v2/users/okta%7C${connection}%7C00u1getme`);
    expect(user).toEqual(seeded);

    const failure = await managementFailure(management.users.get(`okta|${connection}|00u1nobody`));
    expect(failure.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
  });

  test('search with q (v3): identities.connection, email, user_id, AND, wildcards, NOT', async ({ management, auth0, emulators }) => {
    const wf = await oktaConnection(management, emulators.okta.domain);
    const other = await oktaConnection(management, emulators.okta.domain);
    const ada = seedOktaUser(auth0, wf, '00u1ada', { email: 'Ada@Example.com' });
    const grace = seedOktaUser(auth0, wf, '00u1grace', { email: 'grace@navy.example', app_metadata: { plan: 'gold' } });
    const alan = seedOktaUser(auth0, other, '00u1alan', { email: 'alan@example.com', blocked: true });
    const search = async (q: string) => (await management.users.list({ q, search_engine: 'v3' })).data.map(u => u.user_id).sort();

    expect(await search(`identities.connection:"${wf}"`)).toEqual([ada.user_id, grace.user_id].sort());
    expect(await search('email:"ada@example.com"')).toEqual([ada.user_id]); // email matches case-insensitively
    expect(await search(`user_id:"${alan.user_id}"`)).toEqual([alan.user_id]);
    expect(await search(`identities.connection:"${wf}" AND email:"grace@navy.example"`)).toEqual([grace.user_id]);
    expect(await search(`identities.connection:"${wf}" AND email:"alan@example.com"`)).toEqual([]);
    expect(await search(`(identities.connection:"${wf}" OR identities.connection:"${other}") AND email.domain:"example.com"`)).toEqual(
      [ada.user_id, alan.user_id].sort(),
    );
    expect(await search(`identities.connection:"${wf}" AND NOT app_metadata.plan:"gold"`)).toEqual([ada.user_id]);
    expect(await search(`identities.connection:"${other}" AND blocked:true`)).toEqual([alan.user_id]);
    expect(await search(`email:grace* AND identities.connection:"${wf}"`)).toEqual([grace.user_id]);

    const bad = await managementFailure(management.users.list({ q: 'email:"unterminated', search_engine: 'v3' }));
    expect(bad.body).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_query_string' });
    const v2 = await managementFailure(management.users.list({ q: 'email:"x"', search_engine: 'v2' as never }));
    expect(v2.statusCode).toBe(400);
  });

  test('list: offset envelope with totals, an empty page past the end, for-await iteration ends', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    for (let i = 0; i < 3; i++) seedOktaUser(auth0, connection, `00u1page${i}`);
    const q = `identities.connection:"${connection}"`;
    const first = await management.users.list({ q, search_engine: 'v3', per_page: 2 });
    expect(first.response).toMatchObject({ start: 0, limit: 2, length: 2, total: 3 });
    const past = await management.users.list({ q, search_engine: 'v3', page: 5, per_page: 2 });
    expect(past.response).toMatchObject({ start: 10, limit: 2, length: 0, total: 3, users: [] });
    const ids: string[] = [];
    for await (const user of await management.users.list({ q, search_engine: 'v3' })) ids.push(user.user_id!);
    expect(ids.sort()).toEqual(['00u1page0', '00u1page1', '00u1page2'].map(s => `okta|${connection}|${s}`));
  });

  test('users-by-email: a bare array, matched case-insensitively', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const email = `${uniqueName('Mixed')}@Example.COM`;
    const user = seedOktaUser(auth0, connection, '00u1byemail', { email });
    const data = await management.users.listUsersByEmail({ email: email.toLowerCase() });
    expect(Array.isArray(data)).toBe(true);
    expect(data.map(u => u.user_id)).toEqual([user.user_id]);
    expect(await management.users.listUsersByEmail({ email: 'nobody@example.com' })).toEqual([]);
  });

  test('update: blocked, metadata merged one level deep, email change unverifies', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const user = seedOktaUser(auth0, connection, '00u1patch', { app_metadata: { plan: 'gold', roles: ['a'], region: 'eu' }, user_metadata: { theme: 'dark' } });

    const blocked = await management.users.update(user.user_id, { blocked: true });
    expect(blocked.blocked).toBe(true);
    expect(Date.parse(blocked.updated_at as string)).toBeGreaterThanOrEqual(Date.parse(user.updated_at as string));

    const merged = await management.users.update(user.user_id, { app_metadata: { roles: ['b'], region: null, tier: 2 } });
    expect(merged.app_metadata).toEqual({ plan: 'gold', roles: ['b'], tier: 2 });
    expect(merged.user_metadata).toEqual({ theme: 'dark' });
    const cleared = await management.users.update(user.user_id, { user_metadata: {} });
    expect(cleared.user_metadata).toEqual({});

    const moved = await management.users.update(user.user_id, { email: 'ada.new@example.com' });
    expect(moved).toMatchObject({ email: 'ada.new@example.com', email_verified: false, blocked: true });
    expect(await management.users.get(user.user_id)).toMatchObject({
      email: 'ada.new@example.com',
      blocked: true,
      app_metadata: { plan: 'gold', roles: ['b'], tier: 2 },
    });
  });

  test('update: profile root attributes of a connection that syncs at each login are refused; editable with on_first_login', async ({
    management,
    auth0,
    emulators,
  }) => {
    const synced = await oktaConnection(management, emulators.okta.domain);
    const user = seedOktaUser(auth0, synced, '00u1synced');
    const failure = await managementFailure(management.users.update(user.user_id, { name: 'Countess', picture: 'https://example.com/p.png', given_name: 'A' }));
    expect(failure.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `The following user attributes cannot be updated: given_name, name, picture. The connection (${synced}) must either be a database connection (using the Auth0 store), a passwordless connection (email or sms) or has disabled 'Sync user profile attributes at each login'. For more information, see https://auth0.com/docs/dashboard/guides/connections/configure-connection-sync`,
      errorCode: 'operation_not_supported',
    });
    expect((await management.users.get(user.user_id)).name).toBe('Ada Lovelace');

    const firstLoginOnly = await oktaConnection(management, emulators.okta.domain, { set_user_root_attributes: 'on_first_login' });
    const editable = seedOktaUser(auth0, firstLoginOnly, '00u1editable');
    const renamed = await management.users.update(editable.user_id, { name: 'Countess of Lovelace', nickname: 'ada' });
    expect(renamed).toMatchObject({ name: 'Countess of Lovelace', nickname: 'ada', given_name: 'Ada' });
  });

  test("delete: 204, also for a user already gone; the user's sessions are ended", async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const user = seedOktaUser(auth0, connection, '00u1delete');
    const calls = spyOnEndSessions(auth0);
    try {
      const { rawResponse } = await management.users.delete(user.user_id).withRawResponse();
      expect(rawResponse.status).toBe(204);
      const again = await management.users.delete(user.user_id).withRawResponse();
      expect(again.rawResponse.status).toBe(204);
    } finally {
      calls.restore();
    }
    expect(calls.list).toEqual([[user.user_id, 'account-deleted']]);
    expect(calls.refreshTokenRevocations).toEqual([user.user_id]);
    expect((await managementFailure(management.users.get(user.user_id))).statusCode).toBe(404);
  });

  test('DELETE /users/{id}/sessions: 202 {} and every session of the user is revoked', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const user = seedOktaUser(auth0, connection, '00u1sessions');
    const calls = spyOnEndSessions(auth0);
    try {
      const response = await management.users.sessions.delete(user.user_id).withRawResponse();
      expect(response.rawResponse.status).toBe(202);
      const missing = await managementFailure(management.users.sessions.delete(`okta|${connection}|00u1nobody`));
      expect(missing.statusCode).toBe(404);
    } finally {
      calls.restore();
    }
    expect(calls.list).toEqual([[user.user_id, 'session-revoked']]);
    expect(calls.refreshTokenRevocations).toEqual([]);
    expect(auth0.events.list({ type: 'auth0.management.sessions-revoked' }).at(-1)).toMatchObject({ user_id: user.user_id });
  });
  test('create a database user in Username-Password-Authentication: 201 with the recorded shape; the password is never returned', async ({ management }) => {
    const { data: user, rawResponse } = await management.users
      .create({
        connection: 'Username-Password-Authentication',
        user_id: uniqueName('dbuser'),
        email: 'Grace.Hopper@Example.com',
        username: 'ghopper',
        password: 'passpass$12$12',
      })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    const localId = user.user_id!.slice('auth0|'.length);
    expect(user).toEqual({
      created_at: expect.any(String),
      updated_at: expect.any(String),
      email: 'grace.hopper@example.com',
      email_verified: false,
      identities: [{ user_id: localId, connection: 'Username-Password-Authentication', provider: 'auth0', isSocial: false }],
      name: 'grace.hopper@example.com',
      nickname: 'grace.hopper',
      picture: expect.stringMatching(/^https:\/\/s\.gravatar\.com\/avatar\/[0-9a-f]{32}\?/),
      user_id: `auth0|${localId}`,
      username: 'ghopper',
    });
    expect(await management.users.get(user.user_id!)).toEqual(user);
    // A database user's profile is the tenant's to edit; app_metadata {} removes it, user_metadata {} stays.
    await management.users.update(user.user_id!, { app_metadata: { a: 1 }, user_metadata: { b: 2 } });
    const updated = await management.users.update(user.user_id!, { given_name: 'Grace', app_metadata: {}, user_metadata: {} });
    expect(updated).toMatchObject({ given_name: 'Grace', user_metadata: {} });
    expect(updated).not.toHaveProperty('app_metadata');

    const duplicate = await managementFailure(
      management.users.create({ connection: 'Username-Password-Authentication', user_id: localId, email: 'other@example.com', password: 'passpass$12$12' }),
    );
    expect(duplicate.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'The user already exists.', errorCode: 'auth0_idp_error' });
    const weak = await managementFailure(
      management.users.create({ connection: 'Username-Password-Authentication', email: 'weak@example.com', password: 'short' }),
    );
    expect(weak.body).toMatchObject({ statusCode: 400, message: 'PasswordStrengthError: Password is too weak' });
    const noConnection = await managementFailure(management.users.create({ email: 'x@example.com', password: 'passpass$12$12' } as never));
    expect(noConnection.body).toMatchObject({ statusCode: 400, message: "Payload validation error: 'Missing required property: connection'." });
  });

  test('create in an okta connection is refused: its users come from logins and SCIM', async ({ management, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const failure = await managementFailure(management.users.create({ connection, email: 'x@example.com', password: 'passpass$12$12' }));
    expect(failure.statusCode).toBe(400);
    expect(failure.body).toMatchObject({ errorCode: 'operation_not_supported' });
  });
});

/** Records calls to the Authentication API's session service (still delegating to it). */
function spyOnEndSessions(auth0: Auth0Tenant) {
  const sessions = auth0.sessions;
  const { endSessionsOfUser, revokeRefreshTokensOfUser } = sessions;
  const list: [string, string][] = [];
  const refreshTokenRevocations: string[] = [];
  sessions.endSessionsOfUser = async (userId, initiator) => {
    list.push([userId, initiator]);
    return endSessionsOfUser.call(sessions, userId, initiator);
  };
  sessions.revokeRefreshTokensOfUser = async userId => {
    refreshTokenRevocations.push(userId);
    return revokeRefreshTokensOfUser.call(sessions, userId);
  };
  const restore = () => {
    sessions.endSessionsOfUser = endSessionsOfUser;
    sessions.revokeRefreshTokensOfUser = revokeRefreshTokensOfUser;
  };
  return { list, refreshTokenRevocations, restore };
}
