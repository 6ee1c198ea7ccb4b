// The authorization code flow with PKCE against the org authorization server, driven by
// openid-client v6 as the relying party and by a user signing in on the hosted page over the
// Identity Engine API, as its widget does.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { hostedSignInStateToken } from '../../../fixtures/okta-hosted-sign-in.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, authorizeAndSignIn, exchangeCode, relyingParty, signIn, type ClientAuthMethod } from '../../../fixtures/okta/relying-party.ts';

const METHODS: ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post'];

for (const authMethod of METHODS) {
  test(`code flow with PKCE and ${authMethod}: thin ID token verified against the JWKS, full claims from userinfo`, async ({ oktaOrg }) => {
    const arrange = new OrgArrangements(oktaOrg);
    // The app is created with Okta's default method; the RP authenticates with `authMethod` —
    // Okta accepts the secret in the header or in the body for any secret-based app.
    const { app, user } = await arrange.appWithAssignedUser({}, { firstName: 'Grace', lastName: 'Hopper' });
    const rp = await relyingParty(oktaOrg, app, authMethod);
    const browser = new HttpBrowser();

    const { request, callback } = await authorizeAndSignIn(browser, rp, user);
    expect([...callback.searchParams.keys()].sort()).toEqual(['code', 'state']);
    expect(callback.searchParams.get('state')).toBe(request.state);

    const tokens = await exchangeCode(rp, request, callback);
    expect(tokens.token_type).toBe('bearer'); // openid-client lower-cases the Bearer type
    expect(tokens.expires_in).toBe(3600);
    expect(tokens.scope).toBe('openid profile email');
    expect(tokens.refresh_token).toBeUndefined();

    const jwks = createRemoteJWKSet(new URL(rp.config.serverMetadata().jwks_uri!));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: oktaOrg.issuer, audience: app.clientId, algorithms: ['RS256'] });
    expect(protectedHeader.kid).toBe(oktaOrg.signingKey.kid);
    expect(payload).toMatchObject({
      sub: user.id,
      ver: 1,
      iss: oktaOrg.issuer,
      aud: app.clientId,
      amr: ['pwd'],
      idp: oktaOrg.store.orgId,
      nonce: request.nonce,
      name: 'Grace Hopper',
      email: user.login,
      preferred_username: user.login,
    });
    expect(payload.jti).toMatch(/^ID\./);
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(typeof payload.auth_time).toBe('number');
    expect(payload.at_hash).toBe(leftHalfSha256(tokens.access_token));
    // Thin: the profile's other claims are only at /userinfo.
    expect(payload).not.toHaveProperty('given_name');
    expect(payload).not.toHaveProperty('family_name');
    expect(payload).not.toHaveProperty('email_verified');
    expect(payload).not.toHaveProperty('locale');
    expect(payload).not.toHaveProperty('sid');
    expect(tokens.claims()?.sub).toBe(user.id);

    const userinfo = await oidc.fetchUserInfo(rp.config, tokens.access_token, user.id);
    expect(userinfo).toMatchObject({
      sub: user.id,
      name: 'Grace Hopper',
      given_name: 'Grace',
      family_name: 'Hopper',
      preferred_username: user.login,
      email: user.login,
      email_verified: true,
      locale: 'en-US',
      zoneinfo: 'America/Los_Angeles',
    });
    expect(typeof userinfo.updated_at).toBe('number');
    expect(userinfo).not.toHaveProperty('ver');
    expect(userinfo).not.toHaveProperty('jti');
  });
}

test('the token response carries a refresh token only with offline_access and the app’s refresh_token grant', async ({ oktaOrg }) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser({ grantTypes: ['authorization_code', 'refresh_token'] });
  const rp = await relyingParty(oktaOrg, app);

  const withOffline = await authorizeAndSignIn(new HttpBrowser(), rp, user, { scope: 'openid email offline_access' });
  const tokens = await exchangeCode(rp, withOffline.request, withOffline.callback);
  expect(tokens.scope).toBe('openid email offline_access');
  expect(tokens.refresh_token).toEqual(expect.any(String));
  const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
  expect(refreshed.access_token).not.toBe(tokens.access_token);
  expect(refreshed.claims()?.sub).toBe(user.id);

  const without = await authorizeAndSignIn(new HttpBrowser(), rp, user, { scope: 'openid email' });
  expect((await exchangeCode(rp, without.request, without.callback)).refresh_token).toBeUndefined();

  const { app: noRefreshGrant, user: other } = await arrange.appWithAssignedUser();
  const rp2 = await relyingParty(oktaOrg, noRefreshGrant);
  const flow = await authorizeAndSignIn(new HttpBrowser(), rp2, other, { scope: 'openid email offline_access' });
  const noRefresh = await exchangeCode(rp2, flow.request, flow.callback);
  expect(noRefresh.refresh_token).toBeUndefined();
});

test('POST /oauth2/v1/authorize works as GET (form-encoded parameters)', async ({ oktaOrg }) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(oktaOrg, app);
  const request = await authorizationRequest(rp);
  const browser = new HttpBrowser();
  const signInPage = await browser.navigate(`${oktaOrg.issuer}/oauth2/v1/authorize`, {
    method: 'POST',
    body: request.url.searchParams,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    stopBefore: rp.stopAtCallback,
  });
  expect(hostedSignInStateToken(signInPage), 'Okta’s sign-in page').toBeDefined();
  const done = await signIn(browser, rp, signInPage, user);
  const tokens = await exchangeCode(rp, request, new URL(done.url));
  expect(tokens.claims()?.sub).toBe(user.id);

  const { state: _state, ...withoutState } = Object.fromEntries(request.url.searchParams);
  const refused = await new HttpBrowser().navigate(`${oktaOrg.issuer}/oauth2/v1/authorize`, {
    method: 'POST',
    body: new URLSearchParams(withoutState),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    stopBefore: rp.stopAtCallback,
  });
  expect(new URL(refused.url).searchParams.get('error_description')).toBe("The authentication request has an invalid 'state' parameter.");
});

test('signing in updates the user’s lastLogin, as the Management API shows it', async ({ oktaOrg }) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  expect((await arrange.client.userApi.getUser({ userId: user.id })).lastLogin ?? null).toBeNull();
  const before = Date.now();
  await authorizeAndSignIn(new HttpBrowser(), await relyingParty(oktaOrg, app), user);
  const lastLogin = (await arrange.client.userApi.getUser({ userId: user.id })).lastLogin;
  expect(lastLogin).toBeInstanceOf(Date);
  expect(lastLogin!.getTime()).toBeGreaterThanOrEqual(before - 1000);
});

test('each protocol hop is in the event log with client, user and outcome, and no code, token or password', async ({ oktaOrg }) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(oktaOrg, app);
  const since = oktaOrg.events.lastSeq;
  const { request, callback } = await authorizeAndSignIn(new HttpBrowser(), rp, user);
  const tokens = await exchangeCode(rp, request, callback);
  await oidc.fetchUserInfo(rp.config, tokens.access_token, user.id);

  const events = oktaOrg.events.list({ since }).filter(e => e.type.startsWith('okta.') && e.client_id === app.clientId);
  const summary = events.map(e => `${e.type}:${e.outcome}`);
  expect(summary).toEqual([
    'okta.authorize:sign_in_required',
    'okta.signin:identified',
    'okta.signin:success',
    'okta.signin:redirected',
    'okta.authorize:success',
    'okta.token:success',
    'okta.userinfo:success',
  ]);
  for (const event of events.slice(1)) expect(event.userId).toBe(user.id);
  const serialized = JSON.stringify(events);
  for (const secret of [callback.searchParams.get('code')!, tokens.access_token, tokens.id_token!, user.password, app.clientSecret]) {
    expect(serialized).not.toContain(secret);
  }
});

test('measure: one full code flow (discovery, sign-in over HTTP, token, userinfo)', async ({ oktaOrg }, testInfo) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const rp = await relyingParty(oktaOrg, app);
    const { request, callback } = await authorizeAndSignIn(new HttpBrowser(), rp, user);
    const tokens = await exchangeCode(rp, request, callback);
    await oidc.fetchUserInfo(rp.config, tokens.access_token, user.id);
    timings.push(performance.now() - started);
  }
  const median = [...timings].sort((a, b) => a - b)[2];
  const line = `full code flow: median ${median.toFixed(1)} ms over 5 runs (${timings.map(t => t.toFixed(1)).join(', ')} ms)`;
  testInfo.annotations.push({ type: 'measurement', description: line });
  console.log(line);
  expect(timings).toHaveLength(5);
});

test('the ID token header names the key that /oauth2/v1/keys publishes', async ({ oktaOrg }) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(oktaOrg, app);
  const { request, callback } = await authorizeAndSignIn(new HttpBrowser(), rp, user);
  const tokens = await exchangeCode(rp, request, callback);
  const response = await fetch(`${oktaOrg.issuer}/oauth2/v1/keys`);
  expect(response.headers.get('content-type')).toContain('application/json');
  expect(response.headers.get('cache-control')).toMatch(/^max-age=\d+, must-revalidate$/);
  const keys = (await response.json()) as { keys: Record<string, string>[] };
  expect(keys.keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: oktaOrg.signingKey.kid, e: 'AQAB' })]);
  expect(keys.keys[0]).not.toHaveProperty('d');
  expect(decodeProtectedHeader(tokens.id_token!)).toEqual({ alg: 'RS256', kid: oktaOrg.signingKey.kid });
});

function leftHalfSha256(value: string): string {
  const digest = createHash('sha256').update(value).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
