// /oauth/token, /userinfo and /oauth/revoke after a federated login, driven by openid-client:
// refresh tokens (Auth0's non-rotating default, and rotation with reuse detection), revocation,
// Auth0's error statuses and texts (invalid_grant is 403), and the client-credentials grant.
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { authorizationRequest, expect, loginWithCode, OFFLINE, RP_CALLBACK, signInThroughOkta, test } from '../../../fixtures/auth0/federation.ts';

async function tokenError(call: Promise<unknown>): Promise<{ status: number; error: string; description?: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(client.ResponseBodyError);
  const e = error as client.ResponseBodyError;
  return { status: e.status, error: e.error, description: e.error_description };
}

test.describe('Tokens', () => {
  test('offline_access yields a refresh token; the default non-rotating one is reused and refresh responses carry none', async ({ federate }) => {
    const federation = await federate();
    const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    expect(tokens.scope).toBe('openid profile email offline_access');
    const refreshToken = tokens.refresh_token!;
    expect(refreshToken).toBeTruthy();

    const refreshed = await client.refreshTokenGrant(rp, refreshToken);
    expect(refreshed.refresh_token).toBeUndefined();
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const claims = refreshed.claims()!;
    expect(claims).toMatchObject({ sub: federation.auth0UserId, sid: tokens.claims()!.sid, iss: federation.emulators.auth0.issuer });
    const again = await client.refreshTokenGrant(rp, refreshToken);
    expect(again.access_token).toBeTruthy();
  });

  test('an application without the refresh_token grant gets no refresh token for offline_access', async ({ federate }) => {
    const federation = await federate({ application: { grant_types: ['authorization_code'] } });
    const { tokens } = await loginWithCode(federation, { params: OFFLINE });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe('openid profile email');
  });

  test('rotating refresh tokens: each refresh returns a new one; reusing a spent one revokes the whole family (403)', async ({ federate }) => {
    const federation = await federate({
      application: { refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 3600, leeway: 0 } },
    });
    const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    const first = tokens.refresh_token!;
    const rotated = await client.refreshTokenGrant(rp, first);
    const second = rotated.refresh_token!;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    const third = (await client.refreshTokenGrant(rp, second)).refresh_token!;

    expect(await tokenError(client.refreshTokenGrant(rp, first))).toEqual({
      status: 403,
      error: 'invalid_grant',
      description: 'Unknown or invalid refresh token.',
    });
    // The reuse revoked the family: the newest token is dead too.
    expect(await tokenError(client.refreshTokenGrant(rp, third))).toEqual({
      status: 403,
      error: 'invalid_grant',
      description: 'Unknown or invalid refresh token.',
    });
  });

  test('/oauth/revoke revokes a refresh token (200, empty body)', async ({ federate }) => {
    const federation = await federate();
    const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    const response = await fetch(`${federation.emulators.auth0.origin}/oauth/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: federation.application.clientId, client_secret: federation.application.clientSecret, token: tokens.refresh_token }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await tokenError(client.refreshTokenGrant(rp, tokens.refresh_token!))).toMatchObject({ status: 403, error: 'invalid_grant' });

    // openid-client's own revocation call is accepted too.
    const other = await loginWithCode(federation, { params: OFFLINE });
    await client.tokenRevocation(other.rp, other.tokens.refresh_token!);
    expect(await tokenError(client.refreshTokenGrant(other.rp, other.tokens.refresh_token!))).toMatchObject({ status: 403 });
  });

  test('the sessions service revokes every refresh token of a user', async ({ federate }) => {
    const federation = await federate();
    const one = await loginWithCode(federation, { params: OFFLINE });
    const two = await loginWithCode(federation, { params: OFFLINE });
    expect(await federation.emulators.auth0.sessions.revokeRefreshTokensOfUser(federation.auth0UserId)).toBe(2);
    for (const login of [one, two]) expect(await tokenError(client.refreshTokenGrant(login.rp, login.tokens.refresh_token!))).toMatchObject({ status: 403 });
  });

  test("code errors are 403 invalid_grant with Auth0's texts (wrong verifier, used code); a wrong secret is 401 access_denied", async ({ federate }) => {
    const federation = await federate();
    const rp = await federation.rp();
    const browser = new HttpBrowser();
    const request = await authorizationRequest(rp);
    const page = await signInThroughOkta(browser, request.url, federation);
    const code = new URL(page.url).searchParams.get('code')!;
    const tokenUrl = `${federation.emulators.auth0.origin}/oauth/token`;
    const exchange = (body: Record<string, string>) =>
      fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const base = { grant_type: 'authorization_code', code, redirect_uri: RP_CALLBACK, client_id: federation.application.clientId };

    const wrongSecret = await exchange({ ...base, client_secret: 'not-the-secret', code_verifier: request.codeVerifier });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });

    const wrongVerifier = await exchange({ ...base, client_secret: federation.application.clientSecret, code_verifier: 'x'.repeat(43) });
    expect(wrongVerifier.status).toBe(403);
    expect(wrongVerifier.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await wrongVerifier.json()).toEqual({ error: 'invalid_grant', error_description: 'Failed to verify code verifier' });

    const good = { ...base, client_secret: federation.application.clientSecret, code_verifier: request.codeVerifier };
    expect((await exchange(good)).status).toBe(200);
    const reused = await exchange(good);
    expect(reused.status).toBe(403);
    expect(await reused.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid authorization code' });
  });

  test('client_secret_basic and a JSON body are accepted for the code exchange', async ({ federate }) => {
    const federation = await federate();
    const rp = await federation.rp();
    const request = await authorizationRequest(rp);
    const page = await signInThroughOkta(new HttpBrowser(), request.url, federation);
    const response = await fetch(`${federation.emulators.auth0.origin}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${federation.application.clientId}:${federation.application.clientSecret}`).toString('base64')}`,
      },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code: new URL(page.url).searchParams.get('code'),
        redirect_uri: RP_CALLBACK,
        code_verifier: request.codeVerifier,
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'openid profile email' });
    expect(decodeJwt(body.id_token)).toMatchObject({ sub: federation.auth0UserId, nonce: request.nonce });
  });

  test('/userinfo answers application/json with the profile claims', async ({ federate }) => {
    const federation = await federate();
    const { tokens } = await loginWithCode(federation);
    const response = await fetch(`${federation.emulators.auth0.origin}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(
      [
        'sub',
        'name',
        'given_name',
        'family_name',
        'nickname',
        'preferred_username',
        'picture',
        'locale',
        'zoneinfo',
        'updated_at',
        'email',
        'email_verified',
      ].sort(),
    );
  });

  test('grant_type=client_credentials is the Management API token issuer (form and JSON)', async ({ emulators }) => {
    const { auth0 } = emulators;
    const { clientId, clientSecret } = auth0.managementClient;
    const form = await fetch(`${auth0.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, audience: auth0.managementAudience }),
    });
    expect(form.status).toBe(200);
    const token = await form.json();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(decodeJwt(token.access_token)).toMatchObject({ sub: `${clientId}@clients`, aud: auth0.managementAudience, gty: 'client-credentials' });

    const json = await fetch(`${auth0.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong', audience: auth0.managementAudience }),
    });
    expect(json.status).toBe(401);
    expect(await json.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
  });
});
