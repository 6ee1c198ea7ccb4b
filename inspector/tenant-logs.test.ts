// The live target's view: Auth0's tenant logs, read with the official SDK (read:logs), in Auth0's
// log shape and event type codes, and turned into the flows the inspector prints.
import { loginWithCode, test, expect, OFFLINE } from '../emulators/auth0/authentication/federation-test-kit.ts';
import { authorizationRequest, signInThroughOkta } from '../emulators/auth0/authentication/federation-test-kit.ts';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import { flowsFromLogs } from './tenant-logs.ts';

test('a login and a failed login in the tenant logs: s, seacft and f, in the SDK\'s Log shape, as flows', async ({ federate }) => {
  const federation = await federate();
  const since = new Date().toISOString();
  await loginWithCode(federation, { params: OFFLINE });
  federation.emulators.okta.faults.add({ method: 'POST', path: '^/oauth2/v1/token$', status: 500, times: 1 });
  const request = await authorizationRequest(await federation.rp());
  await signInThroughOkta(new HttpBrowser(), request.url, federation);

  const page = await federation.management.logs.list({ per_page: 100, sort: 'date:-1', search: `client_id:"${federation.application.clientId}"` });
  const logs = [...page.data].reverse().filter(l => String(l.date) >= since);
  expect(logs.map(l => l.type)).toEqual(['s', 'seacft', 'f']);
  const [login, exchange, failed] = logs;
  expect(login).toEqual(
    expect.objectContaining({
      client_id: federation.application.clientId,
      client_name: federation.application.name,
      connection: federation.connection.name,
      connection_id: federation.connection.id,
      strategy: 'okta',
      strategy_type: 'enterprise',
      user_id: federation.auth0UserId,
      user_name: federation.user.login,
      log_id: expect.stringMatching(/^\d{56}$/),
      details: expect.objectContaining({ session_id: expect.any(String) }),
    }),
  );
  expect(exchange).toEqual(expect.objectContaining({ description: 'Authorization Code for Access Token', details: { code: expect.stringMatching(/^\*+$/) } }));
  expect(failed.description).toMatch(/Unable to exchange the authorization code|server/i);
  expect(await federation.management.logs.get(login.log_id!)).toEqual(expect.objectContaining({ log_id: login.log_id, type: 's' }));

  const flows = flowsFromLogs(logs, `https://${federation.emulators.auth0.domain}`);
  expect(flows.map(f => [f.kind, f.hops.length, f.failedAt])).toEqual([
    ['login', 2, undefined],
    ['login', 1, 0],
  ]);
});

test('the tenant logs need read:logs', async ({ federate }) => {
  const federation = await federate();
  const token = await fetch(`https://${federation.emulators.auth0.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: federation.application.clientId, client_secret: federation.application.clientSecret, audience: `https://${federation.emulators.auth0.domain}/api/v2/` }),
  });
  // The demo application is granted no Management API scope: refused at the token or at the logs.
  const accessToken = token.ok ? ((await token.json()) as { access_token: string }).access_token : undefined;
  if (accessToken) {
    const logs = await fetch(`https://${federation.emulators.auth0.domain}/api/v2/logs`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(logs.status).toBe(403);
  } else expect(token.status).toBeGreaterThanOrEqual(400);
});
