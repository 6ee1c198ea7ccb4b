// Inbound SCIM for the Okta Workforce connection (docs/fidelity.md#inbound-scim): Okta pushes the users
// assigned to its provisioning app to the connection's SCIM endpoint, so they exist in Auth0 before
// their first login, under the id that login produces (externalId = Okta user id); Okta's
// deprovisioning blocks them in Auth0.
import { test, expect, requireCapability, findAuth0User, auth0UserIdOf } from '../fixtures/harness.ts';
import type { BrowserSession, Credentials } from '../fixtures/browser-session.ts';

/** Home → "Log in" → email (home realm discovery) → Okta sign-in; the outcome is the test's to check. */
async function attemptLogin(session: BrowserSession, user: Credentials): Promise<void> {
  await session.demoApp.gotoHome();
  await session.demoApp.logIn.click();
  await session.universalLogin.submitEmail(user.login);
  await session.oktaSignIn.signIn(user.login, user.password);
}

test('a user pushed by Okta appears in Auth0 before any login, and the first login lands on that same user', async ({
  session,
  oktaUsers,
  connections,
  capabilities,
  admin,
}) => {
  requireCapability(capabilities, 'scim');
  const connection = await connections.create({ purpose: 'scim', scim: true });
  const user = await oktaUsers.create({
    purpose: 'pushed',
    firstName: 'Katherine',
    lastName: 'Johnson',
    emailDomain: connection.emailDomain,
    assignTo: [connection.oktaApp.id, connection.scim!.provisioningAppId],
  });
  const userId = auth0UserIdOf(connection.name, user.id);

  // Okta provisions asynchronously after the assignment.
  await expect.poll(async () => (await findAuth0User(admin, userId))?.email, { timeout: 10_000 }).toBe(user.login);
  const pushed = (await findAuth0User(admin, userId))!;
  expect(pushed.logins_count ?? 0).toBe(0);
  expect(pushed.blocked ?? false).toBe(false);
  expect(pushed).toMatchObject({ given_name: 'Katherine', family_name: 'Johnson' });

  await session.logInThroughUniversalLogin(user); // home realm discovery: the email's domain is the SCIM connection's
  await expect(session.demoApp.userId()).toHaveText(userId);
  const after = await admin.auth0.users.get(userId);
  expect(after.created_at).toBe(pushed.created_at); // the same user, not a new one
  expect(after.logins_count).toBe(1);
  expect(await admin.auth0.users.listUsersByEmail({ email: user.login })).toHaveLength(1);
});

test("deprovisioning in Okta blocks the Auth0 user: the next login ends on the app's error page", async ({
  session,
  oktaUsers,
  connections,
  capabilities,
  admin,
}) => {
  requireCapability(capabilities, 'scim');
  const connection = await connections.create({ purpose: 'scim', scim: true });
  const provisioningAppId = connection.scim!.provisioningAppId;
  const user = await oktaUsers.create({ purpose: 'deprovisioned', emailDomain: connection.emailDomain, assignTo: [connection.oktaApp.id, provisioningAppId] });
  const userId = auth0UserIdOf(connection.name, user.id);
  await expect.poll(async () => (await findAuth0User(admin, userId))?.blocked ?? 'absent', { timeout: 10_000 }).toBe(false);

  // Unassigning the user from the provisioning app makes Okta deactivate them there (active:false).
  await admin.okta.applicationApi.unassignUserFromApplication({ appId: provisioningAppId, userId: user.id });
  await expect.poll(async () => (await findAuth0User(admin, userId))?.blocked, { timeout: 10_000 }).toBe(true);

  // Okta still lets the person sign in (they are assigned to the sign-in app); Auth0 refuses them.
  await attemptLogin(session, user);
  await session.demoApp.expectError('unauthorized', 'user is blocked');
  expect((await admin.auth0.users.get(userId)).logins_count ?? 0).toBe(0);
});

test('deactivating the user in Okta blocks the Auth0 user, and the next login is refused', async ({ session, oktaUsers, connections, capabilities, admin }) => {
  requireCapability(capabilities, 'scim');
  const connection = await connections.create({ purpose: 'scim', scim: true });
  const user = await oktaUsers.create({
    purpose: 'deactivated',
    emailDomain: connection.emailDomain,
    assignTo: [connection.oktaApp.id, connection.scim!.provisioningAppId],
  });
  const userId = auth0UserIdOf(connection.name, user.id);
  await expect.poll(async () => (await findAuth0User(admin, userId))?.blocked ?? 'absent', { timeout: 10_000 }).toBe(false);

  await admin.okta.userApi.deactivateUser({ userId: user.id });
  await expect.poll(async () => (await findAuth0User(admin, userId))?.blocked, { timeout: 10_000 }).toBe(true);

  await attemptLogin(session, user);
  await session.oktaSignIn.expectError('Unable to sign in');
  expect((await admin.auth0.users.get(userId)).logins_count ?? 0).toBe(0);
});
