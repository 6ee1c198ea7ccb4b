// The Management API on users that a real login created: an okta login through Universal Login
// and the Okta org emulator (fixtures/auth0/federation.ts), then the user read,
// searched and signed out through the official ManagementClient.
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { test, expect, loginWithCode, authorizationRequest, atRelyingParty, callbackParams } from '../../../fixtures/auth0/federation.ts';

test.describe('Management API on a user created by an okta login', () => {
  test('read and search the user; DELETE /users/{id}/sessions ends the Auth0 session', async ({ federate }) => {
    const federation = await federate();
    const { management, auth0UserId, connection } = federation;
    const browser = new HttpBrowser();
    await loginWithCode(federation, { browser });

    const user = await management.users.get(auth0UserId);
    expect(user).toMatchObject({
      user_id: `okta|${connection.name}|${federation.user.id}`,
      email: federation.user.login,
      identities: [{ provider: 'okta', connection: connection.name, user_id: `${connection.name}|${federation.user.id}`, isSocial: false }],
    });
    const found = await management.users.list({
      q: `identities.connection:"${connection.name}" AND email:"${federation.user.login.toUpperCase()}"`,
      search_engine: 'v3',
    });
    expect(found.data.map(u => u.user_id)).toEqual([auth0UserId]);
    expect((await management.users.listUsersByEmail({ email: federation.user.login })).map(u => u.user_id)).toEqual([auth0UserId]);

    // Signed in: a silent authorization succeeds with a code.
    const rp = await federation.rp();
    const silent = async () => {
      const request = await authorizationRequest(rp, { prompt: 'none' });
      return callbackParams(await browser.navigate(request.url, { stopBefore: atRelyingParty }));
    };
    expect((await silent()).get('code')).toEqual(expect.any(String));

    const { rawResponse } = await management.users.sessions.delete(auth0UserId).withRawResponse();
    expect(rawResponse.status).toBe(202);
    // The same browser is no longer signed in to the tenant.
    expect((await silent()).get('error')).toBe('login_required');
  });
});
