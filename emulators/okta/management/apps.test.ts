// OIDC apps and app user assignments through @okta/okta-sdk-nodejs v8, as provisioning uses them.
import okta from '@okta/okta-sdk-nodejs';
import type { AppUser, OpenIdConnectApplication, User } from '@okta/okta-sdk-nodejs';
import { expect, test } from '../../../fixtures/emulators.ts';
import { AUTH0_CALLBACK, apiFetch, sdkClient, sdkError, unique, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';

test.describe('Okta Management API: apps', () => {
  test('creates an OIDC web app for the Auth0 callback with Okta defaults and a secret shown only at creation', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const label = unique('Auth0 broker');
    const created = (await client.applicationApi.createApplication({ application: webApp(label) })) as OpenIdConnectApplication;

    expect(created).toBeInstanceOf(okta.OpenIdConnectApplication);
    expect(created.id).toMatch(/^0oa[A-Za-z0-9]{17}$/);
    expect(created.status).toBe('ACTIVE'); // activate defaults to true
    expect(created.label).toBe(label);
    expect(created.orn).toBe(`orn:okta:idp:${oktaOrg.store.orgId}:apps:oidc_client:${created.id}`);
    const oauth = created.credentials.oauthClient!;
    expect(oauth.client_id).toBe(created.id);
    expect(oauth.client_secret).toMatch(/^[\x21-\x7e]{14,100}$/);
    expect(oauth.token_endpoint_auth_method).toBe('client_secret_basic');
    expect(oauth.pkce_required).toBe(false);
    expect(created.credentials.userNameTemplate).toMatchObject({ template: '${source.login}', type: 'BUILT_IN' });
    const settings = created.settings.oauthClient!;
    expect(settings.redirect_uris).toEqual([AUTH0_CALLBACK]);
    expect(settings.post_logout_redirect_uris).toEqual(['http://localhost:3000/']);
    expect(settings.consent_method).toBe('TRUSTED');
    expect(settings.application_type).toBe('web');
    expect(settings.grant_types).toEqual(['authorization_code']);
    expect(settings.response_types).toEqual(['code']);
    expect(settings.issuer_mode).toBe('ORG_URL');
    expect(settings.wildcard_redirect).toBe('DISABLED');
    expect(created.created).toBeInstanceOf(Date);
    expect(created._links?.deactivate?.href).toBe(`${oktaOrg.origin}/api/v1/apps/${created.id}/lifecycle/deactivate`);
    expect(created._links?.activate).toBeUndefined();
    // A real org gives an app no `self` link (so the SDK's cache never holds an app), and these
    // relations; the policy ones are left out (docs/fidelity.md#links).
    expect(created._links?.self).toBeUndefined();
    const raw = await (await apiFetch(oktaOrg, `/api/v1/apps/${created.id}`)).json();
    expect(Object.keys(raw._links).sort()).toEqual(['accessPolicy', 'appLinks', 'clientCredentials', 'deactivate', 'groups', 'logo', 'uploadLogo', 'users']);
    expect(raw._links.appLinks).toEqual([
      { name: 'oidc_client_link', href: expect.stringMatching(new RegExp(`/home/oidc_client/${created.id}/aln[A-Za-z0-9]{17}$`)), type: 'text/html' },
    ]);
    // Okta's defaults for what the definition left out, as a real org answers.
    expect(raw.universalLogout).toBeNull();
    expect(raw.settings).toMatchObject({
      notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
      emOptInStatus: 'NONE',
      notes: { admin: null, enduser: null },
      oauthClient: { client_uri: null, logo_uri: null, participate_slo: false },
    });

    // The authorization server authenticates the client with the stored secret.
    expect(oktaOrg.store.findAppByClientId(created.id!)?.wire.credentials?.oauthClient?.client_secret).toBe(oauth.client_secret);

    const fetched = (await client.applicationApi.getApplication({ appId: created.id! })) as OpenIdConnectApplication;
    expect(fetched.credentials.oauthClient?.client_id).toBe(created.id);
    expect(fetched.credentials.oauthClient?.client_secret).toBeUndefined();
    expect(fetched.settings.oauthClient?.redirect_uris).toEqual([AUTH0_CALLBACK]);
  });

  test('creates an inactive app with activate=false, and activates and deactivates it', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp(), activate: false });
    expect(app.status).toBe('INACTIVE');
    expect(app._links?.activate?.href).toBe(`${oktaOrg.origin}/api/v1/apps/${app.id}/lifecycle/activate`);
    expect(app._links?.deactivate).toBeUndefined();

    // Lifecycle POSTs have no body and no Content-Type; Okta answers 200 with `{}`.
    const raw = await apiFetch(oktaOrg, `/api/v1/apps/${app.id}/lifecycle/activate`, { method: 'POST' });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json');
    expect(await raw.json()).toEqual({});
    expect((await client.applicationApi.getApplication({ appId: app.id! })).status).toBe('ACTIVE');
    await client.applicationApi.deactivateApplication({ appId: app.id! });
    expect((await client.applicationApi.getApplication({ appId: app.id! })).status).toBe('INACTIVE');
  });

  test('rejects an invalid app definition with E0000001 and one cause per problem', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const application = webApp('');
    application.settings.oauthClient!.grant_types = ['authorization_code', 'password'];
    application.settings.oauthClient!.redirect_uris = ['/relative/callback'];
    const error = await sdkError(() => client.applicationApi.createApplication({ application }));
    expect(error).toBeInstanceOf(okta.OktaApiError);
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('E0000001');
    expect(error.errorSummary).toBe('Api validation failed: label');
    expect(error.errorCauses?.map(c => c.errorSummary)).toEqual([
      'label: The field cannot be left blank',
      "grant_types: 'password' is not allowed for a web application (allowed: authorization_code, implicit, refresh_token)",
      "redirect_uris: '/relative/callback' is not an absolute URI",
    ]);

    const noOauth = await apiFetch(oktaOrg, '/api/v1/apps', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bookmark', label: 'x', signOnMode: 'BOOKMARK', settings: { app: { url: 'https://x.example' } } }),
    });
    expect(noOauth.status).toBe(400);
    const body = await noOauth.json();
    expect(body.errorCode).toBe('E0000001');
    expect(body.errorCauses.map((c: { errorSummary: string }) => c.errorSummary.split(':')[0])).toEqual(['name', 'signOnMode', 'settings.oauthClient']);
  });

  test('takes a given client_id and client_secret, and refuses a client_id already in use', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const clientId = unique('my-client');
    const application = webApp();
    application.credentials.oauthClient = {
      client_id: clientId,
      client_secret: 'a-given-secret-of-32-characters!',
      token_endpoint_auth_method: 'client_secret_post',
    };
    const app = (await client.applicationApi.createApplication({ application })) as OpenIdConnectApplication;
    expect(app.id).not.toBe(clientId);
    expect(app.credentials.oauthClient).toMatchObject({
      client_id: clientId,
      client_secret: 'a-given-secret-of-32-characters!',
      token_endpoint_auth_method: 'client_secret_post',
    });

    const again = webApp();
    again.credentials.oauthClient = { client_id: clientId };
    const error = await sdkError(() => client.applicationApi.createApplication({ application: again }));
    expect(error.errorCode).toBe('E0000001');
    expect(error.errorCauses?.map(c => c.errorSummary)).toEqual(['client_id: An object with this field already exists in the current organization']);
  });

  test('replaces an app: id, client_id and created stay, the secret stays unless a new one is given', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const created = (await client.applicationApi.createApplication({ application: webApp() })) as OpenIdConnectApplication;
    const secret = created.credentials.oauthClient!.client_secret;

    const read = (await client.applicationApi.getApplication({ appId: created.id! })) as OpenIdConnectApplication;
    read.label = 'Renamed';
    read.settings.oauthClient!.redirect_uris = [AUTH0_CALLBACK, 'https://127.0.0.2:8443/other/callback'];
    const replaced = (await client.applicationApi.replaceApplication({ appId: created.id!, application: read })) as OpenIdConnectApplication;
    expect(replaced.id).toBe(created.id);
    expect(replaced.label).toBe('Renamed');
    expect(replaced.created).toEqual(created.created);
    expect(replaced.credentials.oauthClient?.client_id).toBe(created.id);
    expect(replaced.credentials.oauthClient?.client_secret).toBe(secret);
    expect(replaced.settings.oauthClient?.redirect_uris).toHaveLength(2);

    read.credentials.oauthClient = { ...read.credentials.oauthClient, client_secret: 'rotated-secret-0123456789' };
    const rotated = (await client.applicationApi.replaceApplication({ appId: created.id!, application: read })) as OpenIdConnectApplication;
    expect(rotated.credentials.oauthClient?.client_secret).toBe('rotated-secret-0123456789');

    read.credentials.oauthClient = { ...read.credentials.oauthClient, client_id: 'another-client-id' };
    const error = await sdkError(() => client.applicationApi.replaceApplication({ appId: created.id!, application: read }));
    expect(error.errorCauses?.map(c => c.errorSummary)).toEqual(['client_id: The client_id of an app cannot be changed']);
  });

  test('lists apps with q, filter, limit and the after cursor', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const prefix = unique('List');
    const ids: string[] = [];
    for (const suffix of ['a', 'b', 'c'])
      ids.push((await client.applicationApi.createApplication({ application: webApp(`${prefix} ${suffix}`), activate: suffix !== 'c' })).id!);

    const byPrefix: string[] = [];
    for await (const app of await client.applicationApi.listApplications({ q: prefix.toLowerCase(), limit: 1 })) byPrefix.push(app!.id!);
    expect(byPrefix).toEqual(ids);

    const inactive: string[] = [];
    for await (const app of await client.applicationApi.listApplications({ q: prefix, filter: 'status eq "INACTIVE"' })) inactive.push(app!.id!);
    expect(inactive).toEqual([ids[2]]);

    const byId: string[] = [];
    for await (const app of await client.applicationApi.listApplications({ filter: `id eq "${ids[1]}" or id eq "${ids[0]}"` })) byId.push(app!.id!);
    expect(byId.sort()).toEqual([ids[0], ids[1]].sort());

    const page = await apiFetch(oktaOrg, `/api/v1/apps?q=${encodeURIComponent(prefix)}&limit=2`);
    const links = page.headers.get('link')!;
    expect(links).toContain(`<${oktaOrg.origin}/api/v1/apps?q=${encodeURIComponent(prefix)}&limit=2>; rel="self"`);
    const next = /<([^>]+)>; rel="next"/.exec(links)![1];
    expect(next.startsWith(`${oktaOrg.origin}/api/v1/apps?after=`)).toBe(true);
    const rest = await (await apiFetch(oktaOrg, next.slice(oktaOrg.origin.length))).json();
    expect(rest.map((a: { id: string }) => a.id)).toEqual([ids[2]]);

    // The cursor still works after the item it points at is deleted.
    const firstPage = await apiFetch(oktaOrg, `/api/v1/apps?q=${encodeURIComponent(prefix)}&limit=1`);
    const afterFirst = /<([^>]+)>; rel="next"/.exec(firstPage.headers.get('link')!)![1];
    await client.applicationApi.deactivateApplication({ appId: ids[0] });
    await client.applicationApi.deleteApplication({ appId: ids[0] });
    const resumed = await (await apiFetch(oktaOrg, afterFirst.slice(oktaOrg.origin.length))).json();
    expect(resumed.map((a: { id: string }) => a.id)).toEqual([ids[1]]);

    const unsupported = await sdkError(async () => {
      for await (const _ of await client.applicationApi.listApplications({ filter: 'label eq "x"' })) void _;
    });
    expect([unsupported.status, unsupported.errorCode, unsupported.errorSummary]).toEqual([400, 'E0000031', 'Invalid search criteria.']);
  });

  test('refuses to delete an active app (403 E0000056), deletes it once deactivated', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const forbidden = await sdkError(() => client.applicationApi.deleteApplication({ appId: app.id! }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.errorCode).toBe('E0000056');
    expect(forbidden.errorSummary).toBe('Delete application forbidden.');
    expect(forbidden.errorCauses?.map(c => c.errorSummary)).toEqual(['The application must be deactivated before deletion.']);

    await client.applicationApi.deactivateApplication({ appId: app.id! });
    const deleted = await apiFetch(oktaOrg, `/api/v1/apps/${app.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const gone = await sdkError(() => client.applicationApi.getApplication({ appId: app.id! }));
    expect([gone.status, gone.errorCode, gone.errorSummary]).toEqual([404, 'E0000007', `Not found: Resource not found: ${app.id} (AppInstance)`]);
  });

  test('assigns users to an app, pages through them, reads and unassigns one', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const users: User[] = [];
    for (let i = 0; i < 3; i++) users.push(await client.userApi.createUser({ body: userBody(uniqueLogin('assignee')) }));

    const assigned = await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: users[0].id! } });
    expect(assigned).toBeInstanceOf(okta.AppUser);
    expect(assigned).toMatchObject({
      id: users[0].id,
      scope: 'USER',
      status: 'ACTIVE',
      syncState: 'DISABLED',
      credentials: { userName: users[0].profile!.login },
    });
    expect(assigned.created).toBeInstanceOf(Date);
    expect(assigned._links?.app?.href).toBe(`${oktaOrg.origin}/api/v1/apps/${app.id}`);
    expect(assigned._links?.user?.href).toBe(`${oktaOrg.origin}/api/v1/users/${users[0].id}`);
    for (const user of users.slice(1)) await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id! } });
    expect(oktaOrg.store.isAssigned(app.id!, users[2].id!)).toBe(true);

    const listed: AppUser[] = [];
    const since = oktaOrg.events.lastSeq;
    for await (const appUser of await client.applicationApi.listApplicationUsers({ appId: app.id!, limit: 1 })) listed.push(appUser!);
    expect(listed.map(u => u.id)).toEqual(users.map(u => u.id));
    // One request per page: limit=1 with three assignments is three pages.
    expect(oktaOrg.events.list({ since, type: 'okta.management' }).filter(e => e.path === `/api/v1/apps/${app.id}/users`)).toHaveLength(3);

    const one = await client.applicationApi.getApplicationUser({ appId: app.id!, userId: users[1].id! });
    expect(one.id).toBe(users[1].id);
    await client.applicationApi.unassignUserFromApplication({ appId: app.id!, userId: users[1].id! });
    const missing = await sdkError(() => client.applicationApi.getApplicationUser({ appId: app.id!, userId: users[1].id! }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
    expect(oktaOrg.store.isAssigned(app.id!, users[1].id!)).toBe(false);

    const unknownUser = await sdkError(() => client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: '00uNoSuchUser0000000' } }));
    expect([unknownUser.status, unknownUser.errorSummary]).toEqual([404, 'Not found: Resource not found: 00uNoSuchUser0000000 (User)']);
  });

  test("an app user's profile is the user's mapped to the OIDC claims, kept up to date, with Okta's defaults", async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const login = uniqueLogin('mapped');
    const user = await client.userApi.createUser({ body: userBody(login, { firstName: 'Ada', lastName: 'Lovelace' }) });
    await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id! } });

    const raw = await (await apiFetch(oktaOrg, `/api/v1/apps/${app.id}/users/${user.id}`)).json();
    // The key set and defaults of a recorded real assignment to an OIDC app.
    expect(raw.profile).toEqual({
      street_address: null,
      country: null,
      website: null,
      zoneinfo: 'America/Los_Angeles',
      birthdate: null,
      gender: null,
      formatted: null,
      profile: null,
      locality: null,
      given_name: 'Ada',
      middle_name: null,
      locale: 'en_US',
      picture: null,
      name: 'Ada Lovelace',
      nickname: null,
      phone_number: null,
      region: null,
      postal_code: null,
      family_name: 'Lovelace',
      email: login,
    });
    expect(Object.keys(raw._links).sort()).toEqual(['app', 'user']);

    await client.userApi.updateUser({ userId: user.id!, user: { profile: { lastName: 'King', locale: 'en_GB' } } });
    const after = await client.applicationApi.getApplicationUser({ appId: app.id!, userId: user.id! });
    expect(after.profile).toMatchObject({ family_name: 'King', name: 'Ada King', locale: 'en_GB' });
  });
});
