// The first end-to-end proof (issue 6): a person signs in with their work email and lands on the
// demo app's profile as the Okta user, through Auth0's Okta Workforce connection; the access token
// the regular web app got for the demo API (audience, read:whoami) reads /userinfo and calls the
// API from the app's server, which express-oauth2-jwt-bearer checks against the tenant's keys.
import { test, expect } from '../fixtures/harness.ts';

test('home → "Log in with your work email" → Okta sign-in → profile shows the Okta user and the okta|… user id; the app calls the API with its access token', async ({
  session,
  oktaUser,
  testRun,
  admin,
}) => {
  const { demoApp, universalLogin, oktaSignIn } = session;
  await demoApp.startWorkEmailLogin(oktaUser.login);
  // Identifier-first Universal Login shows the email it was given; Continue sends it on to Okta.
  await universalLogin.expectShown();
  await universalLogin.continue.click();
  await oktaSignIn.signIn(oktaUser.login, oktaUser.password);
  await demoApp.expectProfile();

  const okta = await admin.okta.userApi.getUser({ userId: oktaUser.id });
  const userId = `okta|${testRun.connectionName}|${oktaUser.id}`;
  await expect(demoApp.profileName()).toHaveText(`${okta.profile!.firstName} ${okta.profile!.lastName}`);
  await expect(demoApp.userId()).toHaveText(userId);
  await expect(demoApp.email()).toHaveText(oktaUser.login);
  // The same access token read the profile at /userinfo (Auth0 adds that audience to an API's token).
  await expect(session.page.getByTestId('userinfo')).toContainText(oktaUser.login);

  // The API answers who called, through which app, with which scopes and audiences.
  await demoApp.callApi.click();
  await expect(demoApp.apiCallResult()).toContainText('HTTP 200');
  expect(await demoApp.apiResponse()).toMatchObject({
    subject: userId,
    kind: 'user',
    application: testRun.runEnv.CLIENT_ID,
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read:whoami'],
    audience: [testRun.runEnv.API_AUDIENCE, `${testRun.runEnv.ISSUER_BASE_URL}/userinfo`],
  });

  // Auth0 holds the user the login created, with the Okta identity.
  const user = await admin.auth0.users.get(userId);
  expect(user.email).toBe(oktaUser.login);
  expect(user.identities).toEqual([
    expect.objectContaining({ provider: 'okta', connection: testRun.connectionName, user_id: `${testRun.connectionName}|${oktaUser.id}` }),
  ]);
});
