// The Okta browser session: single sign-on across authorization requests and apps, prompt=login,
// /oauth2/v1/logout (docs/fidelity.md#org-authorization-server) with its errors, and ending every session of a user through
// the Management API (DELETE /api/v1/users/{id}/sessions).
import { SignJWT } from 'jose';
import { HttpBrowser, textContent, type Page } from '../../../fixtures/http-browser.ts';
import { hostedSignInFirstStep, hostedSignInStateToken } from '../../../fixtures/okta-hosted-sign-in.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { startOktaOrg, type OktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements, type ArrangedApp, type ArrangedUser } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, authorizeAndSignIn, exchangeCode, relyingParty, signIn, type RelyingParty } from '../../../fixtures/okta/relying-party.ts';

/** A user signed in to `app` in `browser`, with the ID token the app received. */
async function signedIn(oktaOrg: OktaOrg) {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(oktaOrg, app);
  const browser = new HttpBrowser();
  const { request, callback } = await authorizeAndSignIn(browser, rp, user);
  const tokens = await exchangeCode(rp, request, callback);
  return { arrange, app, user, rp, browser, idToken: tokens.id_token! };
}

/** Starts an authorization request; true when it came straight back (SSO), false when it asks to sign in. */
async function answeredWithoutSignIn(browser: HttpBrowser, rp: RelyingParty, parameters: Record<string, string> = {}): Promise<{ sso: boolean; page: Page }> {
  const page = await browser.navigate((await authorizationRequest(rp, parameters)).url, { stopBefore: rp.stopAtCallback });
  if (page.stopped) expect(new URL(page.url).searchParams.get('code')).toBeTruthy();
  else expect(hostedSignInStateToken(page), 'Okta’s sign-in page').toBeDefined();
  return { sso: page.stopped, page };
}

function logoutUrl(oktaOrg: OktaOrg, params: Record<string, string>): URL {
  const url = new URL(`${oktaOrg.issuer}/oauth2/v1/logout`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
}

function expectLogoutErrorPage(page: Page, code: string, description: string) {
  expect(page.hops).toHaveLength(1);
  expect(page.status).toBe(400);
  const text = textContent(page.body);
  expect(text).toContain('Your request resulted in an error.');
  expect(text).toContain(`Error Code: ${code}`);
  expect(text).toContain(`Description: ${description}`);
}

test.describe('single sign-on', () => {
  test('a second authorization request of a signed-in user asks for no password, for this app and another', async ({ oktaOrg }) => {
    const { arrange, user, rp, browser } = await signedIn(oktaOrg);
    const again = await answeredWithoutSignIn(browser, rp);
    expect(again.sso).toBe(true);
    expect(again.page.hops.map(hop => hop.status)).toEqual([302]); // straight to the client, no sign-in page

    const otherApp = await arrange.createOidcApp();
    await arrange.assign(otherApp, user);
    const other = await relyingParty(oktaOrg, otherApp);
    const { request, callback, signInPage } = await authorizeAndSignIn(browser, other, user);
    expect(signInPage.stopped).toBe(true); // straight back, no sign-in page
    const tokens = await exchangeCode(other, request, callback);
    expect(tokens.claims()).toMatchObject({ sub: user.id, aud: otherApp.clientId, amr: ['pwd'] });
    // A fresh browser has no Okta session.
    expect((await answeredWithoutSignIn(new HttpBrowser(), rp)).sso).toBe(false);
  });

  test('prompt=login asks for the password again, with the signed-in user’s username filled in', async ({ oktaOrg }) => {
    const { user, rp, browser } = await signedIn(oktaOrg);
    const { sso, page } = await answeredWithoutSignIn(browser, rp, { prompt: 'login' });
    expect(sso).toBe(false);
    expect(await hostedSignInFirstStep(page)).toEqual({ step: 'identify', username: user.login });
    const done = await signIn(browser, rp, page, user);
    expect(done.stopped).toBe(true);
    // Re-authentication keeps the session: the next request is SSO again.
    expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(true);
  });

  test('signing in as someone else (prompt=login) replaces the signed-in user', async ({ oktaOrg }) => {
    const { arrange, app, rp, browser } = await signedIn(oktaOrg);
    const second = await arrange.createUser();
    await arrange.assign(app, second);
    const request = await authorizationRequest(rp, { prompt: 'login' });
    const page = await browser.navigate(request.url, { stopBefore: rp.stopAtCallback });
    const done = await signIn(browser, rp, page, second);
    expect(done.stopped).toBe(true);
    const tokens = await exchangeCode(rp, request, new URL(done.url));
    expect(tokens.claims()?.sub).toBe(second.id);
    const sso = await browser.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback });
    expect(sso.stopped).toBe(true);
  });
});

test.describe('/oauth2/v1/logout', () => {
  test('ends the Okta session and redirects (302) to the registered post_logout_redirect_uri with state; no confirmation page', async ({ oktaOrg }) => {
    const { app, rp, browser, idToken } = await signedIn(oktaOrg);
    const page = await browser.navigate(logoutUrl(oktaOrg, { id_token_hint: idToken, post_logout_redirect_uri: app.postLogoutRedirectUri, state: 'bye-1' }), {
      stopBefore: url => url.href.startsWith(app.postLogoutRedirectUri),
    });
    expect(page.stopped).toBe(true);
    expect(page.hops).toEqual([
      { method: 'GET', url: expect.stringContaining('/oauth2/v1/logout?'), status: 302, location: `${app.postLogoutRedirectUri}?state=bye-1` },
    ]);
    expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(false);
    const [event] = oktaOrg.events.list({ type: 'okta.logout' }).filter(e => e.client_id === app.clientId);
    expect(event).toMatchObject({ outcome: 'signed_out' });
  });

  test('POST works as GET; without post_logout_redirect_uri the browser goes to the org’s sign-in page', async ({ oktaOrg }) => {
    const { rp, browser, idToken } = await signedIn(oktaOrg);
    const page = await browser.navigate(`${oktaOrg.issuer}/oauth2/v1/logout`, {
      method: 'POST',
      body: new URLSearchParams({ id_token_hint: idToken }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(page.hops.map(hop => [hop.status, hop.location ?? hop.url])).toEqual([
      [302, `${oktaOrg.issuer}/`],
      [200, `${oktaOrg.issuer}/`],
    ]);
    expect(textContent(page.body)).toContain('Sign In');
    expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(false);
  });

  test('accepts an expired ID token of this org; without a session it only redirects', async ({ oktaOrg }) => {
    const { app, user, rp, browser } = await signedIn(oktaOrg);
    const expired = await idTokenOf(oktaOrg, app, user, { expiredSecondsAgo: 3600 });
    const stop = { stopBefore: (url: URL) => url.href.startsWith(app.postLogoutRedirectUri) };
    const page = await browser.navigate(logoutUrl(oktaOrg, { id_token_hint: expired, post_logout_redirect_uri: app.postLogoutRedirectUri }), stop);
    expect(page.stopped).toBe(true);
    expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(false);
    const noSession = await new HttpBrowser().navigate(
      logoutUrl(oktaOrg, { id_token_hint: expired, post_logout_redirect_uri: app.postLogoutRedirectUri }),
      stop,
    );
    expect(noSession.stopped).toBe(true);
  });

  test('leaves the session alone when the token’s subject is not the signed-in user', async ({ oktaOrg }) => {
    const { arrange, app, rp, browser } = await signedIn(oktaOrg);
    const someoneElse = await arrange.createUser();
    const hint = await idTokenOf(oktaOrg, app, someoneElse, {});
    const page = await browser.navigate(logoutUrl(oktaOrg, { id_token_hint: hint, post_logout_redirect_uri: app.postLogoutRedirectUri }), {
      stopBefore: url => url.href.startsWith(app.postLogoutRedirectUri),
    });
    expect(page.stopped).toBe(true);
    expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(true);
  });

  test('errors are shown on Okta’s error page: no or an invalid id_token_hint, an unregistered post_logout_redirect_uri', async ({ oktaOrg }) => {
    const { app, rp, browser, idToken } = await signedIn(oktaOrg);
    expectLogoutErrorPage(
      await browser.navigate(logoutUrl(oktaOrg, { post_logout_redirect_uri: app.postLogoutRedirectUri })),
      'invalid_request',
      "The 'id_token_hint' parameter is required.",
    );
    expectLogoutErrorPage(await browser.navigate(logoutUrl(oktaOrg, { id_token_hint: 'not.a.token' })), 'invalid_token', 'The id token is invalid.');
    const tampered = idToken.slice(0, -4) + (idToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expectLogoutErrorPage(await browser.navigate(logoutUrl(oktaOrg, { id_token_hint: tampered })), 'invalid_token', 'The id token is invalid.');
    expectLogoutErrorPage(
      await browser.navigate(logoutUrl(oktaOrg, { id_token_hint: idToken, post_logout_redirect_uri: 'https://elsewhere.example/' })),
      'invalid_request',
      `The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings: ${oktaOrg.origin}/admin/app/oidc_client/instance/${app.appId}#tab-general`,
    );
    // None of them ended the session.
    expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(true);
  });
});

test('DELETE /api/v1/users/{id}/sessions ends every Okta session of the user, in every browser', async ({ oktaOrg }) => {
  const { arrange, user, rp, browser } = await signedIn(oktaOrg);
  const secondBrowser = new HttpBrowser();
  await authorizeAndSignIn(secondBrowser, rp, user);
  const bystander = await signedIn(oktaOrg);

  const since = oktaOrg.events.lastSeq;
  await arrange.clearUserSessions(user);
  expect(oktaOrg.events.list({ since, type: 'okta.sessions.ended' })).toEqual([expect.objectContaining({ userId: user.id, sessions: 2 })]);
  expect((await answeredWithoutSignIn(browser, rp)).sso).toBe(false);
  expect((await answeredWithoutSignIn(secondBrowser, rp)).sso).toBe(false);
  expect((await answeredWithoutSignIn(bystander.browser, bystander.rp)).sso).toBe(true);
  expect(await oktaOrg.endUserSessions!(user.id)).toBe(0);
});

test('reset() forgets every session and sign-in transaction', async () => {
  const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls: await ensureLocalTls() });
  try {
    const { user, rp, browser } = await signedIn(org);
    const midSignIn = new HttpBrowser();
    const transaction = await midSignIn.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback });
    expect(await org.endUserSessions!(user.id)).toBe(1);
    await authorizeAndSignIn(browser, rp, user);

    await org.reset();
    const arrange = new OrgArrangements(org);
    const again = await arrange.appWithAssignedUser({ redirectUris: [rp.app.redirectUri] }, { login: user.login, password: user.password });
    const rpAfter = await relyingParty(org, again.app);
    expect((await answeredWithoutSignIn(browser, rpAfter)).sso).toBe(false);
    await expect(signIn(midSignIn, rpAfter, transaction, user)).rejects.toMatchObject({ messages: [{ i18n: { key: 'idx.session.expired' } }] });
  } finally {
    await org.close();
  }
});

/** An ID token as this org signs them (for cases a live flow cannot produce, e.g. an expired one). */
async function idTokenOf(oktaOrg: OktaOrg, app: ArrangedApp, user: ArrangedUser, options: { expiredSecondsAgo?: number }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = options.expiredSecondsAgo ? now - options.expiredSecondsAgo - 3600 : now;
  return new SignJWT({ ver: 1, amr: ['pwd'], idp: oktaOrg.store.orgId, auth_time: issuedAt })
    .setProtectedHeader({ alg: 'RS256', kid: oktaOrg.signingKey.kid })
    .setIssuer(oktaOrg.issuer)
    .setSubject(user.id)
    .setAudience(app.clientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 3600)
    .setJti(`ID.${crypto.randomUUID()}`)
    .sign(oktaOrg.signingKey.privateKey);
}
