// Logout: "Log out" ends the app's session and Auth0's (the Okta session stays, so the next login
// shows Universal Login but no Okta password); "Log out everywhere" (federated) ends Okta's too.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('local + Auth0 logout returns signed out; the next login shows Universal Login again while Okta still has its session', async ({
  session,
  oktaUser,
  testRun,
  admin,
}) => {
  const { demoApp, universalLogin } = session;
  await session.logInWithConnectionButton(oktaUser);
  const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);
  const loginsBefore = (await admin.auth0.users.get(userId)).logins_count ?? 0;

  await demoApp.logOut.click();
  await demoApp.expectSignedOut();
  await demoApp.gotoProfile();
  await universalLogin.expectShown(); // the app sends a signed-out visitor to Auth0, which has no session either

  const mark = session.mark();
  await universalLogin.submitEmail(oktaUser.login);
  await demoApp.expectProfile();
  expect(session.oktaPagesSince(mark), 'Okta answered from its session: no sign-in page').toEqual([]);
  await expect(demoApp.userId()).toHaveText(userId);
  expect((await admin.auth0.users.get(userId)).logins_count).toBe(loginsBefore + 1);
});

test('federated logout ends the Okta session too: the next login asks for the Okta password', async ({ session, oktaUser, testRun, admin }) => {
  const { demoApp, universalLogin, oktaSignIn } = session;
  await session.logInWithConnectionButton(oktaUser);
  const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);
  const loginsBefore = (await admin.auth0.users.get(userId)).logins_count ?? 0;

  await demoApp.logOutEverywhere.click();
  await demoApp.expectSignedOut();

  await demoApp.logIn.click();
  await universalLogin.expectShown();
  await universalLogin.submitEmail(oktaUser.login);
  await oktaSignIn.expectShown(); // Okta asks again: its session is gone
  await oktaSignIn.signIn(oktaUser.login, oktaUser.password);
  await demoApp.expectProfile();
  await expect(demoApp.userId()).toHaveText(userId);
  expect((await admin.auth0.users.get(userId)).logins_count).toBe(loginsBefore + 1);
});
