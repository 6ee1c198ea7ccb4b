// What provisioning builds actually works: a relying party with run.env's credentials logs the
// run's test user in through Universal Login (home realm discovery on the run's email domain),
// Okta's hosted sign-in (username pre-filled from the login_hint the connection forwards, then the
// generated password, over the Identity Engine API) and back, with an access token for the run's
// API. Teardown then deletes the Auth0 user that login created.
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { HttpBrowser, type Page } from '../fixtures/http-browser.ts';
import { hostedSignInFirstStep, signInOnOktaPage } from '../fixtures/okta-hosted-sign-in.ts';
import { EPHEMERAL_TOPOLOGY } from '../fixtures/emulators.ts';
import { startEmulators, writeEmbeddedEnv } from '../emulators/start.ts';
import { test, expect, adminClients, runEnvOf } from '../fixtures/provisioning.ts';
import { loadConfig, type HarnessConfig } from './config.ts';
import { readManifest } from './manifest.ts';
import { provision } from './provision.ts';
import { teardown } from './teardown.ts';

/** Logs run.env's test user in to run.env's client, as a browser would; the callback URL, or the error the relying party got. */
async function logInAsTestUser(config: HarnessConfig, env: Record<string, string>) {
  const callback = `${env.BASE_URL}/callback`;
  const atRelyingParty = (url: URL) => url.origin === env.BASE_URL;

  const rp = await client.discovery(new URL(`${env.ISSUER_BASE_URL}/`), env.CLIENT_ID, undefined, client.ClientSecretBasic(env.CLIENT_SECRET));
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const authorize = client.buildAuthorizationUrl(rp, {
    redirect_uri: callback,
    // The run's API: its client grant lets the demo app ask for read:whoami on the user's behalf.
    scope: 'openid profile email read:whoami',
    audience: env.API_AUDIENCE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    // The connection's upstream_params forward it to Okta, which pre-fills the username.
    login_hint: env.TEST_USER_EMAIL,
  });

  const browser = new HttpBrowser();
  let page: Page = await browser.navigate(authorize, { stopBefore: atRelyingParty });
  expect(page.url).toContain(`https://${config.auth0.loginDomain}/u/login/identifier`);
  // Home realm discovery: the run's email domain routes to its connection.
  expect(page.form({ index: 0 }).value('username')).toBe(env.TEST_USER_EMAIL);
  page = await browser.submit(page.form({ index: 0 }), { username: env.TEST_USER_EMAIL }, { stopBefore: atRelyingParty, submitter: 'default' });
  expect(new URL(page.url).origin).toBe(config.okta.orgUrl);
  expect(await hostedSignInFirstStep(page)).toEqual({ step: 'identify', username: env.TEST_USER_EMAIL });
  page = await signInOnOktaPage(browser, page, { login: env.TEST_USER_EMAIL, password: env.TEST_USER_PASSWORD }, { stopBefore: atRelyingParty });
  expect(page.stopped, `expected the demo app's callback, got ${page.url} (${page.status})`).toBe(true);
  const returned = new URL(page.url);
  if (returned.searchParams.has('error')) return { error: Object.fromEntries(returned.searchParams) };
  const tokens = await client.authorizationCodeGrant(rp, returned, { pkceCodeVerifier: codeVerifier, expectedState: state });
  return { claims: tokens.claims()!, accessToken: tokens.access_token };
}

test('the provisioned user logs in through the provisioned connection; teardown deletes the Auth0 user the login created', async ({
  config,
  dir,
  auth0Admin,
  emulators,
}) => {
  await provision({ config, dir });
  const env = runEnvOf(dir);
  const { claims, accessToken } = await logInAsTestUser(config, env);
  expect(claims!.iss).toBe(`${env.ISSUER_BASE_URL}/`);
  expect(claims!.email).toBe(env.TEST_USER_EMAIL);
  expect(claims!.sub).toMatch(new RegExp(`^okta\\|${env.CONNECTION_NAME}\\|00u`));
  expect(decodeJwt(accessToken!)).toMatchObject({ aud: [env.API_AUDIENCE, `${env.ISSUER_BASE_URL}/userinfo`], scope: 'openid profile email read:whoami' });

  const auth0UserId = claims!.sub;
  expect((await auth0Admin.users.get(auth0UserId)).email).toBe(env.TEST_USER_EMAIL);
  const since = emulators.auth0.events.lastSeq;
  const summary = await teardown({ config, dir });
  expect(summary.items).toContainEqual({ what: 'auth0 user', name: env.TEST_USER_EMAIL, id: auth0UserId, result: 'deleted' });
  // Deleted explicitly, before its connection (Auth0 would also drop it with the connection, later).
  const deletes = emulators.auth0.events
    .list({ since, type: 'auth0.management' })
    .filter(e => e.method === 'DELETE')
    .map(e => String(e.path));
  const userDelete = deletes.indexOf(`/api/v2/users/${encodeURIComponent(auth0UserId)}`);
  expect(userDelete).toBeGreaterThanOrEqual(0);
  expect(userDelete).toBeLessThan(deletes.findIndex(path => path.startsWith('/api/v2/connections/')));
  await expect(auth0Admin.users.get(auth0UserId)).rejects.toMatchObject({ statusCode: 404 });
});

test("on an org whose default policy wants two factors (a new org), the run's own sign-in policy lets the user in with a password", async ({ dir }) => {
  const emulators = await startEmulators({ topology: EPHEMERAL_TOPOLOGY, okta: { behaviour: { defaultAppSignInPolicy: 'two-factors' } } });
  try {
    writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
    const config = loadConfig({ dir, env: {} });
    const run = await provision({ config, dir });
    const env = runEnvOf(dir);
    expect((await logInAsTestUser(config, env)).claims?.email).toBe(env.TEST_USER_EMAIL);

    // Without it (the app back on the org's default policy), a password is not enough.
    const oktaAdmin = adminClients(emulators.env).okta;
    const defaultPolicy = [];
    for await (const p of await oktaAdmin.policyApi.listPolicies({ type: 'ACCESS_POLICY' })) if (p?.system) defaultPolicy.push(p.id!);
    await oktaAdmin.applicationApi.assignApplicationPolicy({ appId: run.manifest.resources.find(r => r.kind === 'okta.app')!.id!, policyId: defaultPolicy[0] });
    const refused = await logInAsTestUser(config, env);
    expect(refused.error).toMatchObject({ error: 'access_denied' });
    await teardown({ config, dir });
  } finally {
    await emulators.close();
  }
});

test('with a custom domain the whole login runs there: Okta redirects to it, its issuer signs the tokens; the Management API stays canonical', async ({
  dir,
}) => {
  const emulators = await startEmulators({ topology: { ...EPHEMERAL_TOPOLOGY, auth0CustomDomain: { host: '127.0.0.4', port: 0 } } });
  try {
    const custom = emulators.auth0.custom!;
    expect(emulators.env.AUTH0_CUSTOM_DOMAIN).toBe(custom.domain);
    writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
    const config = loadConfig({ dir, env: {} });
    expect(config.auth0).toMatchObject({ domain: emulators.auth0.domain, customDomain: custom.domain, loginDomain: custom.domain });
    await provision({ config, dir });
    const env = runEnvOf(dir);
    expect(env.ISSUER_BASE_URL).toBe(custom.origin);

    // The Okta app knows the custom domain's callback alone, and Okta matches redirect URIs exactly:
    // the login below succeeding means Auth0 sent Okta that callback.
    const oktaApp = await adminClients(emulators.env).okta.applicationApi.getApplication({
      appId: readManifest(dir)!.resources.find(r => r.kind === 'okta.app')!.id!,
    });
    expect((oktaApp as import('@okta/okta-sdk-nodejs').OpenIdConnectApplication).settings.oauthClient?.redirect_uris).toEqual([
      `${custom.origin}/login/callback`,
    ]);
    const { claims, accessToken } = await logInAsTestUser(config, env);
    expect(claims!.iss).toBe(`${custom.origin}/`);
    expect(claims!.email).toBe(env.TEST_USER_EMAIL);
    // The API's access token too: the demo API (issuer = ISSUER_BASE_URL) accepts tokens from there.
    expect(decodeJwt(accessToken!)).toMatchObject({ iss: `${custom.origin}/`, aud: [env.API_AUDIENCE, `${custom.origin}/userinfo`] });
    // The Management API is not served there; the canonical domain's discovery keeps its own issuer.
    expect((await fetch(`${custom.origin}/api/v2/clients`)).status).toBe(404);
    expect(((await (await fetch(`${emulators.auth0.origin}/.well-known/openid-configuration`)).json()) as { issuer: string }).issuer).toBe(
      `${emulators.auth0.origin}/`,
    );
    await teardown({ config, dir });
  } finally {
    await emulators.close();
  }
});
