// Custom domains (docs/live-tenants.md, "Running against sandbox tenants"): with AUTH0_CUSTOM_DOMAIN the whole
// login runs on it — Universal Login, the broker's callback from Okta, the ID token's issuer — while
// the Management API stays on the tenant's own domain. Without one, the same holds for that domain.
// The suite's live mode against the emulators (npm run test:live-emulated) runs with a custom domain.
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';

test('the whole login runs on the login domain (the custom domain when there is one); the Management API answers on the tenant domain', async ({
  session,
  oktaUser,
  testRun,
  admin,
}) => {
  const { domain, loginDomain } = testRun.config.auth0;
  const mark = session.mark();
  await session.logInThroughUniversalLogin(oktaUser); // identifier first, then home realm discovery
  await expect(session.demoApp.userId()).toHaveText(auth0UserIdOf(testRun.connectionName, oktaUser.id));

  // Every Auth0 page the browser showed was on the login domain (the page object checks each host too).
  const auth0Hosts = session.shown
    .slice(mark)
    .map(url => URL.parse(url)?.host)
    .filter(host => host === domain || host === loginDomain);
  expect(auth0Hosts.length).toBeGreaterThan(0);
  expect(new Set(auth0Hosts)).toEqual(new Set([loginDomain]));
  // The ID token the demo app holds was issued there…
  await expect(session.demoApp.idTokenClaim('iss')).toHaveText(`https://${loginDomain}/`);
  // …Okta sent the browser back to that domain's callback (the only one the run's Okta app allows)…
  const app = await admin.okta.applicationApi.getApplication({ appId: testRun.oktaAppId });
  expect((app as import('@okta/okta-sdk-nodejs').OpenIdConnectApplication).settings.oauthClient?.redirect_uris).toEqual([
    `https://${loginDomain}/login/callback`,
  ]);
  // …and the Management API, on the tenant's own domain, knows the user the login made.
  expect(testRun.config.auth0.domain).toBe(domain);
  expect((await admin.auth0.users.get(auth0UserIdOf(testRun.connectionName, oktaUser.id))).email).toBe(oktaUser.login);
});
