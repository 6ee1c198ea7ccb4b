// The error paths a person can meet, each shown plainly where it happens: on Okta's sign-in page,
// on the app's error page (Okta's error passed through Auth0), or on Universal Login.
import { test, expect, findAuth0User, auth0UserIdOf } from '../fixtures/harness.ts';
import { connectionEnabledClientIds } from '../provisioning/auth0.ts';

test('a wrong password stays on Okta\'s page with "Password is incorrect"', async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'wrong-password' });
  const { oktaSignIn } = session;
  await session.signInWithConnectionButton({ login: user.login, password: `${user.password}-not` });
  await oktaSignIn.expectError('Password is incorrect');
  await expect(oktaSignIn.password).toBeVisible();
  // Nothing reached Auth0: no user was created, and Okta still lets the person try again.
  expect(await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, user.id))).toBeUndefined();
  expect((await admin.okta.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');
});

test("a user not assigned to the Okta app gets access_denied with Okta's text on the app's error page", async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'unassigned', assignTo: [] });
  await expect(admin.okta.applicationApi.getApplicationUser({ appId: testRun.oktaAppId, userId: user.id })).rejects.toMatchObject({ status: 404 });
  await session.signInWithConnectionButton(user);
  await session.demoApp.expectError('access_denied', 'User is not assigned to the client application.');
  expect(await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, user.id))).toBeUndefined();
});

test('a deactivated Okta user cannot sign in: Okta\'s page says "Unable to sign in"', async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'deactivated' });
  await admin.okta.userApi.deactivateUser({ userId: user.id });
  expect((await admin.okta.userApi.getUser({ userId: user.id })).status).toBe('DEPROVISIONED');
  await session.signInWithConnectionButton(user);
  await session.oktaSignIn.expectError('Unable to sign in');
  expect(await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, user.id))).toBeUndefined();
});

test('a connection not enabled for the app is not used by home realm discovery', async ({ session, connections, testRun, admin }) => {
  const disabled = await connections.create({ purpose: 'not-enabled', enableForDemoApp: false });
  expect(await connectionEnabledClientIds(admin.auth0, disabled.id)).not.toContain(testRun.runEnv.CLIENT_ID);

  const { universalLogin } = session;
  await session.openUniversalLogin();
  await expect(universalLogin.connectionButton(disabled.displayName)).toHaveCount(0);
  const mark = session.mark();
  await universalLogin.submitEmail(`someone@${disabled.emailDomain}`);
  await universalLogin.expectEmailError('Email does not match any enterprise directory');
  expect(session.oktaPagesSince(mark)).toEqual([]);
});
