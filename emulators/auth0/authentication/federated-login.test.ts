// The federated login end to end, over HTTP only: an openid-client v6 relying party → Auth0
// /authorize → Universal Login → HRD → Okta's sign-in page → /login/callback → code → tokens.
// Everything is arranged through the official SDKs (auth0 ManagementClient, Okta SDK).
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { hostedSignInFirstStep } from '../../../fixtures/okta-hosted-sign-in.ts';
import {
  atRelyingParty,
  authorizationRequest,
  callbackParams,
  completeOktaSignIn,
  expect,
  loginWithCode,
  signInThroughOkta,
  startBackchannelReceiver,
  test,
} from '../../../fixtures/auth0/federation.ts';

test.describe('Federated login through the okta connection', () => {
  test('openid-client logs in through HRD and Okta; tokens, user, PKCE upstream and login_hint all as Auth0 does them', async ({ federate }) => {
    const federation = await federate({ connectionOptions: { upstream_params: { login_hint: { alias: 'login_hint' } } } });
    const { auth0, okta } = federation.emulators;
    const rp = await federation.rp();
    expect(rp.serverMetadata().issuer).toBe(`https://${auth0.domain}/`);
    const since = auth0.events.lastSeq;
    const started = performance.now();

    // /authorize → Universal Login, the email pre-filled from login_hint.
    const browser = new HttpBrowser();
    const request = await authorizationRequest(rp, { login_hint: federation.user.login });
    const identifier = await browser.navigate(request.url, { stopBefore: atRelyingParty });
    const loginForm = identifier.form({ index: 0 });
    expect(loginForm.value('username')).toBe(federation.user.login);

    // HRD → Okta's authorize endpoint, with PKCE and the forwarded login_hint.
    const atOkta = await browser.submit(loginForm, {}, { submitter: 'default', stopBefore: atRelyingParty });
    const upstream = new URL(atOkta.hops[0].location!);
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${okta.origin}/oauth2/v1/authorize`);
    expect(upstream.searchParams.get('code_challenge_method')).toBe('S256');
    expect(upstream.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(upstream.searchParams.get('login_hint')).toBe(federation.user.login);
    expect(upstream.searchParams.has('nonce')).toBe(false);

    // Okta's identifier field is pre-filled from the forwarded login_hint.
    expect(await hostedSignInFirstStep(atOkta)).toEqual({ step: 'identify', username: federation.user.login });
    const done = await completeOktaSignIn(browser, atOkta, federation);
    const callback = callbackParams(done);
    expect(callback.get('state')).toBe(request.state);
    expect(callback.get('code')).toBeTruthy();

    // Code → tokens, validated by openid-client (issuer with the slash, audience, nonce, signature).
    const tokens = await client.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    const loginMs = Math.round(performance.now() - started);
    test.info().annotations.push({ type: 'measurement', description: `one full federated login (browser hops + code exchange): ${loginMs} ms` });

    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(86400);
    expect(tokens.scope).toBe('openid profile email');
    expect(tokens.refresh_token).toBeUndefined();
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'RS256', kid: auth0.signingKey.kid });
    await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(rp.serverMetadata().jwks_uri!)), {
      issuer: auth0.issuer,
      audience: federation.application.clientId,
    });
    const claims = tokens.claims()!;
    const oktaUserId = federation.user.id;
    expect(claims).toMatchObject({
      iss: `https://${auth0.domain}/`,
      sub: `okta|${federation.connection.name}|${oktaUserId}`,
      aud: federation.application.clientId,
      nonce: request.nonce,
      name: 'Pat Doe',
      given_name: 'Pat',
      family_name: 'Doe',
      nickname: 'pat.doe',
      email: federation.user.login,
      email_verified: true,
    });
    expect(claims.sid).toEqual(expect.any(String));
    expect(claims.picture).toMatch(/^https:\/\/s\.gravatar\.com\/avatar\/[0-9a-f]{32}\?s=480&r=pg&d=https%3A%2F%2Fcdn\.auth0\.com%2Favatars%2Fpd\.png$/);
    expect(typeof claims.updated_at).toBe('string');
    expect(claims.exp - claims.iat).toBe(36000);

    const userinfo = await client.fetchUserInfo(rp, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: claims.sub, name: 'Pat Doe', nickname: 'pat.doe', email: federation.user.login, email_verified: true });
    expect(userinfo.updated_at).toBe(claims.updated_at);

    // The Auth0 user, through the Management API.
    const user = await federation.management.users.get(federation.auth0UserId);
    expect(user).toMatchObject({
      user_id: federation.auth0UserId,
      email: federation.user.login,
      email_verified: true,
      name: 'Pat Doe',
      given_name: 'Pat',
      family_name: 'Doe',
      nickname: 'pat.doe',
      logins_count: 1,
      identities: [{ provider: 'okta', connection: federation.connection.name, user_id: `${federation.connection.name}|${oktaUserId}`, isSocial: false }],
    });
    expect(user.last_ip).toBe('127.0.0.1');
    for (const stamp of ['created_at', 'updated_at', 'last_login'] as const) expect(Date.parse(user[stamp]!)).not.toBeNaN();

    // Each hop is in the event log, without secrets.
    const events = auth0.events.list({ since });
    const types = events.map(e => e.type);
    for (const type of [
      'auth0.authorize',
      'auth0.authorize.login_required',
      'auth0.hrd',
      'auth0.upstream_authorize',
      'auth0.login_callback',
      'auth0.authorize.success',
      'auth0.token',
    ])
      expect(types).toContain(type);
    expect(events.find(e => e.type === 'auth0.upstream_authorize')).toMatchObject({
      connection: federation.connection.name,
      code_challenge_method: 'S256',
      nonce_sent: false,
      upstream_params: ['login_hint'],
      login_hint_forwarded: true,
      identifier_forwarded: false,
    });
    expect(events.find(e => e.type === 'auth0.login_callback')).toMatchObject({ outcome: 'success', user_id: federation.auth0UserId, user_created: true });
    expect(events.find(e => e.type === 'auth0.token')).toMatchObject({ grant_type: 'authorization_code', outcome: 'success', pkce: true });
    const log = JSON.stringify(events);
    for (const secret of [tokens.access_token, tokens.id_token!, callback.get('code')!, federation.application.clientSecret]) expect(log).not.toContain(secret);

    // Okta answered the upstream code exchange (which it only does when the PKCE verifier matches).
    expect(okta.events.list({ type: 'okta.token' }).filter(e => e.client_id === federation.oktaApp.clientId)).toEqual([
      expect.objectContaining({ grant_type: 'authorization_code', outcome: 'success' }),
    ]);
  });

  test('a second authorization in the same browser is single sign-on: no Universal Login, same sid', async ({ federate }) => {
    const federation = await federate();
    const first = await loginWithCode(federation);
    const request = await authorizationRequest(first.rp);
    const page = await first.browser.navigate(request.url, { stopBefore: atRelyingParty });
    expect(page.hops.map(h => new URL(h.url).pathname)).toEqual(['/authorize']);
    const tokens = await client.authorizationCodeGrant(first.rp, new URL(page.url), {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(tokens.claims()!.sid).toBe(first.tokens.claims()!.sid);
    expect((await federation.management.users.get(federation.auth0UserId)).logins_count).toBe(1);
  });

  test('prompt=login sends a signed-in browser through Universal Login again', async ({ federate }) => {
    const federation = await federate();
    const first = await loginWithCode(federation);
    const request = await authorizationRequest(first.rp, { prompt: 'login' });
    const page = await first.browser.navigate(request.url, { stopBefore: atRelyingParty });
    expect(new URL(page.url).pathname).toBe('/u/login/identifier');
  });

  test("prompt=login with another user hands the session over: new sid, and the first user's applications are logged out", async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({
        application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } },
        connectionOptions: { upstream_params: { prompt: { alias: 'prompt' } } },
      });
      const other = `sam.roe@${federation.emailDomain}`;
      const sam = await federation.okta.userApi.createUser({
        body: { profile: { firstName: 'Sam', lastName: 'Roe', email: other, login: other }, credentials: { password: { value: federation.user.password } } },
      });
      await federation.okta.applicationApi.assignUserToApplication({ appId: federation.oktaApp.id, appUser: { id: sam.id! } });

      const first = await loginWithCode(federation);
      const request = await authorizationRequest(first.rp, { prompt: 'login' });
      const page = await signInThroughOkta(first.browser, request.url, federation, 'hrd', { login: other, password: federation.user.password });
      const tokens = await client.authorizationCodeGrant(first.rp, new URL(page.url), {
        pkceCodeVerifier: request.codeVerifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      const claims = tokens.claims()!;
      expect(claims.sub).toBe(`okta|${federation.connection.name}|${sam.id}`);
      expect(claims.sid).not.toBe(first.tokens.claims()!.sid);
      expect(decodeJwt(await receiver.next())).toMatchObject({ sub: federation.auth0UserId, sid: first.tokens.claims()!.sid });
    } finally {
      await receiver.close();
    }
  });

  test('an IdP that answers with response_mode=form_post reaches /login/callback by POST', async ({ federate }) => {
    const federation = await federate({ connectionOptions: { upstream_params: { response_mode: { value: 'form_post' } } } });
    const rp = await federation.rp();
    const browser = new HttpBrowser();
    const request = await authorizationRequest(rp);
    const oktaPost = await signInThroughOkta(browser, request.url, federation);
    expect(new URL(oktaPost.url).origin).toBe(federation.emulators.okta.origin);
    const form = oktaPost.form();
    expect(form.method).toBe('POST');
    expect(form.action).toBe(`https://${federation.emulators.auth0.domain}/login/callback`);
    const done = await browser.submit(form, {}, { stopBefore: atRelyingParty });
    expect(done.hops[0]).toMatchObject({ method: 'POST', status: 303 });
    const tokens = await client.authorizationCodeGrant(rp, new URL(done.url), {
      pkceCodeVerifier: request.codeVerifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(tokens.claims()!.sub).toBe(federation.auth0UserId);
  });

  test('HRD matches subdomains of a domain alias only with hrdMatchSubdomains', async ({ federate }) => {
    const federation = await federate();
    const { auth0, okta } = federation.emulators;
    const destination = async () => {
      const browser = new HttpBrowser();
      const page = await browser.navigate((await authorizationRequest(await federation.rp())).url);
      const next = await browser.submit(page.form({ index: 0 }), { username: `pat@eu.${federation.emailDomain}` });
      return next.hops[0].location ? new URL(next.hops[0].location).origin : new URL(next.url).origin;
    };
    expect(await destination()).toBe(auth0.origin);
    auth0.behaviour.hrdMatchSubdomains = true;
    try {
      expect(await destination()).toBe(okta.origin);
    } finally {
      auth0.behaviour.hrdMatchSubdomains = false;
    }
  });

  test('the identifier typed on Universal Login reaches Okta as login_hint only with forwardIdentifierAsLoginHint', async ({ federate }) => {
    const federation = await federate();
    const { auth0 } = federation.emulators;
    const hintOf = async () => {
      const browser = new HttpBrowser();
      const page = await browser.navigate((await authorizationRequest(await federation.rp())).url);
      const atOkta = await browser.submit(page.form({ index: 0 }), { username: federation.user.login });
      return new URL(atOkta.hops[0].location!).searchParams.get('login_hint');
    };
    expect(await hintOf()).toBeNull();
    auth0.behaviour.forwardIdentifierAsLoginHint = true;
    try {
      expect(await hintOf()).toBe(federation.user.login);
    } finally {
      auth0.behaviour.forwardIdentifierAsLoginHint = false;
    }
  });

  test('the connection button and connection= both complete the login', async ({ federate }) => {
    const federation = await federate({ connection: { show_as_button: true, display_name: 'Acme' } });
    const byButton = await loginWithCode(federation, { route: 'button' });
    expect(byButton.tokens.claims()!.sub).toBe(federation.auth0UserId);
    const direct = await loginWithCode(federation, { route: 'direct', params: { connection: federation.connection.name } });
    expect(direct.tokens.claims()!.sub).toBe(federation.auth0UserId);
    expect(direct.page.hops.some(h => new URL(h.url).pathname.startsWith('/u/login'))).toBe(false);
    expect((await federation.management.users.get(federation.auth0UserId)).logins_count).toBe(2);
  });

  for (const mode of ['on_each_login', 'on_first_login'] as const) {
    test(`profile sync with set_user_root_attributes=${mode}: an Okta profile change ${mode === 'on_each_login' ? 'reaches' : 'does not reach'} the Auth0 user at the next login`, async ({
      federate,
    }) => {
      const federation = await federate({ connectionOptions: { set_user_root_attributes: mode } });
      await loginWithCode(federation);
      await federation.okta.userApi.updateUser({ userId: federation.user.id, user: { profile: { firstName: 'Patricia', lastName: 'Doe-Smith' } } });
      const second = await loginWithCode(federation);

      const user = await federation.management.users.get(federation.auth0UserId);
      expect(user.logins_count).toBe(2);
      const expected =
        mode === 'on_each_login'
          ? { given_name: 'Patricia', family_name: 'Doe-Smith', name: 'Patricia Doe-Smith' }
          : { given_name: 'Pat', family_name: 'Doe', name: 'Pat Doe' };
      expect(user).toMatchObject(expected);
      expect(second.tokens.claims()).toMatchObject(expected);
    });
  }

  test('set_user_root_attributes=never_on_login does not create users', async ({ federate }) => {
    const federation = await federate({ connectionOptions: { set_user_root_attributes: 'never_on_login' } });
    const rp = await federation.rp();
    const request = await authorizationRequest(rp);
    const page = await signInThroughOkta(new HttpBrowser(), request.url, federation);
    expect(Object.fromEntries(callbackParams(page))).toMatchObject({ error: 'access_denied', error_description: 'user does not exist', state: request.state });
    await expect(federation.management.users.get(federation.auth0UserId)).rejects.toMatchObject({ statusCode: 404 });
  });

  test('the ID token lifetime follows jwt_configuration.lifetime_in_seconds', async ({ federate }) => {
    const federation = await federate({ application: { jwt_configuration: { lifetime_in_seconds: 600 } } });
    const { tokens } = await loginWithCode(federation);
    const claims = decodeJwt(tokens.id_token!);
    expect(claims.exp! - claims.iat!).toBe(600);
  });
});
