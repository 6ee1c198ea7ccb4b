// What provisioning builds actually works: a relying party with run.env's credentials logs the
// run's test user in through Universal Login (home realm discovery on the run's email domain),
// Okta's sign-in page (identifier pre-filled from the login_hint the connection forwards, then the generated
// password) and back. Teardown then deletes the Auth0 user that login created.
import { decodeJwt } from 'jose';
import * as client from 'openid-client';
import { HttpBrowser, type Page } from '../fixtures/http-browser.ts';
import { test, expect, runEnvOf } from './provisioning-fixture.ts';
import { provision } from './provision.ts';
import { teardown } from './teardown.ts';

test('the provisioned user logs in through the provisioned connection; teardown deletes the Auth0 user the login created', async ({ config, dir, auth0Admin, emulators }) => {
  await provision({ config, dir });
  const env = runEnvOf(dir);
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
  expect(page.url).toContain(`https://${config.auth0.domain}/u/login/identifier`);
  // Home realm discovery: the run's email domain routes to its connection.
  expect(page.form({ index: 0 }).value('username')).toBe(env.TEST_USER_EMAIL);
  page = await browser.submit(page.form({ index: 0 }), { username: env.TEST_USER_EMAIL }, { stopBefore: atRelyingParty, submitter: 'default' });
  for (let step = 0; step < 4 && !page.stopped; step++) {
    expect(new URL(page.url).origin).toBe(config.okta.orgUrl);
    const form = oktaSignInForm(page);
    if (form.value('credentials.passcode') !== undefined) page = await browser.submit(form, { 'credentials.passcode': env.TEST_USER_PASSWORD }, { stopBefore: atRelyingParty });
    else {
      expect(form.value('identifier')).toBe(env.TEST_USER_EMAIL);
      page = await browser.submit(form, {}, { stopBefore: atRelyingParty });
    }
  }
  expect(page.stopped, `expected the demo app's callback, got ${page.url} (${page.status})`).toBe(true);
  const tokens = await client.authorizationCodeGrant(rp, new URL(page.url), { pkceCodeVerifier: codeVerifier, expectedState: state });
  const claims = tokens.claims()!;
  expect(claims.iss).toBe(`${env.ISSUER_BASE_URL}/`);
  expect(claims.email).toBe(env.TEST_USER_EMAIL);
  expect(claims.sub).toMatch(new RegExp(`^okta\\|${env.CONNECTION_NAME}\\|00u`));
  expect(decodeJwt(tokens.access_token)).toMatchObject({ aud: [env.API_AUDIENCE, `${env.ISSUER_BASE_URL}/userinfo`], scope: 'openid profile email read:whoami' });

  const auth0UserId = claims.sub;
  expect((await auth0Admin.users.get(auth0UserId)).email).toBe(env.TEST_USER_EMAIL);
  const since = emulators.auth0.events.lastSeq;
  const summary = await teardown({ config, dir });
  expect(summary.items).toContainEqual({ what: 'auth0 user', name: env.TEST_USER_EMAIL, id: auth0UserId, result: 'deleted' });
  // Deleted explicitly, before its connection (Auth0 would also drop it with the connection, later).
  const deletes = emulators.auth0.events.list({ since, type: 'auth0.management' }).filter(e => e.method === 'DELETE').map(e => String(e.path));
  const userDelete = deletes.indexOf(`/api/v2/users/${encodeURIComponent(auth0UserId)}`);
  expect(userDelete).toBeGreaterThanOrEqual(0);
  expect(userDelete).toBeLessThan(deletes.findIndex(path => path.startsWith('/api/v2/connections/')));
  await expect(auth0Admin.users.get(auth0UserId)).rejects.toMatchObject({ statusCode: 404 });
});

/** The form of Okta's sign-in page that has an identifier or a password field. */
function oktaSignInForm(page: Page) {
  for (let index = 0; index < 10; index++) {
    const form = page.form({ index });
    if (form.value('identifier') !== undefined || form.value('credentials.passcode') !== undefined) return form;
  }
  throw new Error(`no Okta sign-in form on ${page.url}`);
}
