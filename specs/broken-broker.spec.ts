// Breaking the broker hop on purpose (embedded target: the emulators' control plane does it, one
// call per fault, scoped to this test's user): what the relying party shows the person at the
// browser, and which hop the flow inspector names as the one that failed. Each is one login.
import type { Flow } from '../inspector/flow.ts';
import { hopLine } from '../inspector/flow.ts';
import { test, expect, auth0UserIdOf } from '../fixtures/harness.ts';
import type { FlowReport } from '../fixtures/flow-report.ts';

test.skip(({ testRun }) => testRun.target !== 'embedded', "faults are injected through the emulators' control plane");

/** The test's login flows that reached Auth0's callback. */
async function logins(report: FlowReport | undefined): Promise<Flow[]> {
  return (await report!.flows()).filter(f => f.kind === 'login' && f.hops.some(h => h.url.endsWith('/login/callback')));
}

async function failedHopOfLogin(report: FlowReport | undefined): Promise<string> {
  const [login] = await logins(report);
  return login.failedAt === undefined
    ? 'none'
    : `${hopLine(login.hops[login.failedAt])}${login.hops[login.failedAt].failure ? ` — ${login.hops[login.failedAt].failure}` : ''}`;
}

test("Okta's token endpoint fails: the app says the code could not be exchanged; the broker's call to Okta is the hop that failed", async ({
  session,
  oktaUser,
  brokenBroker,
  flowReport,
}) => {
  await brokenBroker.inject('okta-token-error', { user: oktaUser.login });
  await session.signInWithConnectionButton(oktaUser);
  await session.demoApp.expectError(
    'access_denied',
    'Unable to exchange the authorization code with the identity provider: the identity provider answered HTTP 500',
  );
  expect(await failedHopOfLogin(flowReport)).toMatch(/^Auth0 → Okta POST \/oauth2\/v1\/token 500/);
});

test("Okta's token endpoint does not answer in time: Auth0 stops waiting and the app shows a timeout", async ({
  session,
  oktaUser,
  brokenBroker,
  flowReport,
}) => {
  await brokenBroker.inject('okta-token-timeout', { user: oktaUser.login });
  await session.signInWithConnectionButton(oktaUser);
  // Auth0 waits 5 s for Okta before it gives up.
  await expect(session.page.getByRole('heading', { name: 'Sign-in did not complete' })).toBeVisible({ timeout: 15_000 });
  await session.demoApp.expectError('access_denied', /Unable to exchange the authorization code with the identity provider: operation timed out/);
  expect(await failedHopOfLogin(flowReport)).toMatch(/^Auth0 → Okta POST \/oauth2\/v1\/token no answer/);
});

test("Okta's token endpoint is slow: the login succeeds, and the inspector shows where the time went", async ({
  session,
  oktaUser,
  brokenBroker,
  flowReport,
}) => {
  await brokenBroker.inject('okta-token-slow', { user: oktaUser.login });
  await session.logInWithConnectionButton(oktaUser);
  const [login] = await logins(flowReport);
  expect(login.failedAt).toBeUndefined();
  const exchange = login.hops.find(h => hopLine(h) === 'Auth0 → Okta POST /oauth2/v1/token 200')!;
  expect(exchange.durationMs).toBeGreaterThanOrEqual(2000);
});

// (That the broker fetches the keys again is proven in emulators/broker-faults.test.ts: with two
// workers, a parallel login may be the one that fetches them.)
test('Okta rotates its signing key: the login still succeeds, with an ID token under the new kid', async ({
  session,
  oktaUser,
  brokenBroker,
  flowReport,
  testRun,
}) => {
  await brokenBroker.inject('okta-key-rotation');
  const keys = (await (await fetch(`${testRun.config.okta.orgUrl}/oauth2/v1/keys`)).json()) as { keys: { kid: string }[] };
  expect(keys.keys).toHaveLength(2); // the new key is published first, the old one stays
  await session.logInWithConnectionButton(oktaUser);
  const [login] = await logins(flowReport);
  expect(login.failedAt).toBeUndefined();
  const exchange = login.hops.find(h => hopLine(h) === 'Auth0 → Okta POST /oauth2/v1/token 200')!;
  expect(exchange.tokens.find(t => t.name === 'id_token (issued)')!.header.kid).toBe(keys.keys[0].kid);
});

for (const [fault, claim] of [
  ['okta-id-token-audience', 'aud'],
  ['okta-id-token-expired', 'exp'],
  ['okta-id-token-issuer', 'iss'],
] as const) {
  test(`Okta issues an ID token with a wrong "${claim}": Auth0 refuses it and the app says which claim`, async ({
    session,
    oktaUser,
    brokenBroker,
    flowReport,
  }) => {
    await brokenBroker.inject(fault, { user: oktaUser.login });
    await session.signInWithConnectionButton(oktaUser);
    await session.demoApp.expectError('access_denied', new RegExp(`unexpected JWT "${claim}"`));
    expect(await failedHopOfLogin(flowReport)).toMatch(/^Browser → Auth0 GET \/login\/callback 303 — access_denied/);
  });
}

test("Okta's clock is an hour behind: its ID token arrives expired and Auth0 refuses the login", async ({ session, oktaUser, brokenBroker }) => {
  await brokenBroker.inject('okta-clock-behind', { user: oktaUser.login });
  await session.signInWithConnectionButton(oktaUser);
  await session.demoApp.expectError('access_denied', /"exp" \(expiration time\) claim value, expiration is past current timestamp/);
});

test("the user declines at Okta: access_denied with Okta's words, passed on by Auth0 to the app", async ({ session, oktaUser, brokenBroker, flowReport }) => {
  await brokenBroker.inject('okta-declined', { user: oktaUser.login });
  await session.signInWithConnectionButton(oktaUser);
  await session.demoApp.expectError('access_denied', 'The resource owner or authorization server denied the request.');
  expect(await failedHopOfLogin(flowReport)).toMatch(/^Browser → Okta GET \/oauth2\/v1\/authorize\/.* 302 — access_denied/);
});

test("a back-channel logout that cannot be delivered: Auth0's session ends, the app's does not", async ({
  session,
  oktaUser,
  brokenBroker,
  flowReport,
  testRun,
  admin,
}) => {
  await session.logInWithConnectionButton(oktaUser);
  const userId = auth0UserIdOf(testRun.connectionName, oktaUser.id);
  await brokenBroker.inject('backchannel-logout-undeliverable', { user: userId });
  await admin.auth0.users.sessions.delete(userId); // Auth0 ends the user's sessions and tells the apps

  const toTheApp = async () => (await flowReport!.flows()).flatMap(f => f.hops).filter(h => h.to === 'app');
  await expect.poll(async () => (await toTheApp()).length).toBeGreaterThan(0);
  expect((await toTheApp()).map(h => h.failure)).toEqual((await toTheApp()).map(() => expect.stringMatching(/ECONNREFUSED/)));
  // Nothing reached the app: its session, and the profile, are still there.
  await session.demoApp.gotoProfile();
  await session.demoApp.expectProfile();
});

test('the Management API answers 429: the SDK waits and retries, logins are not touched', async ({ brokenBroker, flowReport, testRun, admin }) => {
  const clientId = testRun.runEnv.CLIENT_ID;
  await brokenBroker.inject('management-api-429', { path: `^/api/v2/clients/${clientId}$` });
  const client = await admin.auth0.clients.get(clientId);
  expect(client.client_id).toBe(clientId);
  const calls = async () =>
    (await flowReport!.flows())
      .flatMap(f => f.hops)
      .filter(h => h.url.endsWith(`/api/v2/clients/${clientId}`))
      .map(h => h.status);
  await expect.poll(calls).toEqual([429, 429, 200]);
});
