// What a single-page app on @auth0/auth0-spa-js needs from the tenant, at the wire level (the
// browser specs drive the library itself): CORS on /oauth/token and /oauth/revoke for its origin,
// response_mode=web_message for silent authentication and popups, and session cookies a
// cross-site iframe carries.
import { runInNewContext } from 'node:vm';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import {
  authorizationRequest,
  atRelyingParty,
  expect,
  RP_CALLBACK,
  RP_ORIGIN,
  signInThroughOkta,
  test,
  type Federation,
} from '../../../fixtures/auth0/federation.ts';

/** A single-page app as provisioning creates one: public client, PKCE, the app's origin as web origin. */
const SPA = {
  app_type: 'spa',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  web_origins: [RP_ORIGIN],
  refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 3600, leeway: 0 },
};
/** The header spa-js sends with every token call (any non-safelisted header makes the browser ask first). */
const AUTH0_CLIENT = Buffer.from(JSON.stringify({ name: 'auth0-spa-js', version: '2.28.3' })).toString('base64');

/** The token call as spa-js makes it from the page: form-encoded, with Origin and Auth0-Client. */
function tokenCall(federation: Federation, fields: Record<string, string>, origin = RP_ORIGIN) {
  return fetch(`${federation.emulators.auth0.origin}/oauth/token`, {
    method: 'POST',
    headers: { origin, 'auth0-client': AUTH0_CLIENT, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: federation.application.clientId, ...fields }),
  });
}

/** Logs in through Okta (code + PKCE) and returns the browser, the code and its verifier. */
async function logIn(federation: Federation, params: Record<string, string> = {}) {
  const rp = await federation.rp();
  const browser = new HttpBrowser();
  const request = await authorizationRequest(rp, { scope: 'openid profile email offline_access', ...params });
  const page = await signInThroughOkta(browser, request.url, federation);
  const code = new URL(page.url).searchParams.get('code');
  expect(code, `expected a code at the callback, got ${page.url}`).toBeTruthy();
  return { rp, browser, code: code!, verifier: request.codeVerifier };
}

/** Runs a web_message page's script as a browser frame would, and returns what it posted to its parent. */
function postedMessage(html: string): { data: { type: string; response: Record<string, string> }; targetOrigin: string } {
  const script = /<script[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
  expect(script, 'the page carries a script').toBeTruthy();
  const posted: { data: never; targetOrigin: string }[] = [];
  const parent = { postMessage: (data: never, targetOrigin: string) => posted.push({ data, targetOrigin }) };
  const frame = { opener: null, parent, document: {} };
  runInNewContext(`(function () { ${script} }).call(frame)`, { frame });
  expect(posted).toHaveLength(1);
  return posted[0];
}

test.describe('Single-page applications', () => {
  test("CORS: the preflight of /oauth/token and /oauth/revoke allows the origin, POST and spa-js's Auth0-Client header", async ({ emulators }) => {
    for (const path of ['/oauth/token', '/oauth/revoke']) {
      const response = await fetch(`${emulators.auth0.origin}${path}`, {
        method: 'OPTIONS',
        headers: { origin: RP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'auth0-client,content-type' },
      });
      expect(response.status, path).toBe(204);
      expect(response.headers.get('access-control-allow-origin'), path).toBe(RP_ORIGIN);
      expect(response.headers.get('access-control-allow-methods'), path).toBe('POST');
      expect(response.headers.get('access-control-allow-headers'), path).toBe('auth0-client,content-type');
      expect(response.headers.get('vary'), path).toMatch(/Origin/i);
    }
  });

  test("CORS: the code exchange and the revocation answer the app's web origin; another origin gets 401 access_denied it can read", async ({ federate }) => {
    const federation = await federate({ application: SPA });
    const { code, verifier } = await logIn(federation);
    const stranger = 'https://elsewhere.example.test';
    const refused = await tokenCall(federation, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: RP_CALLBACK }, stranger);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(stranger);
    expect(await refused.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });

    const { code: second, verifier: secondVerifier } = await logIn(federation);
    const exchange = await tokenCall(federation, { grant_type: 'authorization_code', code: second, code_verifier: secondVerifier, redirect_uri: RP_CALLBACK });
    expect(exchange.status).toBe(200);
    expect(exchange.headers.get('access-control-allow-origin')).toBe(RP_ORIGIN);
    const tokens = (await exchange.json()) as { refresh_token: string; id_token: string };
    expect(tokens.id_token).toBeTruthy();

    const revoked = await fetch(`${federation.emulators.auth0.origin}/oauth/revoke`, {
      method: 'POST',
      headers: { origin: RP_ORIGIN, 'auth0-client': AUTH0_CLIENT, 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: federation.application.clientId, token: tokens.refresh_token }),
    });
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get('access-control-allow-origin')).toBe(RP_ORIGIN);
    const reuse = await tokenCall(federation, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(reuse.status).toBe(403);
  });

  test('web_message with prompt=none: a page posts {type: "authorization_response", response: {code, state}} to the app\'s origin; without a session, login_required', async ({
    federate,
  }) => {
    const federation = await federate({ application: SPA });
    const { rp, browser } = await logIn(federation);

    const silent = await authorizationRequest(rp, { prompt: 'none', response_mode: 'web_message' });
    const page = await browser.navigate(silent.url, { stopBefore: atRelyingParty, initiator: RP_ORIGIN });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const message = postedMessage(page.body);
    expect(message.targetOrigin).toBe(RP_ORIGIN);
    expect(message.data).toEqual({
      type: 'authorization_response',
      response: { code: expect.any(String), state: silent.state, iss: federation.emulators.auth0.issuer },
    });
    // The code is a real one: the app exchanges it.
    const exchange = await tokenCall(federation, {
      grant_type: 'authorization_code',
      code: message.data.response.code,
      code_verifier: silent.codeVerifier,
      redirect_uri: RP_CALLBACK,
    });
    expect(exchange.status).toBe(200);

    const anonymous = await authorizationRequest(rp, { prompt: 'none', response_mode: 'web_message' });
    const loggedOut = postedMessage((await new HttpBrowser().navigate(anonymous.url, { stopBefore: atRelyingParty })).body);
    expect(loggedOut.data.response).toMatchObject({ error: 'login_required', error_description: 'Login required', state: anonymous.state });
  });

  test('web_message from an origin that is no web origin of the app: invalid_request "does not have a registered origin", and no code', async ({
    federate,
  }) => {
    const federation = await federate({ application: { ...SPA, web_origins: [] } });
    const rp = await federation.rp();
    const request = await authorizationRequest(rp, { prompt: 'none', response_mode: 'web_message' });
    const page = await new HttpBrowser().navigate(request.url, { stopBefore: atRelyingParty });
    expect(page.status).toBe(400);
    const message = postedMessage(page.body);
    expect(message.targetOrigin).toBe(RP_ORIGIN);
    expect(message.data.response).toEqual({
      error: 'invalid_request',
      error_description: `The specified redirect_uri '${RP_CALLBACK}' does not have a registered origin.`,
      state: request.state,
    });
  });

  test('the session cookie is SameSite=None; Secure, with the auth0_compat twin that alone still carries the session', async ({ federate }) => {
    const federation = await federate({ application: SPA });
    const { rp, browser } = await logIn(federation);
    const host = new URL(federation.emulators.auth0.origin).hostname;
    const session = browser.cookies.get(host, 'auth0');
    expect(session).toMatchObject({ sameSite: 'none', secure: true, httpOnly: true });
    const compat = browser.cookies.get(host, 'auth0_compat');
    expect(compat).toMatchObject({ value: session!.value, secure: true, httpOnly: true });
    expect(compat!.sameSite, 'no SameSite attribute (the jar reads it as Lax)').toBe('lax');

    // An old browser that dropped the SameSite=None cookie still has its session.
    const old = new HttpBrowser();
    old.cookies.store(new URL(federation.emulators.auth0.origin), [`auth0_compat=${compat!.value}; Path=/; Secure; HttpOnly`]);
    const silent = await authorizationRequest(rp, { prompt: 'none' });
    const answer = await old.navigate(silent.url, { stopBefore: atRelyingParty });
    expect(new URL(answer.url).searchParams.get('code'), `expected a code, got ${answer.url}`).toBeTruthy();
  });
});
