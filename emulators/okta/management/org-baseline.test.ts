// What every org holds before the first API call, through @okta/okta-sdk-nodejs v8: the API
// token's owner and the built-in Everyone group (docs/fidelity.md#the-orgs-own-user-and-everyone).
import okta from '@okta/okta-sdk-nodejs';
import type { Group, User } from '@okta/okta-sdk-nodejs';
import { expect, test } from '../../../fixtures/emulators.ts';
import { startOktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { apiFetch, collect, sdkClient, sdkError, unique, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';

async function everyoneOf(client: okta.Client): Promise<Group> {
  const found = (await collect(await client.groupApi.listGroups({ q: 'Everyone' }))).filter(group => group.profile?.name === 'Everyone');
  expect(found).toHaveLength(1);
  return found[0];
}

test.describe('Okta Management API: the org’s own user and Everyone', () => {
  test('the API token’s owner is an ACTIVE user that /users/me returns, /users lists, and trusted origins name', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const me = await client.userApi.getUser({ userId: 'me' });
    expect(me.id).toBe(oktaOrg.store.apiTokenOwnerId);
    expect(me.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(me).toMatchObject({ status: 'ACTIVE', profile: { login: 'org.admin@example.com', mobilePhone: null, secondEmail: null } });
    expect(me.activated).toBeInstanceOf(Date);
    expect(me.lastLogin).toBeInstanceOf(Date);
    const raw = await (await apiFetch(oktaOrg, '/api/v1/users/me')).json();
    expect(raw.credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
    expect(raw._links.self.href).toBe(`${oktaOrg.origin}/api/v1/users/${me.id}`);

    const listed = (await collect(await client.userApi.listUsers({}))).map(user => user.id);
    expect(listed).toContain(me.id);
    expect((await client.userApi.getUser({ userId: 'org.admin@example.com' })).id).toBe(me.id);

    const origin = await client.trustedOriginApi.createTrustedOrigin({
      trustedOrigin: { name: unique('created-by'), origin: `https://${unique('o')}.example`, scopes: [{ type: 'CORS' }] },
    });
    expect([origin.createdBy, origin.lastUpdatedBy]).toEqual([me.id, me.id]);
  });

  test('nobody can sign in as the owner: the emulator knows no password for it', async ({ oktaOrg }) => {
    expect(oktaOrg.store.users.get(oktaOrg.store.apiTokenOwnerId)?.passwordHash).toBeUndefined();
  });

  test('Everyone is BUILT_IN, lists every user including the owner, and every new user joins it', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const everyone = await everyoneOf(client);
    expect(everyone).toBeInstanceOf(okta.Group);
    expect(everyone).toMatchObject({
      type: 'BUILT_IN',
      objectClass: ['okta:user_group'],
      profile: { name: 'Everyone', description: 'All users in your organization' },
    });
    const before = everyone.lastMembershipUpdated!;

    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('everyone')) });
    const staged = await client.userApi.createUser({ body: userBody(uniqueLogin('everyone-staged')), activate: false });
    const members = (await collect(await client.groupApi.listGroupUsers({ groupId: everyone.id! }))).map(member => member.id);
    expect(members).toEqual(expect.arrayContaining([oktaOrg.store.apiTokenOwnerId, user.id, staged.id]));
    expect((await client.groupApi.getGroup({ groupId: everyone.id! })).lastMembershipUpdated!.getTime()).toBeGreaterThan(before.getTime());

    const groups = await collect(await client.userApi.listUserGroups({ userId: user.id! }));
    expect(groups.map(group => [group.profile?.name, group.type])).toEqual([['Everyone', 'BUILT_IN']]);

    // An app assigned to Everyone is assigned to every user.
    const app = await client.applicationApi.createApplication({ application: webApp() });
    await client.applicationApi.assignGroupToApplication({ appId: app.id!, groupId: everyone.id! });
    expect(oktaOrg.store.isAssigned(app.id!, user.id!)).toBe(true);
    await client.applicationApi.unassignApplicationFromGroup({ appId: app.id!, groupId: everyone.id! });
  });

  test('Everyone cannot be renamed, deleted, or have members added (501 E0000060) or removed', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const everyone = await everyoneOf(client);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('everyone-fixed')) });

    const add = await sdkError(() => client.groupApi.assignUserToGroup({ groupId: everyone.id!, userId: user.id! }));
    expect([add.status, add.errorCode, add.errorSummary]).toEqual([501, 'E0000060', 'Unsupported operation.']);
    for (const call of [
      () => client.groupApi.unassignUserFromGroup({ groupId: everyone.id!, userId: user.id! }),
      () => client.groupApi.replaceGroup({ groupId: everyone.id!, group: { profile: { name: 'Renamed' } } }),
      () => client.groupApi.deleteGroup({ groupId: everyone.id! }),
    ]) {
      const error = await sdkError(call);
      expect([error.status, error.errorCode, error.errorSummary]).toEqual([403, 'E0000006', 'You do not have permission to perform the requested action']);
    }
    expect((await collect(await client.userApi.listUserGroups({ userId: user.id! }))).map(group => group.id)).toEqual([everyone.id]);
    expect((await client.groupApi.getGroup({ groupId: everyone.id! })).profile?.name).toBe('Everyone');
  });

  test('reset() empties the org back to the owner and Everyone, with the same ids', async () => {
    const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls: await ensureLocalTls() });
    try {
      const client = sdkClient(org);
      const ownerBefore: User = await client.userApi.getUser({ userId: 'me' });
      const everyoneBefore = await everyoneOf(client);
      await client.userApi.createUser({ body: userBody(uniqueLogin('before-reset')) });
      await client.groupApi.createGroup({ group: { profile: { name: unique('before-reset') } } });

      await org.reset();
      const users = await collect(await client.userApi.listUsers({}));
      expect(users.map(user => user.id)).toEqual([ownerBefore.id]);
      const groups = await collect(await client.groupApi.listGroups({}));
      expect(groups.map(group => group.id)).toEqual([everyoneBefore.id]);
      expect((await collect(await client.groupApi.listGroupUsers({ groupId: everyoneBefore.id! }))).map(user => user.id)).toEqual([ownerBefore.id]);
      expect((await client.userApi.getUser({ userId: 'me' })).created).toEqual(ownerBefore.created);
    } finally {
      await org.close();
    }
  });
});
