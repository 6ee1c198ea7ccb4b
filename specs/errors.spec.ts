// The error paths a person can meet, each shown plainly where it happens: on Okta's sign-in page,
// on the app's error page (Okta's error passed through Auth0), or on Universal Login.
import { test, expect, findAuth0User, auth0UserIdOf } from '../fixtures/harness.ts';

test('a wrong password stays on Okta\'s page with "Password is incorrect"', async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'wrong-password' });
  const { demoApp, oktaSignIn } = session;
  await demoApp.gotoHome();
  await demoApp.logInWith(testRun.connectionDisplayName).click();
  await oktaSignIn.signIn(user.login, `${user.password}-not`);
  await oktaSignIn.expectError('Password is incorrect');
  await expect(oktaSignIn.password).toBeVisible();
  // Nothing reached Auth0: no user was created, and Okta still lets the person try again.
  expect(await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, user.id))).toBeUndefined();
  expect((await admin.okta.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');
});

test('a user not assigned to the Okta app gets access_denied with Okta\'s text on the app\'s error page', async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'unassigned', assignTo: [] });
  await expect(admin.okta.applicationApi.getApplicationUser({ appId: testRun.oktaAppId, userId: user.id })).rejects.toMatchObject({ status: 404 });
  const { demoApp, oktaSignIn } = session;
  await demoApp.gotoHome();
  await demoApp.logInWith(testRun.connectionDisplayName).click();
  await oktaSignIn.signIn(user.login, user.password);
  await demoApp.expectError('access_denied', 'User is not assigned to the client application.');
  expect(await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, user.id))).toBeUndefined();
});

test('a deactivated Okta user cannot sign in: Okta\'s page says "Unable to sign in"', async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'deactivated' });
  await admin.okta.userApi.deactivateUser({ userId: user.id });
  expect((await admin.okta.userApi.getUser({ userId: user.id })).status).toBe('DEPROVISIONED');
  const { demoApp, oktaSignIn } = session;
  await demoApp.gotoHome();
  await demoApp.logInWith(testRun.connectionDisplayName).click();
  await oktaSignIn.signIn(user.login, user.password);
  await oktaSignIn.expectError('Unable to sign in');
  expect(await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, user.id))).toBeUndefined();
});

test('a connection not enabled for the app is not used by home realm discovery', async ({ session, connections, testRun, admin }) => {
  const disabled = await connections.create({ purpose: 'not-enabled', enableForDemoApp: false });
  const enabledFor: string[] = [];
  for await (const c of await admin.auth0.connections.clients.get(disabled.id)) if (c.client_id) enabledFor.push(c.client_id);
  expect(enabledFor).not.toContain(testRun.runEnv.CLIENT_ID);

  const { demoApp, universalLogin } = session;
  await demoApp.gotoHome();
  await demoApp.logIn.click();
  await universalLogin.expectShown();
  await expect(universalLogin.connectionButton(disabled.displayName)).toHaveCount(0);
  const mark = session.mark();
  await universalLogin.submitEmail(`someone@${disabled.emailDomain}`);
  await universalLogin.expectEmailError('Email does not match any enterprise directory');
  expect(session.oktaPagesSince(mark)).toEqual([]);
});
