// Groups, memberships and app group assignments through @okta/okta-sdk-nodejs v8.
import okta from '@okta/okta-sdk-nodejs';
import { expect, test } from '../../../fixtures/emulators.ts';
import { apiFetch, collect, sdkClient, sdkError, unique, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';

test.describe('Okta Management API: groups', () => {
  test('creates, finds by q, reads and deletes a group; names are unique', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const name = unique('Engineering');
    const group = await client.groupApi.createGroup({ group: { profile: { name, description: 'People who build' } } });
    expect(group).toBeInstanceOf(okta.Group);
    expect(group.id).toMatch(/^00g[A-Za-z0-9]{17}$/);
    expect(group).toMatchObject({ type: 'OKTA_GROUP', objectClass: ['okta:user_group'], profile: { name, description: 'People who build' } });
    expect(group.lastMembershipUpdated).toBeInstanceOf(Date);
    // A real org's group links: two logos, owners, users, apps, and no `self`.
    expect(group._links?.self).toBeUndefined();
    expect(group._links?.users?.href).toBe(`${oktaOrg.origin}/api/v1/groups/${group.id}/users`);
    expect(group._links?.apps?.href).toBe(`${oktaOrg.origin}/api/v1/groups/${group.id}/apps`);
    expect(group._links?.logo?.map(logo => [logo.name, logo.type])).toEqual([
      ['medium', 'image/png'],
      ['large', 'image/png'],
    ]);
    expect(Object.keys((await (await apiFetch(oktaOrg, `/api/v1/groups/${group.id}`)).json())._links).sort()).toEqual(['apps', 'logo', 'owners', 'users']);

    const found: string[] = [];
    for await (const g of await client.groupApi.listGroups({ q: name.slice(0, 15).toLowerCase() })) found.push(g!.id!);
    expect(found).toEqual([group.id]);
    expect((await client.groupApi.getGroup({ groupId: group.id! })).profile?.name).toBe(name);

    const duplicate = await sdkError(() => client.groupApi.createGroup({ group: { profile: { name } } }));
    expect([duplicate.status, duplicate.errorCode]).toEqual([400, 'E0000001']);
    expect(duplicate.errorCauses?.map(c => c.errorSummary)).toEqual(['name: An object with this field already exists in the current organization']);

    await client.groupApi.deleteGroup({ groupId: group.id! });
    const gone = await sdkError(() => client.groupApi.getGroup({ groupId: group.id! }));
    expect([gone.status, gone.errorCode]).toEqual([404, 'E0000007']);
  });

  test('adds and removes members (204) and lists them', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Members') } } });
    const users = [];
    for (let i = 0; i < 2; i++) users.push(await client.userApi.createUser({ body: userBody(uniqueLogin('member')) }));

    const put = await apiFetch(oktaOrg, `/api/v1/groups/${group.id}/users/${users[0].id}`, { method: 'PUT' });
    expect(put.status).toBe(204);
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: users[1].id! });
    const members: string[] = [];
    for await (const user of await client.groupApi.listGroupUsers({ groupId: group.id!, limit: 1 })) members.push(user!.id!);
    expect(members).toEqual(users.map(u => u.id));

    await client.groupApi.unassignUserFromGroup({ groupId: group.id!, userId: users[0].id! });
    const after: string[] = [];
    for await (const user of await client.groupApi.listGroupUsers({ groupId: group.id! })) after.push(user!.id!);
    expect(after).toEqual([users[1].id]);

    const unknownUser = await sdkError(() => client.groupApi.assignUserToGroup({ groupId: group.id!, userId: '00uNoSuchUser0000000' }));
    expect([unknownUser.status, unknownUser.errorCode]).toEqual([404, 'E0000007']);
  });

  test('assigns a group to an app, which assigns its members; lists, reads and removes the assignment', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('App users') } } });
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('via-group')) });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });
    expect(oktaOrg.store.isAssigned(app.id!, user.id!)).toBe(false);

    const assignment = await client.applicationApi.assignGroupToApplication({ appId: app.id!, groupId: group.id! });
    expect(assignment).toBeInstanceOf(okta.ApplicationGroupAssignment);
    expect(assignment).toMatchObject({ id: group.id, priority: 0 });
    expect(assignment.lastUpdated).toBeInstanceOf(Date);
    expect(oktaOrg.store.isAssigned(app.id!, user.id!)).toBe(true);

    const listed: string[] = [];
    for await (const a of await client.applicationApi.listApplicationGroupAssignments({ appId: app.id! })) listed.push(a!.id!);
    expect(listed).toEqual([group.id]);
    expect((await client.applicationApi.getApplicationGroupAssignment({ appId: app.id!, groupId: group.id! })).id).toBe(group.id);

    await client.applicationApi.unassignApplicationFromGroup({ appId: app.id!, groupId: group.id! });
    expect(oktaOrg.store.isAssigned(app.id!, user.id!)).toBe(false);
    const missing = await sdkError(() => client.applicationApi.getApplicationGroupAssignment({ appId: app.id!, groupId: group.id! }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
    const unknownGroup = await sdkError(() => client.applicationApi.assignGroupToApplication({ appId: app.id!, groupId: '00gNoSuchGroup000000' }));
    expect([unknownGroup.status, unknownGroup.errorSummary]).toEqual([404, 'Not found: Resource not found: 00gNoSuchGroup000000 (UserGroup)']);
  });

  test('lists the apps a group is assigned to, page by page, as full apps without their secrets', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Assigned') } } });
    const apps = [];
    for (let i = 0; i < 3; i++) apps.push(await client.applicationApi.createApplication({ application: webApp() }));
    await client.applicationApi.assignGroupToApplication({ appId: apps[2].id!, groupId: group.id! });
    await client.applicationApi.assignGroupToApplication({ appId: apps[0].id!, groupId: group.id! });

    const listed = await collect(await client.groupApi.listAssignedApplicationsForGroup({ groupId: group.id!, limit: 1 }));
    expect(listed.map(app => app.id)).toEqual([apps[0].id, apps[2].id]);
    expect(listed[0]).toBeInstanceOf(okta.OpenIdConnectApplication);
    expect((listed[0] as okta.OpenIdConnectApplication).credentials.oauthClient?.client_secret).toBeUndefined();

    await client.applicationApi.unassignApplicationFromGroup({ appId: apps[0].id!, groupId: group.id! });
    expect((await collect(await client.groupApi.listAssignedApplicationsForGroup({ groupId: group.id! }))).map(app => app.id)).toEqual([apps[2].id]);
    const unknown = await sdkError(() => client.groupApi.listAssignedApplicationsForGroup({ groupId: '00gNoSuchGroup000000' }).then(collect));
    expect([unknown.status, unknown.errorCode]).toEqual([404, 'E0000007']);
  });

  test("lists a user's groups, Everyone first; members in a list carry only a self link", async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('grouped')) });
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Mine') } } });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });
    const groups = await collect(await client.userApi.listUserGroups({ userId: user.id! }));
    expect(groups.map(g => g.profile?.name)).toEqual(['Everyone', group.profile?.name]);

    const members = await (await apiFetch(oktaOrg, `/api/v1/groups/${group.id}/users`)).json();
    expect(members.map((m: { _links: object }) => m._links)).toEqual([{ self: { href: `${oktaOrg.origin}/api/v1/users/${user.id}` } }]);
  });
});
