// The live target's view: Auth0's tenant logs, read with the official SDK (read:logs), in Auth0's
// log shape and event type codes, and turned into the flows the inspector prints.
import { loginWithCode, test, expect, OFFLINE } from '../fixtures/auth0/federation.ts';
import { authorizationRequest, signInThroughOkta } from '../fixtures/auth0/federation.ts';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import { join } from 'node:path';
import { flowsFromLogs, tenantLogFlows } from './tenant-logs.ts';
import { configWithScopes } from '../fixtures/provisioning.ts';
import { auth0ScopesFor } from '../provisioning/auth0.ts';

test("a login and a failed login in the tenant logs: s, seacft and f, in the SDK's Log shape, as flows", async ({ federate }) => {
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

test("reading the tenant logs needs read:logs, the flow inspector's optional scope: without it the inspector says which scope to grant", async ({
  federate,
}, testInfo) => {
  const { emulators } = await federate();
  let n = 0;
  const configWith = (scopes: string[]) => configWithScopes(emulators, join(testInfo.outputDir, `m2m-${++n}`), scopes);
  await expect(tenantLogFlows(configWith(auth0ScopesFor()))).rejects.toThrow(/grant the machine-to-machine app the read:logs scope/);
  expect(Array.isArray(await tenantLogFlows(configWith(auth0ScopesFor({ inspector: true }))))).toBe(true);
});
