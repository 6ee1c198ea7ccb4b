// Logins that fail after the browser left Auth0: Okta refuses (user not assigned to the Okta app)
// and Auth0 refuses (blocked user). Both reach the relying party as error / error_description at
// its callback, which openid-client turns into an AuthorizationResponseError.
import * as client from 'openid-client';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { authorizationRequest, callbackParams, expect, loginWithCode, signInThroughOkta, test, type Federation } from '../../../fixtures/auth0/federation.ts';

async function failedLogin(federation: Federation) {
  const rp = await federation.rp();
  const request = await authorizationRequest(rp);
  const page = await signInThroughOkta(new HttpBrowser(), request.url, federation);
  const params = callbackParams(page);
  expect(params.get('state')).toBe(request.state);
  const error = await client
    .authorizationCodeGrant(rp, new URL(page.url), { pkceCodeVerifier: request.codeVerifier, expectedState: request.state, expectedNonce: request.nonce })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(client.AuthorizationResponseError);
  const { error: code, error_description: description } = error as client.AuthorizationResponseError;
  return { code, description, params };
}

test.describe('Failed federated logins', () => {
  test("a user not assigned to the Okta app: Okta's access_denied text reaches the application verbatim", async ({ federate }) => {
    const federation = await federate({ assign: false });
    const since = federation.emulators.auth0.events.lastSeq;
    const { code, description } = await failedLogin(federation);
    expect(code).toBe('access_denied');
    expect(description).toBe('User is not assigned to the client application.');
    await expect(federation.management.users.get(federation.auth0UserId)).rejects.toMatchObject({ statusCode: 404 });
    expect(federation.emulators.auth0.events.list({ since, type: 'auth0.login_callback' })).toEqual([
      expect.objectContaining({ outcome: 'error', error: 'access_denied', error_description: 'User is not assigned to the client application.' }),
    ]);
  });

  test('a blocked user: unauthorized / "user is blocked", and no login is counted', async ({ federate }) => {
    const federation = await federate();
    await loginWithCode(federation);
    await federation.management.users.update(federation.auth0UserId, { blocked: true });

    const { code, description } = await failedLogin(federation);
    expect(code).toBe('unauthorized');
    expect(description).toBe('user is blocked');
    expect((await federation.management.users.get(federation.auth0UserId)).logins_count).toBe(1);

    await federation.management.users.update(federation.auth0UserId, { blocked: false });
    const again = await loginWithCode(federation);
    expect(again.tokens.claims()!.sub).toBe(federation.auth0UserId);
  });

  test('an unknown state at /login/callback is an error page, not a login', async ({ emulators }) => {
    const page = await new HttpBrowser().navigate(`${emulators.auth0.origin}/login/callback?code=abc&state=forged`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('Invalid state');
  });
});
