// Users through @okta/okta-sdk-nodejs v8: creation outcomes and the stored shape, validation,
// reading by id or login, q/filter/search semantics, updates, the two-step delete, sessions
// (docs/fidelity.md#users).
import okta from '@okta/okta-sdk-nodejs';
import type { User } from '@okta/okta-sdk-nodejs';
import { verifyPassword } from '../store.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { PASSWORD, apiFetch, collect, sdkClient, sdkError, unique, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';

test.describe('Okta Management API: users', () => {
  test('creates an active user with a password that is stored hashed and never echoed', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('active');
    const user = await client.userApi.createUser({ body: userBody(login, { mobilePhone: '555-415-1337' }) });
    expect(user).toBeInstanceOf(okta.User);
    expect(user.id).toMatch(/^00u[A-Za-z0-9]{17}$/);
    expect(user.status).toBe('ACTIVE');
    // Recorded real orgs set activated and statusChanged at creation (Okta's older doc example shows null).
    expect(user.activated).toEqual(user.created);
    expect(user.statusChanged).toEqual(user.created);
    expect(user.lastLogin).toBeNull();
    expect(user.passwordChanged).toBeInstanceOf(Date);
    expect(user.type?.id).toMatch(/^oty/);
    expect(user.realmId).toMatch(/^guo[A-Za-z0-9]{17}$/);
    // mobilePhone and secondEmail are always there (null when unset); other unset attributes are not.
    expect(user.profile).toEqual({ firstName: 'Test', lastName: 'User', mobilePhone: '555-415-1337', secondEmail: null, login, email: login });
    expect(user._links?.self?.href).toBe(`${oktaOrg.origin}/api/v1/users/${user.id}`);

    // On the wire: `"password": {}` and the provider, nothing else.
    const raw = await (await apiFetch(oktaOrg, `/api/v1/users/${user.id}`)).json();
    expect(raw.credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
    expect(JSON.stringify(raw)).not.toContain(PASSWORD);
    const stored = oktaOrg.store.users.get(user.id!)!;
    expect(stored.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored.passwordHash)).toBe(true);
  });

  test('creates STAGED with activate=false and PROVISIONED without credentials; activation makes a user with a password ACTIVE', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const staged = await client.userApi.createUser({ body: userBody(uniqueLogin('staged')), activate: false });
    expect(staged.status).toBe('STAGED');
    const provisioned = await client.userApi.createUser({ body: userBody(uniqueLogin('provisioned'), {}, null) });
    expect(provisioned.status).toBe('PROVISIONED');
    expect(provisioned.passwordChanged).toBeNull();
    const rawProvisioned = await (await apiFetch(oktaOrg, `/api/v1/users/${provisioned.id}`)).json();
    expect(rawProvisioned.credentials).toEqual({ provider: { type: 'OKTA', name: 'OKTA' } });

    await client.userApi.activateUser({ userId: staged.id!, sendEmail: false });
    const activated = await client.userApi.getUser({ userId: staged.id! });
    expect(activated.status).toBe('ACTIVE');
    expect(activated.activated).toBeInstanceOf(Date);
    expect(activated.statusChanged).toBeInstanceOf(Date);

    const again = await sdkError(() => client.userApi.activateUser({ userId: staged.id! }));
    expect([again.status, again.errorCode, again.errorSummary]).toEqual([403, 'E0000016', 'Activation failed because the user is already active']);
  });

  test('rejects a duplicate login (any case) and a short password with E0000001 and their causes', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('dup');
    await client.userApi.createUser({ body: userBody(login) });
    const duplicate = await sdkError(() => client.userApi.createUser({ body: userBody(login.toUpperCase()) }));
    expect(duplicate).toBeInstanceOf(okta.OktaApiError);
    expect(duplicate.status).toBe(400);
    expect(duplicate.errorCode).toBe('E0000001');
    expect(duplicate.errorSummary).toBe('Api validation failed: login');
    expect(duplicate.errorCauses?.map(c => c.errorSummary)).toEqual(['login: An object with this field already exists in the current organization']);

    const weak = await sdkError(() => client.userApi.createUser({ body: userBody(uniqueLogin('weak'), {}, 'Sh0rt!') }));
    expect([weak.status, weak.errorCode, weak.errorSummary]).toEqual([400, 'E0000001', 'Api validation failed: password']);
    expect(weak.errorCauses?.map(c => c.errorSummary)).toEqual(['password: Password requirements were not met. Password requirements: at least 8 characters.']);

    const blank = await sdkError(() => client.userApi.createUser({ body: { profile: { login: 'not-an-email' } } }));
    expect(blank.errorSummary).toBe('Api validation failed: firstName');
    expect(blank.errorCauses?.map(c => c.errorSummary)).toEqual([
      'firstName: The field cannot be left blank',
      'lastName: The field cannot be left blank',
      'email: The field cannot be left blank',
      'login: Username must be in the form of an email address',
    ]);
  });

  test('refuses attributes the user schema does not define; drops attributes set to null', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('schema');
    // The body is sent as given: the SDK's model would drop an unknown attribute, a raw call does not.
    const unknown = await apiFetch(oktaOrg, '/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: { ...userBody(login).profile, notValid: 'x' } }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      errorCode: 'E0000001',
      errorSummary: 'Api validation failed: newUser',
      errorCauses: [{ errorSummary: "Property name 'notValid' is not defined in profile" }],
    });

    const user = await client.userApi.createUser({
      body: { profile: { ...userBody(login).profile, postalAddress: null as unknown as string, title: 'Engineer' } },
    });
    expect(user.profile).toEqual({ firstName: 'Test', lastName: 'User', mobilePhone: null, secondEmail: null, login, email: login, title: 'Engineer' });
    const cleared = await client.userApi.updateUser({
      userId: user.id!,
      user: { profile: { title: null as unknown as string, mobilePhone: null as unknown as string } },
    });
    expect(cleared.profile).toEqual({ firstName: 'Test', lastName: 'User', mobilePhone: null, secondEmail: null, login, email: login });
    const update = await apiFetch(oktaOrg, `/api/v1/users/${user.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"profile":{"favourite":"tea"}}',
    });
    expect(await update.json()).toMatchObject({
      errorSummary: 'Api validation failed: user',
      errorCauses: [{ errorSummary: "Property name 'favourite' is not defined in profile" }],
    });
  });

  test('reads a user by id or by login, in any case', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('Reader');
    const user = await client.userApi.createUser({ body: userBody(login) });
    expect((await client.userApi.getUser({ userId: login })).id).toBe(user.id);
    expect((await client.userApi.getUser({ userId: login.toLowerCase() })).id).toBe(user.id);
    const missing = await sdkError(() => client.userApi.getUser({ userId: 'nobody@example.test' }));
    expect([missing.status, missing.errorCode, missing.errorSummary]).toEqual([404, 'E0000007', 'Not found: Resource not found: nobody@example.test (User)']);
  });

  test('lists users with limit=1 page by page, following absolute next links', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const lastName = unique('Pager');
    const created: User[] = [];
    for (let i = 0; i < 3; i++) created.push(await client.userApi.createUser({ body: userBody(uniqueLogin('pager'), { lastName }) }));

    const since = oktaOrg.events.lastSeq;
    const paged = await collect(await client.userApi.listUsers({ search: `profile.lastName eq "${lastName}"`, limit: 1 }));
    expect(paged.map(u => u.id)).toEqual(created.map(u => u.id));
    const pageRequests = oktaOrg.events.list({ since, type: 'okta.management' }).filter(e => e.path === '/api/v1/users');
    expect(pageRequests).toHaveLength(3);

    const first = await apiFetch(oktaOrg, `/api/v1/users?search=${encodeURIComponent(`profile.lastName eq "${lastName}"`)}&limit=2`);
    const link = first.headers.get('link')!;
    // A user in a list carries a `self` link only; on its own, the relations of its status.
    expect((await first.clone().json())[0]._links).toEqual({ self: { href: `${oktaOrg.origin}/api/v1/users/${created[0].id}` } });
    const next = /<([^>]+)>; rel="next"/.exec(link)![1];
    expect(next).toMatch(new RegExp(`^${oktaOrg.origin.replace(/[.]/g, '\\.')}/api/v1/users\\?after=[A-Za-z0-9_-]+&limit=2&search=`));
    const last = await apiFetch(oktaOrg, next.slice(oktaOrg.origin.length));
    expect((await last.json()).map((u: { id: string }) => u.id)).toEqual([created[2].id]);
    expect(last.headers.get('link')).not.toContain('rel="next"');

    // Without a query every (non-deactivated) user is listed, ours among them.
    const everyone = (await collect(await client.userApi.listUsers({ limit: 200 }))).map(u => u.id);
    for (const user of created) expect(everyone).toContain(user.id);
  });

  test('search: eq/sw/co with case-insensitive values, deactivated users included, unsupported terms rejected', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('Searcher');
    const user = await client.userApi.createUser({ body: userBody(login, { department: 'Engineering' }) });
    const gone = await client.userApi.createUser({ body: userBody(uniqueLogin('searcher-gone'), { department: 'Engineering' }) });
    await client.userApi.deactivateUser({ userId: gone.id! });

    const byEmail = await collect(await client.userApi.listUsers({ search: `profile.email eq "${login.toUpperCase()}"` }));
    expect(byEmail.map(u => u.id)).toEqual([user.id]);
    const byPrefix = await collect(await client.userApi.listUsers({ search: `profile.login sw "${login.slice(0, 14).toLowerCase()}" AND status eq "active"` }));
    expect(byPrefix.map(u => u.id)).toEqual([user.id]);
    const contains = await collect(await client.userApi.listUsers({ search: `profile.login co "${login.slice(9, 19)}"` }));
    expect(contains.map(u => u.id)).toEqual([user.id]);
    const withDeactivated = await collect(
      await client.userApi.listUsers({ search: `(profile.login eq "${login}" or id eq "${gone.id}") and profile.department eq "engineering"` }),
    );
    expect(withDeactivated.map(u => u.status).sort()).toEqual(['ACTIVE', 'DEPROVISIONED']);

    for (const [search, cause] of [
      [`profile.department co "Eng"`, "The 'co' operator is only supported for profile.firstName, profile.lastName, profile.email, profile.login."],
      [`profile.email ne "${login}"`, "The 'ne' operator is not supported in a search."],
      [`Profile.email eq "${login}"`, "Searching on 'Profile.email' is not supported."],
      [`profile.email eq`, 'Invalid search syntax.'],
    ]) {
      const error = await sdkError(() => client.userApi.listUsers({ search }).then(collect));
      expect([error.status, error.errorCode, error.errorSummary, error.errorCauses?.[0]?.errorSummary]).toEqual([
        400,
        'E0000031',
        'Invalid search criteria.',
        cause,
      ]);
    }
  });

  test('filter: supported attributes only, eq (ranges on lastUpdated), case-sensitive values, deactivated users included', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('Filtered');
    const user = await client.userApi.createUser({ body: userBody(login) });
    await client.userApi.deactivateUser({ userId: user.id! });

    expect((await collect(await client.userApi.listUsers({ filter: `profile.login eq "${login}"` }))).map(u => u.status)).toEqual(['DEPROVISIONED']);
    expect(await collect(await client.userApi.listUsers({ filter: `profile.login eq "${login.toLowerCase()}"` }))).toEqual([]);
    const recent = await collect(
      await client.userApi.listUsers({ filter: `lastUpdated ge "${new Date(Date.now() - 60_000).toISOString()}" and id eq "${user.id}"` }),
    );
    expect(recent.map(u => u.id)).toEqual([user.id]);

    for (const filter of [`profile.department eq "x"`, `profile.login sw "x"`, `not status eq "ACTIVE"`]) {
      const error = await sdkError(() => client.userApi.listUsers({ filter }).then(collect));
      expect([error.status, error.errorCode]).toEqual([400, 'E0000031']);
    }
  });

  test('q: prefix of first name, last name or email, without deactivated users, 10 by default and one page only', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const firstName = unique('Quentin');
    const users: User[] = [];
    for (let i = 0; i < 12; i++) users.push(await client.userApi.createUser({ body: userBody(uniqueLogin('q'), { firstName }) }));
    await client.userApi.deactivateUser({ userId: users[0].id! });

    const response = await apiFetch(oktaOrg, `/api/v1/users?q=${firstName.toLowerCase()}`);
    const found = await response.json();
    expect(found).toHaveLength(10);
    expect(found.map((u: { id: string }) => u.id)).not.toContain(users[0].id);
    expect(response.headers.get('link')).not.toContain('rel="next"');
    const withLimit = await collect(await client.userApi.listUsers({ q: firstName, limit: 50 }));
    expect(withLimit.map(u => u.id)).toEqual(users.slice(1).map(u => u.id));
  });

  test('partial update merges the profile, replace drops what is left out, both validate', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const login = uniqueLogin('updated');
    const user = await client.userApi.createUser({ body: userBody(login, { nickName: 'tester' }) });

    const updated = await client.userApi.updateUser({ userId: user.id!, user: { profile: { firstName: 'Renamed', title: 'Engineer' } } });
    expect(updated.profile).toMatchObject({ firstName: 'Renamed', lastName: 'User', nickName: 'tester', title: 'Engineer', login });
    expect(updated.lastUpdated!.getTime()).toBeGreaterThanOrEqual(user.lastUpdated!.getTime());

    const replaced = await client.userApi.replaceUser({
      userId: user.id!,
      user: { profile: { firstName: 'Only', lastName: 'Required', email: login, login } },
    });
    expect(replaced.profile?.nickName).toBeUndefined();
    expect(replaced.profile).toMatchObject({ firstName: 'Only', lastName: 'Required' });

    const invalid = await sdkError(() => client.userApi.replaceUser({ userId: user.id!, user: { profile: { firstName: 'No', lastName: 'Email', login } } }));
    expect([invalid.status, invalid.errorCode, invalid.errorSummary]).toEqual([400, 'E0000001', 'Api validation failed: email']);

    const newPassword = 'Another-Passw0rd';
    await client.userApi.updateUser({ userId: user.id!, user: { credentials: { password: { value: newPassword } } } });
    expect(await verifyPassword(newPassword, oktaOrg.store.users.get(user.id!)!.passwordHash)).toBe(true);
  });

  test('deactivates, then deletes in two steps, removing app and group memberships', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Members') } } });

    const deactivated = await client.userApi.createUser({ body: userBody(uniqueLogin('deactivated')) });
    await client.userApi.deactivateUser({ userId: deactivated.id! });
    expect((await client.userApi.getUser({ userId: deactivated.id! })).status).toBe('DEPROVISIONED');
    const twice = await sdkError(() => client.userApi.deactivateUser({ userId: deactivated.id! }));
    expect([twice.status, twice.errorCode]).toEqual([404, 'E0000007']);
    const listed = (await collect(await client.userApi.listUsers({}))).map(u => u.id);
    expect(listed).not.toContain(deactivated.id);

    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('deleted')) });
    await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id! } });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });

    await client.userApi.deleteUser({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('DEPROVISIONED');
    const second = await apiFetch(oktaOrg, `/api/v1/users/${user.id}`, { method: 'DELETE' });
    expect(second.status).toBe(204);
    const missing = await sdkError(() => client.userApi.getUser({ userId: user.id! }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
    expect(oktaOrg.store.appUsers.get(app.id!)?.has(user.id!)).toBe(false);
    expect(oktaOrg.store.groupMembers.get(group.id!)?.has(user.id!)).toBe(false);
    // Its login is free again.
    await client.userApi.createUser({ body: userBody(user.profile!.login!) });
  });

  test("clears a user's Okta sessions without telling any app (no Universal Logout)", async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('sessions')) });
    const since = oktaOrg.events.lastSeq;
    const response = await apiFetch(oktaOrg, `/api/v1/users/${user.id}/sessions`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    await client.userApi.revokeUserSessions({ userId: user.id!, oauthTokens: true });
    const events = oktaOrg.events.list({ since });
    expect(events.filter(e => e.type === 'okta.user.sessions_cleared').map(e => e.userId)).toEqual([user.id, user.id]);
    expect(events.filter(e => e.type.startsWith('gtr.') || e.type.includes('universal'))).toEqual([]);
  });
});
