// The regular web app calls the demo API with its own access token: express-openid-connect asks
// Auth0 for a token for the API (audience, read:whoami) at login, and the app's server sends it to
// the API, which express-oauth2-jwt-bearer checks against the tenant's keys.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('the regular web app calls the API with the access token of its session; the API answers who called, through which app, with which scopes', async ({ session, oktaUser, testRun }) => {
  const { demoApp } = session;
  await session.logInWithConnectionButton(oktaUser);
  // The same access token read the profile at /userinfo (Auth0 adds that audience to an API's token).
  await expect(session.page.getByTestId('userinfo')).toContainText(oktaUser.login);
  await demoApp.callApi.click();
  await expect(demoApp.apiCallResult()).toContainText('HTTP 200');
  expect(await demoApp.apiResponse()).toMatchObject({
    subject: auth0UserIdOf(testRun.connectionName, oktaUser.id),
    kind: 'user',
    application: testRun.runEnv.CLIENT_ID,
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read:whoami'],
    audience: [testRun.runEnv.API_AUDIENCE, `${testRun.runEnv.ISSUER_BASE_URL}/userinfo`],
  });
});
