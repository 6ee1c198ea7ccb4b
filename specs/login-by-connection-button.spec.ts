// Login by connection button: Universal Login offers the Okta Workforce connection as a button with
// its display name and logo; the button leads through Okta's sign-in page to the app, and Auth0
// holds a user with the Okta identity.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('Universal Login shows "Continue with {display name}" with the configured logo; it signs in through Okta as okta|{connection}|{okta id}', async ({
  session,
  oktaUser,
  testRun,
  admin,
}) => {
  const { demoApp, universalLogin, oktaSignIn } = session;
  const connection = await admin.auth0.connections.get(testRun.connectionId);
  expect(connection).toMatchObject({ strategy: 'okta', display_name: testRun.connectionDisplayName, show_as_button: true });
  const iconUrl = testRun.config.connection.iconUrl;
  expect((connection.options as Record<string, unknown>).icon_url).toBe(iconUrl);

  await session.openUniversalLogin();
  const button = universalLogin.connectionButton(testRun.connectionDisplayName);
  await expect(button).toBeVisible();
  const logo = universalLogin.connectionLogo(testRun.connectionDisplayName);
  if (iconUrl) {
    await expect(logo).toHaveAttribute('src', iconUrl);
    // Rendered, not just referenced: the browser loaded the image.
    await expect.poll(() => logo.evaluate(img => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
  } else {
    await expect(logo).toHaveCount(0); // no icon_url: Auth0's built-in icon, no image
  }

  await button.click();
  await oktaSignIn.signIn(oktaUser.login, oktaUser.password);
  await demoApp.expectProfile();
  const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);
  await expect(demoApp.userId()).toHaveText(userId);
  await expect(demoApp.identityProvider()).toHaveText('okta');
  await expect(demoApp.connection()).toHaveText(testRun.connectionName);
  await expect(demoApp.idpUserId()).toHaveText(oktaUser.id);

  const user = await admin.auth0.users.get(userId);
  expect(user.identities).toEqual([
    { provider: 'okta', connection: testRun.connectionName, user_id: `${testRun.connectionName}|${oktaUser.id}`, isSocial: false },
  ]);
  expect(user.email).toBe(oktaUser.login);
});
