// Profile sync (options.set_user_root_attributes, docs/fidelity.md#okta-connection-users-and-profile): a name changed in Okta reaches the
// Auth0 user and the app at the next login through a connection that syncs on each login; a
// connection that sets attributes on the first login only keeps the old name. Every login starts
// without any session, so each one reaches Okta and reads the profile as it is then.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test("a new first/last name in Okta shows after the next login through the run's on_each_login connection", async ({ session, oktaUsers, testRun, admin }) => {
  const user = await oktaUsers.create({ purpose: 'sync-each', firstName: 'Ada', lastName: 'Lovelace' });
  const userId = auth0UserIdOf(testRun.connectionName, user.id);
  const { demoApp } = session;

  await session.logInWithConnectionButton(user);
  await expect(demoApp.userId()).toHaveText(userId);
  await expect(demoApp.profileName()).toHaveText('Ada Lovelace');

  // The person's name changes in Okta.
  await admin.okta.userApi.updateUser({ userId: user.id, user: { profile: { firstName: 'Grace', lastName: 'Hopper' } } });

  await session.forgetSessions();
  await session.logInWithConnectionButton(user);
  await expect(demoApp.userId()).toHaveText(userId);
  await expect(demoApp.profileName()).toHaveText('Grace Hopper');
  expect(await admin.auth0.users.get(userId)).toMatchObject({ name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper' });
});

test('an on_first_login connection keeps the name of the first login after it changes in Okta', async ({ session, oktaUsers, connections, admin }) => {
  const firstLogin = await connections.create({ purpose: 'first-login', setUserRootAttributes: 'on_first_login' });
  const user = await oktaUsers.create({ purpose: 'sync-first', firstName: 'Ada', lastName: 'Lovelace', assignTo: [firstLogin.oktaApp.id] });
  const userId = auth0UserIdOf(firstLogin.name, user.id);
  const { demoApp } = session;

  await session.logInWithUniversalLoginButton(firstLogin.displayName, user);
  await expect(demoApp.userId()).toHaveText(userId);
  await expect(demoApp.profileName()).toHaveText('Ada Lovelace');

  await admin.okta.userApi.updateUser({ userId: user.id, user: { profile: { firstName: 'Grace', lastName: 'Hopper' } } });
  // Okta has the new name, so only on_first_login can keep the old one.
  expect((await admin.okta.userApi.getUser({ userId: user.id })).profile).toMatchObject({ firstName: 'Grace', lastName: 'Hopper' });

  await session.forgetSessions();
  await session.logInWithUniversalLoginButton(firstLogin.displayName, user);
  await expect(demoApp.userId()).toHaveText(userId);
  await expect(demoApp.profileName()).toHaveText('Ada Lovelace');
  const kept = await admin.auth0.users.get(userId);
  expect(kept).toMatchObject({ name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' });
  expect(kept.logins_count).toBe(2);
});
