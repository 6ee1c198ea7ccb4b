// Home realm discovery on identifier-first Universal Login: the email's domain picks the
// enterprise connection (options.domain_aliases of the connections enabled for the app).
import { test, expect, findAuth0User, auth0UserIdOf } from '../fixtures/harness.ts';

test('an email on the aliased domain goes straight to Okta, with no Auth0 password step', async ({ session, oktaUser, testRun, admin }) => {
  const { demoApp, universalLogin, oktaSignIn } = session;
  const connection = await admin.auth0.connections.get(testRun.connectionId);
  expect((connection.options as Record<string, unknown>).domain_aliases).toContain(testRun.emailDomain);

  await session.openUniversalLogin();
  const mark = session.mark();
  await universalLogin.submitEmail(oktaUser.login);
  await oktaSignIn.expectShown();
  expect(session.auth0PagesSince(mark), 'no Auth0 page (password step) between Universal Login and Okta').toEqual([]);

  await oktaSignIn.signIn(oktaUser.login, oktaUser.password);
  await demoApp.expectProfile();
  const user = await admin.auth0.users.get(auth0UserIdOf(testRun.connectionName, oktaUser.id));
  expect(user.identities?.[0]).toMatchObject({ provider: 'okta', connection: testRun.connectionName });
});

test('an email on another domain stays on Universal Login with the "does not match" message', async ({ session, testRun, admin }) => {
  const { universalLogin } = session;
  const email = `someone@not-aliased-${testRun.manifest.runId}.harness.test`;
  await session.openUniversalLogin();
  const mark = session.mark();
  await universalLogin.submitEmail(email);

  await universalLogin.expectEmailError('Email does not match any enterprise directory');
  await expect(universalLogin.email).toHaveValue(email);
  expect(session.oktaPagesSince(mark)).toEqual([]);
  expect(await admin.auth0.users.listUsersByEmail({ email })).toEqual([]);
});

test("the app's work-email login sends login_hint: Universal Login pre-fills it and Okta shows the username pre-filled", async ({
  session,
  oktaUser,
  testRun,
  admin,
}) => {
  const { demoApp, universalLogin, oktaSignIn } = session;
  // The connection forwards the hint to Okta (upstream_params, docs/fidelity.md#okta-connection-upstream-parameters).
  const connection = await admin.auth0.connections.get(testRun.connectionId);
  expect((connection.options as Record<string, unknown>).upstream_params).toEqual({ login_hint: { alias: 'login_hint' } });

  await demoApp.startWorkEmailLogin(oktaUser.login);
  await universalLogin.expectShown();
  await expect(universalLogin.email).toHaveValue(oktaUser.login);
  await universalLogin.continue.click();
  await oktaSignIn.expectUsernamePrefilled(oktaUser.login);

  await oktaSignIn.signIn(oktaUser.login, oktaUser.password);
  await demoApp.expectProfile();
  expect((await findAuth0User(admin, auth0UserIdOf(testRun.connectionName, oktaUser.id)))?.email).toBe(oktaUser.login);
});
