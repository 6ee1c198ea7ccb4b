// /oauth2/v1/token (and /revoke, /introspect, /userinfo errors): client authentication and the
// code exchange fail with Okta's status codes and `{error, error_description}` texts
// (docs/fidelity.md#org-authorization-server-endpoints). Raw requests where openid-client would not send the broken request.
import * as oidc from 'openid-client';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import type { OktaOrg } from '../okta-org.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizeAndSignIn, basicAuthorization, exchangeCode, postToken, relyingParty } from '../../../fixtures/okta/relying-party.ts';
import { controlPlaneFetch } from '../../../fixtures/control-plane-client.ts';

async function withClockAdvanced<T>(seconds: number, run: () => Promise<T>): Promise<T> {
  const realNow = Date.now;
  Date.now = () => realNow() + seconds * 1000;
  try {
    return await run();
  } finally {
    Date.now = realNow;
  }
}

/** A fresh authorization code for an assigned user, and what is needed to redeem it. */
async function freshCode(oktaOrg: OktaOrg, options: { grantTypes?: string[]; scope?: string } = {}) {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser({ grantTypes: options.grantTypes });
  const rp = await relyingParty(oktaOrg, app);
  const { request, callback } = await authorizeAndSignIn(new HttpBrowser(), rp, user, options.scope ? { scope: options.scope } : {});
  const code = callback.searchParams.get('code')!;
  const body = { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: request.codeVerifier };
  return { arrange, app, user, rp, request, callback, code, body };
}

test.describe('client authentication', () => {
  test('the secret in the Authorization header or in the body both work for a client_secret_basic app', async ({ oktaOrg }) => {
    for (const placement of ['header', 'body'] as const) {
      const { app, body } = await freshCode(oktaOrg);
      const response =
        placement === 'header'
          ? await postToken(oktaOrg, body, { authorization: basicAuthorization(app.clientId, app.clientSecret) })
          : await postToken(oktaOrg, { ...body, client_id: app.clientId, client_secret: app.clientSecret });
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile email' });
      expect(Object.keys(response.json).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'scope', 'token_type']);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  test('both at once: 400 invalid_request with Okta’s text', async ({ oktaOrg }) => {
    const { app, body } = await freshCode(oktaOrg);
    const response = await postToken(
      oktaOrg,
      { ...body, client_id: app.clientId, client_secret: app.clientSecret },
      { authorization: basicAuthorization(app.clientId, app.clientSecret) },
    );
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_request',
      error_description:
        "Can't supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a `client_assertion` in the post body.",
    });
  });

  test('a wrong secret: 401 invalid_client, in the header or the body, and through openid-client', async ({ oktaOrg }) => {
    const { app, body, rp, request, callback } = await freshCode(oktaOrg);
    const expected = { error: 'invalid_client', error_description: 'The client secret supplied for a confidential client is invalid.' };
    const header = await postToken(oktaOrg, body, { authorization: basicAuthorization(app.clientId, 'not-the-secret-0000') });
    expect(header.status).toBe(401);
    expect(header.json).toEqual(expected);
    expect(header.headers.get('www-authenticate')).toContain('error="invalid_client"');
    const inBody = await postToken(oktaOrg, { ...body, client_id: app.clientId, client_secret: 'not-the-secret-0000' });
    expect(inBody.status).toBe(401);
    expect(inBody.json).toEqual(expected);

    const wrong = await oidc.discovery(new URL(oktaOrg.issuer), app.clientId, undefined, oidc.ClientSecretPost('not-the-secret-0000'));
    const error = await exchangeCode({ ...rp, config: wrong }, request, callback).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.ResponseBodyError);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', error_description: expected.error_description });
  });

  test('no credentials, an unknown client, a malformed Basic header', async ({ oktaOrg }) => {
    const { app, body } = await freshCode(oktaOrg);
    const none = await postToken(oktaOrg, body);
    expect(none.status).toBe(401);
    expect(none.json).toEqual({ error: 'invalid_client', error_description: 'No client credentials found.' });

    const idOnly = await postToken(oktaOrg, { ...body, client_id: app.clientId });
    expect(idOnly.status).toBe(401);
    expect(idOnly.json).toEqual({ error: 'invalid_client', error_description: 'No client credentials found.' });

    const unknown = await postToken(oktaOrg, body, { authorization: basicAuthorization('0oaNoSuchClient00000', 'whatever-secret-1') });
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed. Either the client or the client credentials are invalid.',
    });

    const malformed = await postToken(oktaOrg, body, { authorization: 'Basic not-base64!' });
    expect(malformed.status).toBe(401);
    expect(malformed.json).toEqual({ error: 'invalid_client', error_description: 'Found Authentication header but was not valid client credentials.' });
  });
});

test.describe('the authorization code', () => {
  test('is single use: the second exchange is invalid_grant', async ({ oktaOrg }) => {
    const { rp, request, callback, app, body } = await freshCode(oktaOrg);
    await exchangeCode(rp, request, callback);
    const again = await postToken(oktaOrg, body, { authorization: basicAuthorization(app.clientId, app.clientSecret) });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  test('lives 300 seconds', async ({ oktaOrg }) => {
    // The emulator runs in this process: advancing Date.now() ages the code as the real clock would.
    const withinLifetime = await freshCode(oktaOrg);
    const fresh = await withClockAdvanced(299, () =>
      postToken(oktaOrg, withinLifetime.body, { authorization: basicAuthorization(withinLifetime.app.clientId, withinLifetime.app.clientSecret) }),
    );
    expect(fresh.status).toBe(200);
    const tooOld = await freshCode(oktaOrg);
    const expired = await withClockAdvanced(301, () =>
      postToken(oktaOrg, tooOld.body, { authorization: basicAuthorization(tooOld.app.clientId, tooOld.app.clientSecret) }),
    );
    expect(expired.status).toBe(400);
    expect(expired.json).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  test('an unknown code is invalid_grant', async ({ oktaOrg }) => {
    const { app, body } = await freshCode(oktaOrg);
    const response = await postToken(oktaOrg, { ...body, code: 'not-a-code' }, { authorization: basicAuthorization(app.clientId, app.clientSecret) });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
  });

  test('PKCE: a wrong verifier, a missing one', async ({ oktaOrg }) => {
    const first = await freshCode(oktaOrg);
    const auth = { authorization: basicAuthorization(first.app.clientId, first.app.clientSecret) };
    const wrong = await postToken(oktaOrg, { ...first.body, code_verifier: oidc.randomPKCECodeVerifier() }, auth);
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({ error: 'invalid_grant', error_description: 'PKCE verification failed.' });

    const second = await freshCode(oktaOrg);
    const { code_verifier: _omitted, ...withoutVerifier } = second.body;
    const missing = await postToken(oktaOrg, withoutVerifier, { authorization: basicAuthorization(second.app.clientId, second.app.clientSecret) });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({ error: 'invalid_request', error_description: 'PKCE code verifier is required by the application.' });
  });

  test('redirect_uri must be the one of the authorization request', async ({ oktaOrg }) => {
    const { app, body } = await freshCode(oktaOrg);
    const response = await postToken(
      oktaOrg,
      { ...body, redirect_uri: `${app.redirectUri}/elsewhere` },
      { authorization: basicAuthorization(app.clientId, app.clientSecret) },
    );
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_grant',
      error_description: "The 'redirect_uri' does not match the redirection URI used in the authorization request.",
    });
  });

  test('a code issued to another client', async ({ oktaOrg }) => {
    const { body } = await freshCode(oktaOrg);
    const other = await new OrgArrangements(oktaOrg).createOidcApp();
    const response = await postToken(oktaOrg, body, { authorization: basicAuthorization(other.clientId, other.clientSecret) });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: 'invalid_grant',
      error_description: "The grant was issued to another client. Please make sure the 'client_id' matches the one used at the authorize request.",
    });
  });

  test('missing parameters and unsupported grants', async ({ oktaOrg }) => {
    const { app, body } = await freshCode(oktaOrg);
    const auth = { authorization: basicAuthorization(app.clientId, app.clientSecret) };
    const { code: _code, ...withoutCode } = body;
    expect((await postToken(oktaOrg, withoutCode, auth)).json).toEqual({
      error: 'invalid_request',
      error_description: "The required parameter 'code' is missing.",
    });
    const noGrant = await postToken(oktaOrg, { code: body.code }, auth);
    expect(noGrant.json).toEqual({
      error: 'invalid_request',
      error_description: "The token request must specify a 'grant_type'. Valid values: [authorization_code, refresh_token]",
    });
    const refresh = await postToken(oktaOrg, { grant_type: 'refresh_token', refresh_token: 'x' }, auth);
    expect(refresh.status).toBe(400);
    expect(refresh.json).toEqual({
      error: 'unauthorized_client',
      error_description: 'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code].',
    });
    const password = await postToken(oktaOrg, { grant_type: 'password', username: 'u', password: 'p' }, auth);
    expect(password.json).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

test.describe('revocation, introspection, userinfo', () => {
  test('/revoke: 200 for any token, 400 without one; a revoked refresh token no longer works', async ({ oktaOrg }) => {
    const { rp, request, callback } = await freshCode(oktaOrg, { grantTypes: ['authorization_code', 'refresh_token'], scope: 'openid offline_access' });
    const tokens = await exchangeCode(rp, request, callback);
    await oidc.tokenRevocation(rp.config, 'not-a-token-at-all');
    await oidc.tokenRevocation(rp.config, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    const error = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });

    const missing = await fetch(`${oktaOrg.issuer}/oauth2/v1/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuthorization(rp.app.clientId, rp.app.clientSecret) },
      body: '',
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'invalid_request', error_description: 'The `token` parameter is required.' });
  });

  test('/introspect: active for the client’s own token, inactive for another client’s', async ({ oktaOrg }) => {
    const { rp, request, callback, user } = await freshCode(oktaOrg);
    const tokens = await exchangeCode(rp, request, callback);
    const own = await oidc.tokenIntrospection(rp.config, tokens.access_token);
    expect(own).toMatchObject({ active: true, client_id: rp.app.clientId, sub: user.id, scope: 'openid profile email' });
    const other = await relyingParty(oktaOrg, await new OrgArrangements(oktaOrg).createOidcApp());
    expect(await oidc.tokenIntrospection(other.config, tokens.access_token)).toEqual({ active: false });
  });

  test('/userinfo: Okta’s WWW-Authenticate texts for a bad token, no token, and a token without a claims scope', async ({ oktaOrg }) => {
    const bad = await fetch(`${oktaOrg.issuer}/oauth2/v1/userinfo`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The access token is invalid"');

    const none = await fetch(`${oktaOrg.issuer}/oauth2/v1/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer error="invalid_request", error_description="The access token is missing."');

    const { rp, request, callback, user } = await freshCode(oktaOrg, { scope: 'openid' });
    const tokens = await exchangeCode(rp, request, callback);
    const error = await oidc.fetchUserInfo(rp.config, tokens.access_token, user.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
    const raw = await fetch(`${oktaOrg.issuer}/oauth2/v1/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(raw.status).toBe(403);
    expect(raw.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", error_description="The access token must provide access to at least one of these scopes - profile, email, address or phone"',
    );
  });
});

test('a fault injected through the control plane is answered in the OAuth error shape', async ({ oktaOrg }) => {
  const injected = await controlPlaneFetch(oktaOrg, '/faults', { method: 'POST', body: { method: 'POST', path: '^/oauth2/v1/token$', status: 503, times: 1 } });
  expect(injected.status).toBe(201);
  const failed = await postToken(oktaOrg, { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://rp.example/cb' });
  expect(failed.status).toBe(503);
  expect(failed.json).toEqual({
    error: 'server_error',
    error_description: 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.',
  });
  // Spent after one request: the endpoint answers normally again.
  expect((await postToken(oktaOrg, { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://rp.example/cb' })).status).toBe(401);
});
