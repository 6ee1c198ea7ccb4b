// The demo's single-page app (@auth0/auth0-spa-js, unchanged) through the Okta Workforce
// connection: it signs in (connection button; home realm discovery), calls the demo API with its
// access token (express-oauth2-jwt-bearer checks it; an endpoint whose scope no app was granted
// refuses with 403), renews its token silently (refresh token; hidden iframe with
// response_mode=web_message), and logs out. One test, one Okta password: every step needs a
// signed-in single-page app, and the second login rides on Okta's session.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('the single-page app signs in through Okta (connection button, then home realm discovery), calls the API with its token (403 without the scope), renews it (refresh token, hidden iframe) and logs out', async ({
  session,
  oktaUser,
  testRun,
}) => {
  const { singlePageApp: spa, universalLogin } = session;
  const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);

  await test.step('log in with the connection button', async () => {
    await session.logInToSinglePageAppWithConnectionButton(oktaUser);
    await expect(spa.userId()).toHaveText(userId);
  });

  await test.step('call the API with the access token', async () => {
    await spa.callApi.click();
    await expect(spa.result()).toHaveText('/api/whoami answered HTTP 200');
    expect(await spa.apiResponse()).toMatchObject({
      subject: userId,
      kind: 'user',
      application: testRun.runEnv.SPA_CLIENT_ID,
      scopes: ['openid', 'profile', 'email', 'offline_access', 'read:whoami'],
    });
    // read:reports is defined on the API but granted to no application: the token lacks it.
    await spa.callReports.click();
    await expect(spa.result()).toHaveText('/api/reports answered HTTP 403');
    expect(await spa.apiResponse()).toMatchObject({ error: 'insufficient_scope' });
  });

  await test.step('renew the token with the refresh token, then in a hidden iframe', async () => {
    await spa.renewWithRefreshToken.click();
    await expect(spa.result()).toContainText('Renewed with the refresh token at');
    await spa.callApi.click();
    await expect(spa.result()).toHaveText('/api/whoami answered HTTP 200');
    // prompt=none&response_mode=web_message in a cross-site iframe: only a SameSite=None session
    // cookie travels with it, and only Auth0's web_message page answers spa-js.
    const silent = session.page.waitForRequest(request => request.url().includes('/authorize?') && request.url().includes('response_mode=web_message'));
    await spa.renewInIframe.click();
    expect(new URL((await silent).url()).searchParams.get('prompt')).toBe('none');
    await expect(spa.result()).toContainText('Renewed in a hidden iframe at');
  });

  await test.step("log out: the Auth0 session ends too; home realm discovery signs in again from Okta's session", async () => {
    await spa.logOut.click();
    await spa.expectSignedOut();
    await spa.logIn.click();
    await universalLogin.expectShown();
    const mark = session.mark();
    await universalLogin.submitEmail(oktaUser.login);
    await spa.expectSignedIn();
    expect(session.oktaPagesSince(mark), 'Okta answered from its session: no sign-in page').toEqual([]);
    await expect(spa.userId()).toHaveText(userId);
  });
});
