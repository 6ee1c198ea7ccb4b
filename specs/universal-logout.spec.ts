// Okta Universal Logout through Auth0's Okta Workforce connection (docs/fidelity.md#global-token-revocation-and-back-channel-logout):
// an admin clears a user's sessions in Okta "including logout-enabled apps"; Okta sends a Global
// Token Revocation request to Auth0's endpoint for the connection; Auth0 ends the user's sessions,
// tells the app by back-channel logout and revokes the refresh tokens — the single-page app's too;
// Okta's own session is gone.
import { test, expect, requireCapability, auth0UserIdOf } from '../fixtures/harness.ts';
import { RefreshTokenHolder } from '../fixtures/refresh-token-holder.ts';

test("clearing the user's Okta sessions incl. logout-enabled apps ends the app session, revokes refresh tokens (the single-page app's too), and the next login asks for the Okta password", async ({
  session,
  oktaUser,
  testRun,
  capabilities,
  oktaAdminConsole,
  admin,
}) => {
  requireCapability(capabilities, 'universalLogout');
  const { demoApp, universalLogin, oktaSignIn } = session;
  const endpoint = `https://${testRun.config.auth0.domain}/oauth/global-token-revocation/connection/${testRun.connectionName}`;
  // App > General > Logout: "Okta system or admin initiates logout", Auth0's endpoint, issuer + subject.
  await oktaAdminConsole.enableUniversalLogout(testRun.oktaAppId, { endpoint, subjectFormat: 'iss_sub' });
  try {
    await session.logInWithConnectionButton(oktaUser);
    const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);
    await expect(demoApp.hasRefreshToken()).toHaveText('present');
    await demoApp.refreshTokens.click();
    await expect(demoApp.refreshResult()).toContainText('Refreshed at');
    // A second session of the same client, holding its refresh token where this spec can use it.
    const held = await RefreshTokenHolder.obtain(session.page, {
      issuerBaseUrl: testRun.runEnv.ISSUER_BASE_URL,
      clientId: testRun.runEnv.CLIENT_ID,
      clientSecret: testRun.runEnv.CLIENT_SECRET,
      demoAppUrl: testRun.demoAppUrl,
      caCertPem: testRun.config.caCertPem,
    });
    expect(await held.refresh()).toEqual({ ok: true });
    // The single-page app signs in from the same Auth0 session (no password) and holds a refresh token of its own.
    const { singlePageApp: spa } = session;
    await spa.goto();
    await spa.logInWith(testRun.connectionDisplayName).click();
    await spa.expectSignedIn();
    await spa.renewWithRefreshToken.click();
    await expect(spa.result()).toContainText('Renewed with the refresh token at');

    await oktaAdminConsole.clearUserSessions(oktaUser.id, { includeLogoutEnabledApps: true });

    // Auth0 revoked the single-page app's refresh token as well.
    await spa.renewWithRefreshToken.click();
    await expect(spa.result()).toHaveText('Renew with the refresh token failed: invalid_grant: Unknown or invalid refresh token.');

    // The app's session ended (Auth0's back-channel logout reached it): /profile now sends the
    // visitor to Auth0, whose session ended too, so Universal Login shows.
    await expect(async () => {
      await demoApp.gotoProfile();
      await universalLogin.expectShown();
    }).toPass({ timeout: 10_000 });
    // Auth0 revoked the refresh tokens: the token endpoint refuses them.
    expect(await held.refresh()).toMatchObject({ ok: false, error: 'invalid_grant' });

    // Okta's session ended as well: the next login asks for the password.
    await universalLogin.submitEmail(oktaUser.login);
    await oktaSignIn.expectShown();
    await oktaSignIn.signIn(oktaUser.login, oktaUser.password);
    await demoApp.expectProfile();
    // Universal Logout ends sessions; it neither blocks nor removes the person in Auth0.
    const user = await admin.auth0.users.get(userId);
    expect(user.blocked ?? false).toBe(false);
    expect(user.identities?.[0]).toMatchObject({ provider: 'okta', connection: testRun.connectionName });
  } finally {
    await oktaAdminConsole.disableUniversalLogout(testRun.oktaAppId);
  }
});
