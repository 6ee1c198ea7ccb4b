// /oauth2/v1/authorize errors: which go to Okta's error page (never redirected) and which go back
// to the client, with Okta's codes and texts (docs/fidelity.md#org-authorization-server), including app assignment and users
// who cannot sign in.
import { textContent, HttpBrowser, type Page } from '../../../fixtures/http-browser.ts';
import { hostedSignInStateToken } from '../../../fixtures/okta-hosted-sign-in.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import type { OktaOrg } from '../okta-org.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, relyingParty, signIn, type RelyingParty } from '../../../fixtures/okta/relying-party.ts';

/** Opens /authorize with the RP's usual request, parameters overridden (undefined removes one). */
async function openAuthorize(browser: HttpBrowser, rp: RelyingParty, overrides: Record<string, string | undefined> = {}): Promise<Page> {
  const { url } = await authorizationRequest(rp);
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return browser.navigate(url, { stopBefore: rp.stopAtCallback });
}

function expectErrorPage(page: Page, code: string, description: string) {
  expect(page.stopped).toBe(false);
  expect(page.status).toBe(400);
  expect(page.hops).toHaveLength(1); // answered in place: no redirect anywhere
  expect(page.headers.get('content-type')).toContain('text/html');
  const text = textContent(page.body);
  expect(text).toContain('Your request resulted in an error.');
  expect(text).toContain(`Error Code: ${code}`);
  expect(text).toContain(`Description: ${description}`);
}

function redirectedError(page: Page): URLSearchParams {
  expect(page.stopped).toBe(true);
  expect(page.hops.at(-1)!.status).toBe(302);
  return new URL(page.url).searchParams;
}

async function setUp(oktaOrg: OktaOrg, appOptions: Parameters<OrgArrangements['createOidcApp']>[0] = {}) {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser(appOptions);
  return { arrange, app, user, rp: await relyingParty(oktaOrg, app) };
}

test.describe('shown on the error page, never redirected', () => {
  test('an unknown client_id', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg);
    const page = await openAuthorize(new HttpBrowser(), rp, { client_id: '0oaNoSuchClient00000' });
    expectErrorPage(page, 'invalid_client', "Invalid value for 'client_id' parameter.");
  });

  test('the client of a deactivated app is unknown', async ({ oktaOrg }) => {
    const { arrange, app, rp } = await setUp(oktaOrg);
    await arrange.deactivateApp(app);
    expectErrorPage(await openAuthorize(new HttpBrowser(), rp), 'invalid_client', "Invalid value for 'client_id' parameter.");
  });

  test('a redirect_uri that is not one of the app’s Login redirect URIs (exact match)', async ({ oktaOrg }) => {
    const { app, rp } = await setUp(oktaOrg);
    const expected = `The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: ${oktaOrg.origin}/admin/app/oidc_client/instance/${app.appId}#tab-general`;
    for (const redirectUri of [`${app.redirectUri}/other`, `${app.redirectUri}/`, app.redirectUri.toUpperCase(), 'https://attacker.example/callback']) {
      const page = await openAuthorize(new HttpBrowser(), rp, { redirect_uri: redirectUri });
      expectErrorPage(page, 'invalid_request', expected);
    }
    expectErrorPage(await openAuthorize(new HttpBrowser(), rp, { redirect_uri: undefined }), 'invalid_request', expected);
  });

  test('an app with pkce_required sends no code_challenge', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg, { pkceRequired: true });
    const page = await openAuthorize(new HttpBrowser(), rp, { code_challenge: undefined, code_challenge_method: undefined });
    expectErrorPage(page, 'invalid_request', 'PKCE code challenge is required by the application.');
    // With the challenge, the same app proceeds to sign-in.
    const withPkce = await openAuthorize(new HttpBrowser(), rp);
    expect(hostedSignInStateToken(withPkce), 'Okta’s sign-in page').toBeDefined();
  });
});

test.describe('redirected to the client with error, error_description and state', () => {
  test('state is required', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg);
    const params = redirectedError(await openAuthorize(new HttpBrowser(), rp, { state: undefined }));
    expect(Object.fromEntries(params)).toEqual({ error: 'invalid_request', error_description: "The authentication request has an invalid 'state' parameter." });
  });

  test('scope must be present, known to the org authorization server, and include openid', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg);
    const cases: [string | undefined, string][] = [
      [undefined, 'No scopes were requested.'],
      ['openid profile api:read', 'One or more scopes are not configured for the authorization server resource.'],
      ['profile email', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope."],
    ];
    for (const [scope, description] of cases) {
      const params = redirectedError(await openAuthorize(new HttpBrowser(), rp, { scope, state: 's-1' }));
      expect(Object.fromEntries(params)).toEqual({ error: 'invalid_scope', error_description: description, state: 's-1' });
    }
  });

  test('PKCE with another method than S256, or a malformed challenge', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg);
    const plain = redirectedError(await openAuthorize(new HttpBrowser(), rp, { code_challenge_method: 'plain' }));
    expect(plain.get('error')).toBe('invalid_request');
    expect(plain.get('error_description')).toBe('PKCE code challenge method is not supported. Valid values: [S256]');
    const short = redirectedError(await openAuthorize(new HttpBrowser(), rp, { code_challenge: 'too-short' }));
    expect(short.get('error_description')).toBe('PKCE code challenge contains illegal characters.');
  });

  test('a response type the app is not configured for (answered in the fragment, token’s default mode)', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg);
    const page = await openAuthorize(new HttpBrowser(), rp, { response_type: 'token' });
    redirectedError(page);
    const params = new URLSearchParams(new URL(page.url).hash.slice(1));
    expect(params.get('error')).toBe('unsupported_response_type');
    expect(params.get('error_description')).toBe('The response type is not supported by the authorization server. Configured response types: [code].');
  });

  test('prompt=none without an Okta session', async ({ oktaOrg }) => {
    const { rp } = await setUp(oktaOrg);
    const params = redirectedError(await openAuthorize(new HttpBrowser(), rp, { prompt: 'none', state: 'quiet' }));
    expect(Object.fromEntries(params)).toEqual({
      error: 'login_required',
      error_description: 'The client specified not to prompt, but the user is not logged in.',
      state: 'quiet',
    });
  });

  test('a user not assigned to the app: access_denied with Okta’s exact text (trailing period)', async ({ oktaOrg }) => {
    const arrange = new OrgArrangements(oktaOrg);
    const [app, user] = await Promise.all([arrange.createOidcApp(), arrange.createUser()]);
    const rp = await relyingParty(oktaOrg, app);
    const browser = new HttpBrowser();
    const request = await authorizationRequest(rp);
    const done = await signIn(browser, rp, await browser.navigate(request.url, { stopBefore: rp.stopAtCallback }), user);
    expect(done.stopped).toBe(true);
    const location = done.hops.at(-1)!.location!;
    // Spaces as "+", as URLSearchParams writes them and as Okta's real callbacks show.
    expect(location).toContain('error=access_denied&error_description=User+is+not+assigned+to+the+client+application.&state=');
    expect(Object.fromEntries(new URL(location).searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'User is not assigned to the client application.',
      state: request.state,
    });
    // The user did sign in to Okta: once assigned, the next request needs no password.
    await arrange.assign(app, user);
    const again = await browser.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback });
    expect(again.stopped).toBe(true);
    expect(new URL(again.url).searchParams.get('code')).toBeTruthy();
  });

  test('assignment through a group counts', async ({ oktaOrg }) => {
    const arrange = new OrgArrangements(oktaOrg);
    const [app, user] = await Promise.all([arrange.createOidcApp(), arrange.createUser()]);
    const group = await arrange.client.groupApi.createGroup({ group: { profile: { name: `Authorization server testers ${app.appId}` } } });
    await arrange.client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id });
    await arrange.client.applicationApi.assignGroupToApplication({ appId: app.appId, groupId: group.id!, applicationGroupAssignment: {} });
    const rp = await relyingParty(oktaOrg, app);
    const browser = new HttpBrowser();
    const done = await signIn(browser, rp, await browser.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback }), user);
    expect(done.stopped).toBe(true);
    expect(new URL(done.url).searchParams.get('code')).toBeTruthy();
  });
});

test.describe('users who cannot sign in', () => {
  // Each status's refusal is in sign-in/idx-api.test.ts; here, what it means for a signed-in user.
  test('a signed-in user who is deactivated must sign in again, and cannot', async ({ oktaOrg }) => {
    const { arrange, user, rp } = await setUp(oktaOrg);
    const browser = new HttpBrowser();
    const first = await signIn(browser, rp, await openAuthorize(browser, rp), user);
    expect(first.stopped).toBe(true);
    await arrange.deactivateUser(user);
    const next = await openAuthorize(browser, rp);
    expect(hostedSignInStateToken(next), 'Okta’s sign-in page').toBeDefined();
    await expect(signIn(browser, rp, next, user)).rejects.toMatchObject({ messages: [{ i18n: { key: 'errors.E0000004' } }] });
  });
});
