// Provision and teardown against the emulators, checked through the official SDKs (never through
// provisioning's own return values): what exists, with which settings, and that nothing is left.
import type { OpenIdConnectApplication } from '@okta/okta-sdk-nodejs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, extraDir, resourcesNamed, runEnvOf } from '../fixtures/provisioning.ts';
import { writeEmbeddedEnv } from '../emulators/start.ts';
import { loadConfig } from './config.ts';
import { backchannelLogoutUrl, provision } from './provision.ts';
import { initiateLoginUri } from './auth0.ts';
import { teardown } from './teardown.ts';
import { readManifest } from './manifest.ts';
import { runNames } from './naming.ts';

test('provision creates the Okta app, trusted origin and assigned user, the Auth0 app and single-page app, the okta connection enabled for both, and the API they may call', async ({
  config,
  dir,
  oktaAdmin,
  auth0Admin,
}) => {
  await provision({ config, dir });
  const manifest = readManifest(dir)!;
  const env = runEnvOf(dir);
  const names = runNames(manifest.runId);
  const auth0Domain = config.auth0.domain;

  // Okta: one OIDC web app with the Auth0 callback, as Auth0's connection needs it.
  const apps = [];
  for await (const a of await oktaAdmin.applicationApi.listApplications({})) if (a?.label === names.oktaApp) apps.push(a);
  expect(apps).toHaveLength(1);
  const app = (await oktaAdmin.applicationApi.getApplication({ appId: apps[0].id! })) as OpenIdConnectApplication;
  expect(app.status).toBe('ACTIVE');
  expect(app.signOnMode).toBe('OPENID_CONNECT');
  expect(app.credentials.oauthClient?.token_endpoint_auth_method).toBe('client_secret_post');
  expect(app.settings.oauthClient).toMatchObject({
    application_type: 'web',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [`https://${auth0Domain}/login/callback`],
  });
  expect(app.settings.oauthClient?.post_logout_redirect_uris).toContain('http://localhost:3000');
  expect(env.OKTA_APP_CLIENT_ID).toBe(app.credentials.oauthClient?.client_id);

  // The app signs in under the run's own authentication policy: a password alone, no "Stay signed in?" prompt.
  const policyId = manifest.resources.find(r => r.kind === 'okta.signInPolicy')!.id!;
  expect((app._links as Record<string, { href: string }>).accessPolicy.href).toBe(`${config.okta.orgUrl}/api/v1/policies/${policyId}`);
  const policy = await oktaAdmin.policyApi.getPolicy({ policyId });
  expect(policy).toMatchObject({ type: 'ACCESS_POLICY', name: names.oktaSignInPolicy, status: 'ACTIVE' });
  const rules = [];
  for await (const r of await oktaAdmin.policyApi.listPolicyRules({ policyId })) rules.push(r);
  expect(rules.map(r => [r?.name, r?.priority])).toEqual([
    ['Harness: password only', 0],
    ['Catch-all Rule', 99],
  ]);
  expect((rules[0] as import('@okta/okta-sdk-nodejs').AccessPolicyRule).actions?.appSignOn).toEqual({
    access: 'ALLOW',
    verificationMethod: { type: 'ASSURANCE', factorMode: '1FA', reauthenticateIn: 'PT12H', constraints: [{ knowledge: { types: ['password'] } }] },
    keepMeSignedIn: { postAuth: 'NOT_ALLOWED' },
  });

  // The trusted origin for the Auth0 domain (CORS and redirect), as the setup guide says.
  const origins = [];
  for await (const t of await oktaAdmin.trustedOriginApi.listTrustedOrigins({})) if (t?.origin === `https://${auth0Domain}`) origins.push(t);
  expect(origins).toHaveLength(1);
  expect(origins[0].name).toBe(names.oktaTrustedOrigin);
  expect(origins[0].scopes?.map(s => s.type).sort()).toEqual(['CORS', 'REDIRECT']);

  // The test user: active, on the run's own HRD domain, assigned to the app, with a strong password.
  const user = await oktaAdmin.userApi.getUser({ userId: env.TEST_USER_EMAIL });
  expect(user.status).toBe('ACTIVE');
  expect(user.profile?.login).toBe(env.TEST_USER_EMAIL);
  expect(user.profile?.email).toBe(`${names.userLocalPart(1)}@${manifest.runId}.harness.test`);
  const assigned = [];
  for await (const au of await oktaAdmin.applicationApi.listApplicationUsers({ appId: app.id! })) assigned.push(au?.id);
  expect(assigned).toEqual([user.id]);
  expect(env.TEST_USER_PASSWORD).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{20,}$/);

  // Auth0: the demo app, a regular web app with the demo's URLs and the refresh-token grant.
  const client = await auth0Admin.clients.get(env.CLIENT_ID);
  expect(client).toMatchObject({
    name: names.auth0Client,
    app_type: 'regular_web',
    callbacks: ['http://localhost:3000/callback'],
    allowed_logout_urls: ['http://localhost:3000', 'http://localhost:3000/'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_basic',
    oidc_conformant: true,
    client_secret: env.CLIENT_SECRET,
  });
  expect(client.oidc_logout?.backchannel_logout_urls).toEqual(['http://localhost:3000/backchannel-logout']);
  expect(client.initiate_login_uri ?? undefined).toBeUndefined(); // http://localhost: Auth0 would reject it

  // The okta connection: every option provisioning owns, and enabled for the demo app.
  const [listed, ...more] = await connectionsNamed(auth0Admin, names.auth0Connection);
  expect(more).toHaveLength(0);
  const connection = await auth0Admin.connections.get(listed.id!);
  expect(connection).toMatchObject({ strategy: 'okta', display_name: 'Okta Workforce', show_as_button: true });
  expect(connection.options).toMatchObject({
    domain: config.okta.domain,
    client_id: app.credentials.oauthClient?.client_id,
    client_secret: expect.any(String),
    domain_aliases: [`${manifest.runId}.harness.test`],
    set_user_root_attributes: 'on_each_login',
    scope: 'openid profile email',
    upstream_params: { login_hint: { alias: 'login_hint' } },
  });
  expect((connection.options as Record<string, unknown>).icon_url).toBeUndefined();
  await expectOktaAcceptsClientSecret(config.okta.orgUrl, connection.options as Record<string, string>, auth0Domain);
  const enabled = [];
  for await (const c of await auth0Admin.connections.clients.get(connection.id!)) enabled.push(c.client_id);
  expect(enabled).toEqual([env.CLIENT_ID, env.SPA_CLIENT_ID]);

  // The single-page app: a public client at {BASE_URL}/spa, its origin allowed for token calls and web_message.
  const spa = await auth0Admin.clients.get(env.SPA_CLIENT_ID);
  expect(spa).toMatchObject({
    name: names.auth0SpaClient,
    app_type: 'spa',
    callbacks: ['http://localhost:3000/spa'],
    allowed_logout_urls: ['http://localhost:3000/spa'],
    web_origins: ['http://localhost:3000'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
  });

  // The API: users' applications get tokens only by client grant; both apps have one for read:whoami (not read:reports).
  const api = await auth0Admin.resourceServers.get(env.API_AUDIENCE);
  expect(api).toMatchObject({
    name: names.auth0Api,
    identifier: `https://api.${manifest.runId}.harness.test/`,
    scopes: [
      { value: 'read:whoami', description: expect.any(String) },
      { value: 'read:reports', description: expect.any(String) },
    ],
    allow_offline_access: true,
    subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } },
  });
  const grants = [];
  for await (const g of await auth0Admin.clientGrants.list({ audience: env.API_AUDIENCE })) grants.push([g.client_id, g.subject_type, g.scope]);
  expect(grants).toEqual([
    [env.CLIENT_ID, 'user', ['read:whoami']],
    [env.SPA_CLIENT_ID, 'user', ['read:whoami']],
  ]);

  // run.env: what the demo app and the specs need, mode 0600; the manifest holds no secret.
  expect(statSync(join(dir, 'run.env')).mode & 0o777).toBe(0o600);
  expect(env).toMatchObject({
    ISSUER_BASE_URL: `https://${auth0Domain}`,
    BASE_URL: 'http://localhost:3000',
    CONNECTION_NAME: names.auth0Connection,
    CONNECTION_DISPLAY_NAME: 'Okta Workforce',
    HARNESS_RUN_ID: manifest.runId,
  });
  expect(env.SECRET.length).toBeGreaterThanOrEqual(32);
  const manifestText = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const oktaSecret = (connection.options as Record<string, string>).client_secret;
  for (const secret of [env.CLIENT_SECRET, env.SECRET, env.TEST_USER_PASSWORD, oktaSecret, config.auth0.clientSecret, config.okta.apiToken]) {
    expect(manifestText).not.toContain(secret);
  }
  expect(manifest.resources.map(r => [r.kind, r.name, r.status])).toEqual([
    ['okta.signInPolicy', names.oktaSignInPolicy, 'created'],
    ['okta.app', names.oktaApp, 'created'],
    ['okta.trustedOrigin', names.oktaTrustedOrigin, 'created'],
    ['okta.user', env.TEST_USER_EMAIL, 'created'],
    ['auth0.client', names.auth0Client, 'created'],
    ['auth0.client', names.auth0SpaClient, 'created'],
    ['auth0.connection', names.auth0Connection, 'created'],
    ['auth0.api', names.auth0Api, 'created'],
  ]);

  await teardown({ config, dir });
});

test('provision twice reuses everything (no duplicates); teardown leaves nothing with the run prefix; teardown twice is fine', async ({
  config,
  dir,
  oktaAdmin,
  auth0Admin,
  emulators,
}) => {
  const first = await provision({ config, dir, users: 2 });
  const prefix = runNames(first.runId).prefix;
  const envBefore = runEnvOf(dir);
  const before = await resourcesNamed(oktaAdmin, auth0Admin, prefix);
  expect(before).toHaveLength(11); // sign-in policy, app, trusted origin, 2 users, 2 clients, connection, API and its 2 grants

  const oktaSeq = emulators.okta.events.lastSeq;
  const auth0Seq = emulators.auth0.events.lastSeq;
  const second = await provision({ config, dir, users: 2 });
  expect(second.runId).toBe(first.runId);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual(before);
  // Nothing was created or changed the second time: the emulators saw only reads.
  const writes = [
    ...emulators.okta.events.list({ since: oktaSeq, type: 'okta.management' }),
    ...emulators.auth0.events.list({ since: auth0Seq, type: 'auth0.management' }),
  ].filter(e => e.method !== 'GET');
  expect(writes).toEqual([]);
  // The credentials in run.env stay valid: same client secret, passwords and session secret.
  expect(runEnvOf(dir)).toEqual(envBefore);

  const summary = await teardown({ config, dir });
  expect(summary.runId).toBe(first.runId);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
  // Deleted, not merely deactivated: Okta answers 404 for the users.
  for (const email of [envBefore.TEST_USER_EMAIL, envBefore.TEST_USER_2_EMAIL]) {
    await expect(oktaAdmin.userApi.getUser({ userId: email })).rejects.toMatchObject({ status: 404 });
  }
  expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  expect(existsSync(join(dir, 'run.env'))).toBe(false);

  const again = await teardown({ config, dir });
  expect(again.runId).toBeUndefined();
  expect(again.items).toEqual([]);
});

test('provision recreates what was deleted and repairs drift, keeping connection options set elsewhere (read-merge-write)', async ({
  config,
  dir,
  oktaAdmin,
  auth0Admin,
}) => {
  const first = await provision({ config, dir });
  const names = runNames(first.runId);
  const oldApp = first.manifest.resources.find(r => r.kind === 'okta.app')!.id!;
  const oldUser = first.manifest.resources.find(r => r.kind === 'okta.user')!.id!;
  // Someone deletes the Okta app and the user, and edits the connection by hand.
  await oktaAdmin.applicationApi.deactivateApplication({ appId: oldApp });
  await oktaAdmin.applicationApi.deleteApplication({ appId: oldApp });
  await oktaAdmin.userApi.deleteUser({ userId: oldUser });
  await oktaAdmin.userApi.deleteUser({ userId: oldUser });
  const [listed] = await connectionsNamed(auth0Admin, names.auth0Connection);
  const edited = await auth0Admin.connections.get(listed.id!);
  await auth0Admin.connections.update(listed.id!, {
    options: { ...(edited.options as object), scope: 'openid', non_persistent_attrs: ['ethnicity'] } as never,
  });

  await provision({ config, dir });
  const env = runEnvOf(dir);
  const appIds = [];
  for await (const a of await oktaAdmin.applicationApi.listApplications({})) if (a?.label === names.oktaApp) appIds.push(a.id);
  expect(appIds).toHaveLength(1);
  expect(appIds[0]).not.toBe(oldApp);
  const app = (await oktaAdmin.applicationApi.getApplication({ appId: appIds[0]! })) as OpenIdConnectApplication;
  const user = await oktaAdmin.userApi.getUser({ userId: env.TEST_USER_EMAIL });
  expect(user.id).not.toBe(oldUser);
  expect(user.status).toBe('ACTIVE');
  const assigned = [];
  for await (const au of await oktaAdmin.applicationApi.listApplicationUsers({ appId: app.id! })) assigned.push(au?.id);
  expect(assigned).toEqual([user.id]);
  // The new app signs in under the run's policy too.
  const policyId = first.manifest.resources.find(r => r.kind === 'okta.signInPolicy')!.id!;
  expect((app._links as Record<string, { href: string }>).accessPolicy.href).toBe(`${config.okta.orgUrl}/api/v1/policies/${policyId}`);

  const repaired = await auth0Admin.connections.get(listed.id!);
  expect(repaired.options).toMatchObject({
    client_id: app.credentials.oauthClient?.client_id,
    scope: 'openid profile email',
    non_persistent_attrs: ['ethnicity'], // set elsewhere: kept
  });
  await expectOktaAcceptsClientSecret(config.okta.orgUrl, repaired.options as Record<string, string>, config.auth0.domain);

  await teardown({ config, dir });
});

test('without run.env the test user keeps its id and gets a new password through the API', async ({ config, dir, oktaAdmin }) => {
  const first = await provision({ config, dir });
  const email = first.runEnv.TEST_USER_EMAIL;
  const before = await oktaAdmin.userApi.getUser({ userId: email });
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'run.env'));

  await provision({ config, dir });
  const env = runEnvOf(dir);
  const after = await oktaAdmin.userApi.getUser({ userId: email });
  expect(after.id).toBe(before.id);
  expect(env.TEST_USER_EMAIL).toBe(email);
  expect(env.TEST_USER_PASSWORD).not.toBe(first.runEnv.TEST_USER_PASSWORD);
  expect(after.passwordChanged!.getTime()).toBeGreaterThan(before.passwordChanged!.getTime());

  await teardown({ config, dir });
});

test('a burst of 429s on both sides is waited out (Retry-After / X-Rate-Limit-Reset) and the run completes', async ({
  config,
  dir,
  fault,
  oktaAdmin,
  auth0Admin,
}) => {
  test.setTimeout(60_000);
  // Okta: X-Rate-Limit-Reset = now (the SDK waits reset − Date + 1 s); Auth0: Retry-After: 1.
  await fault('okta', { method: 'POST', path: '^/api/v1/users$', status: 429, times: 3, retryAfterSeconds: 0 });
  await fault('auth0', { method: 'POST', path: '^/api/v2/clients$', status: 429, times: 3, retryAfterSeconds: 1 });
  const result = await provision({ config, dir });
  expect(result.calls.rateLimited).toEqual({ okta: 3, auth0: 3 });
  const env = runEnvOf(dir);
  expect((await oktaAdmin.userApi.getUser({ userId: env.TEST_USER_EMAIL })).status).toBe('ACTIVE');
  expect((await auth0Admin.clients.get(env.CLIENT_ID)).name).toBe(runNames(result.runId).auth0Client);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, runNames(result.runId).prefix)).toHaveLength(10); // no duplicate from a retry
  await teardown({ config, dir });
});

test('an https demo URL gets initiate_login_uri; back-channel logout goes to PUBLIC_BASE_URL; live without one gets none', async ({
  config,
  dir,
  oktaAdmin,
  auth0Admin,
}) => {
  await provision({ config: { ...config, publicBaseUrl: 'https://public.example.com' }, dir, baseUrl: 'https://demo.example.com' });
  const env = runEnvOf(dir);
  const client = await auth0Admin.clients.get(env.CLIENT_ID);
  expect(client).toMatchObject({
    callbacks: ['https://demo.example.com/callback'],
    initiate_login_uri: 'https://demo.example.com/login',
    oidc_logout: { backchannel_logout_urls: ['https://public.example.com/backchannel-logout'] },
  });
  const app = (await oktaAdmin.applicationApi.getApplication({ appId: env.OKTA_APP_CLIENT_ID })) as OpenIdConnectApplication;
  expect(app.settings.oauthClient?.post_logout_redirect_uris).toEqual(['https://demo.example.com', 'https://demo.example.com/']);
  await teardown({ config, dir });

  // Live without PUBLIC_BASE_URL: a real Auth0 tenant could not reach the demo app, so no URL.
  expect(backchannelLogoutUrl({ ...config, target: 'live', publicBaseUrl: undefined }, 'https://demo.example.com')).toBeUndefined();
  expect(backchannelLogoutUrl({ ...config, target: 'embedded', publicBaseUrl: undefined }, 'http://localhost:3000')).toBe(
    'http://localhost:3000/backchannel-logout',
  );
  expect(initiateLoginUri('https://localhost:3000')).toBeUndefined(); // Auth0 rejects localhost there
});

test('concurrent runs share the one trusted origin Okta allows per origin: the holder hands it over at teardown, the last run removes it', async ({
  config,
  dir,
  oktaAdmin,
  auth0Admin,
}) => {
  const origin = `https://${config.auth0.domain}`;
  const originsNow = async () => {
    const found = [];
    for await (const t of await oktaAdmin.trustedOriginApi.listTrustedOrigins({})) if (t?.origin === origin) found.push({ id: t.id, name: t.name });
    return found;
  };
  const first = await provision({ config, dir });
  const secondDir = extraDir(dir, 'second');
  const second = await provision({ config, dir: secondDir });
  const [shared, ...none] = await originsNow();
  expect(none).toEqual([]);
  expect(shared.name).toBe(runNames(first.runId).oktaTrustedOrigin);
  expect(second.manifest.resources.find(r => r.kind === 'okta.trustedOrigin')).toMatchObject({ id: shared.id, owned: false });

  await teardown({ config, dir });
  expect(await resourcesNamed(oktaAdmin, auth0Admin, runNames(first.runId).prefix)).toEqual([]);
  expect(await originsNow()).toEqual([{ id: shared.id, name: runNames(second.runId).oktaTrustedOrigin }]);

  await teardown({ config, dir: secondDir });
  expect(await originsNow()).toEqual([]);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, runNames(second.runId).prefix)).toEqual([]);
});

test('Management API calls of one provision + teardown, counted on both sides and matching what the emulators served', async ({
  dir,
  isolatedEmulators: emulators,
}, testInfo) => {
  // Tenants of their own: listings (teardown's final scan) take more pages on a tenant that other tests fill.
  writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
  const config = loadConfig({ dir, env: {} });
  const oktaSeq = emulators.okta.events.lastSeq;
  const auth0Seq = emulators.auth0.events.lastSeq;
  const provisioned = await provision({ config, dir });
  const tornDown = await teardown({ config, dir });
  const served = {
    okta: emulators.okta.events.list({ since: oktaSeq, type: 'okta.management' }).length,
    auth0: emulators.auth0.events.list({ since: auth0Seq, type: 'auth0.management' }).length,
  };
  expect(provisioned.calls.okta + tornDown.calls.okta).toBe(served.okta);
  expect(provisioned.calls.auth0 + tornDown.calls.auth0).toBe(served.auth0);
  const figures = {
    provision: {
      okta: provisioned.calls.okta,
      auth0: provisioned.calls.auth0,
      auth0TokenRequests: provisioned.calls.auth0TokenRequests,
      ms: provisioned.durationMs,
    },
    teardown: { okta: tornDown.calls.okta, auth0: tornDown.calls.auth0, auth0TokenRequests: tornDown.calls.auth0TokenRequests, ms: tornDown.durationMs },
  };
  testInfo.annotations.push({ type: 'management-api-calls', description: JSON.stringify(figures) });
  console.log('management-api-calls', JSON.stringify(figures));
  // The figures docs/provisioning.md quotes (one user): any change to the call pattern must update them.
  expect(figures.provision).toMatchObject({ okta: 8, auth0: 9, auth0TokenRequests: 1 });
  expect(figures.teardown).toMatchObject({ okta: 13, auth0: 8, auth0TokenRequests: 1 });
});

/**
 * Okta's GET hides an app's secret, so check the one the connection holds where Auth0 would use
 * it: Okta's token endpoint authenticates the client (client_secret_post) before it looks at the
 * code, so a made-up code yields invalid_grant with the right secret and invalid_client otherwise.
 */
async function expectOktaAcceptsClientSecret(orgUrl: string, options: Record<string, string>, auth0Domain: string) {
  const token = async (secret: string) => {
    const response = await fetch(`${orgUrl}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'not-a-real-code',
        redirect_uri: `https://${auth0Domain}/login/callback`,
        client_id: options.client_id,
        client_secret: secret,
      }),
    });
    return ((await response.json()) as { error?: string }).error;
  };
  expect(await token(options.client_secret)).toBe('invalid_grant');
  expect(await token(`${options.client_secret}x`)).toBe('invalid_client');
}

async function connectionsNamed(auth0Admin: import('auth0').ManagementClient, name: string) {
  const found = [];
  for await (const c of await auth0Admin.connections.list()) if (c.name === name) found.push(c);
  return found;
}

test("the demo app and the single-page app use the run's connection alone: a connection enabled for them elsewhere is turned off for them", async ({
  config,
  dir,
  auth0Admin,
}) => {
  const first = await provision({ config, dir });
  const env = runEnvOf(dir);
  // What a tenant does with a connection that is on for new apps (a database, a social login).
  const other = await auth0Admin.connections.create({
    name: `${runNames(first.runId).prefix}other`,
    strategy: 'okta',
    options: { domain: config.okta.domain, client_id: 'someone-else', client_secret: 'someone-elses-secret' },
  } as never);
  await auth0Admin.connections.clients.update(other.id!, [
    { client_id: env.CLIENT_ID, status: true },
    { client_id: env.SPA_CLIENT_ID, status: true },
  ]);

  await provision({ config, dir });
  for (const clientId of [env.CLIENT_ID, env.SPA_CLIENT_ID]) {
    const enabledFor = [];
    for await (const c of await auth0Admin.clients.connections.get(clientId)) enabledFor.push(c.name);
    expect(enabledFor, clientId === env.CLIENT_ID ? 'the demo app' : 'the single-page app').toEqual([runNames(first.runId).auth0Connection]);
  }
  await auth0Admin.connections.delete(other.id!);
  await teardown({ config, dir });
});

test("with AUTH0_CUSTOM_DOMAIN the Okta app redirects there, the trusted origin and the demo app's issuer are there; changing it moves them", async ({
  config,
  dir,
  oktaAdmin,
}) => {
  const custom = { ...config, auth0: { ...config.auth0, customDomain: 'login.example.com', loginDomain: 'login.example.com' } };
  const first = await provision({ config: custom, dir });
  const app = (await oktaAdmin.applicationApi.getApplication({
    appId: first.manifest.resources.find(r => r.kind === 'okta.app')!.id!,
  })) as OpenIdConnectApplication;
  expect(app.settings.oauthClient?.redirect_uris).toEqual(['https://login.example.com/login/callback']);
  expect(runEnvOf(dir).ISSUER_BASE_URL).toBe('https://login.example.com');
  const originsOf = async () => {
    const found: string[] = [];
    for await (const t of await oktaAdmin.trustedOriginApi.listTrustedOrigins({}))
      if (t?.name === runNames(first.runId).oktaTrustedOrigin) found.push(t.origin!);
    return found;
  };
  expect(await originsOf()).toEqual(['https://login.example.com']);

  // Back to the canonical domain: redirect, origin and issuer follow; the old origin is gone.
  await provision({ config, dir });
  const moved = (await oktaAdmin.applicationApi.getApplication({ appId: app.id! })) as OpenIdConnectApplication;
  expect(moved.settings.oauthClient?.redirect_uris).toEqual([`https://${config.auth0.domain}/login/callback`]);
  expect(await originsOf()).toEqual([`https://${config.auth0.domain}`]);
  expect(runEnvOf(dir).ISSUER_BASE_URL).toBe(`https://${config.auth0.domain}`);
  await teardown({ config, dir });
});
