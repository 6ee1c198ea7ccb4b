// Profile sync (options.set_user_root_attributes, auth0.md §12): a name changed in Okta reaches the
// Auth0 user and the app at the next login through a connection that syncs on each login; a
// connection that sets attributes on the first login only keeps the old name.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('a new first/last name in Okta shows after the next login with on_each_login; an on_first_login connection keeps the old one', async ({
  session,
  oktaUsers,
  connections,
  testRun,
  admin,
}) => {
  const firstLogin = await connections.create({ purpose: 'first-login', setUserRootAttributes: 'on_first_login' });
  const user = await oktaUsers.create({ purpose: 'sync', firstName: 'Ada', lastName: 'Lovelace', assignTo: [testRun.oktaAppId, firstLogin.oktaApp.id] });
  const eachLoginId = auth0UserIdOf(testRun.connectionName, user.id);
  const firstLoginId = auth0UserIdOf(firstLogin.name, user.id);

  const { demoApp } = session;
  // First logins through both connections; every login starts without any session, so each one
  // reaches Okta and reads the profile as it is then.
  await session.logInWithConnectionButton(user);
  await expect(demoApp.profileName()).toHaveText('Ada Lovelace');
  await session.forgetSessions();
  await session.logInWithUniversalLoginButton(firstLogin.displayName, user);
  await expect(demoApp.userId()).toHaveText(firstLoginId);
  await expect(demoApp.profileName()).toHaveText('Ada Lovelace');

  // The person's name changes in Okta.
  await admin.okta.userApi.updateUser({ userId: user.id, user: { profile: { firstName: 'Grace', lastName: 'Hopper' } } });

  await session.forgetSessions();
  await session.logInWithConnectionButton(user);
  await expect(demoApp.userId()).toHaveText(eachLoginId);
  await expect(demoApp.profileName()).toHaveText('Grace Hopper');
  expect(await admin.auth0.users.get(eachLoginId)).toMatchObject({ name: 'Grace Hopper', given_name: 'Grace', family_name: 'Hopper' });

  await session.forgetSessions();
  await session.logInWithUniversalLoginButton(firstLogin.displayName, user);
  await expect(demoApp.userId()).toHaveText(firstLoginId);
  await expect(demoApp.profileName()).toHaveText('Ada Lovelace');
  const kept = await admin.auth0.users.get(firstLoginId);
  expect(kept).toMatchObject({ name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' });
  expect(kept.logins_count).toBe(2);
});
