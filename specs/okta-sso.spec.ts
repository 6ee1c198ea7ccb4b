// Okta single sign-on: once a person has signed in at Okta, another login through the connection
// (a fresh app session, Auth0's session gone too) is answered from the Okta session.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('after one login, a second login through a fresh app session does not ask for the Okta password', async ({
  session,
  context,
  oktaUser,
  testRun,
  admin,
}) => {
  const { demoApp } = session;
  await session.logInWithConnectionButton(oktaUser);
  const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);
  const loginsBefore = (await admin.auth0.users.get(userId)).logins_count ?? 0;

  // A fresh app session: the app's and Auth0's cookies go; Okta's session cookie stays.
  const oktaHost = new URL(testRun.config.okta.orgUrl).hostname;
  for (const host of [new URL(testRun.demoAppUrl).hostname, testRun.config.auth0.loginDomain.split(':')[0]]) {
    await context.clearCookies({ domain: new RegExp(`^\\.?${host.replace(/\./g, '\\.')}$`) });
  }
  expect((await context.cookies()).some(c => c.domain.replace(/^\./, '') === oktaHost)).toBe(true);
  await demoApp.gotoHome();
  await expect(demoApp.logIn).toBeVisible();

  const mark = session.mark();
  await demoApp.logInWith(testRun.connectionDisplayName).click();
  await demoApp.expectProfile();
  expect(session.oktaPagesSince(mark), 'Okta showed no sign-in page').toEqual([]);
  await expect(demoApp.userId()).toHaveText(userId);
  // Auth0 counted a second login through the connection for the same user.
  expect((await admin.auth0.users.get(userId)).logins_count).toBe(loginsBefore + 1);
});
