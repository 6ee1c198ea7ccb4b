// The inspector's timeline of a real federated login through both emulators: one flow, in order,
// across the three parties, with the hops that tie them together, the tokens decoded (never a
// signature) and, when the broker hop fails, that hop marked as the one that failed.
import * as client from 'openid-client';
import { authorizationRequest, loginWithCode, OFFLINE, signInThroughOkta, test, expect, type Federation } from '../fixtures/auth0/federation.ts';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import { hopsFromEvents, type RecordedEvent } from './emulator-hops.ts';
import { flowsFrom, interestingFlows } from './flows.ts';
import { hopLine } from './flow.ts';
import { sequenceDiagram } from './sequence-diagram.ts';
import { hopTableText } from './hop-table.ts';

function flowsSince(federation: Federation, since: { auth0: number; okta: number }) {
  const { auth0, okta } = federation.emulators;
  const logs = [auth0.events.list({ since: since.auth0 }), okta.events.list({ since: since.okta })] as unknown as RecordedEvent[][];
  return interestingFlows(flowsFrom(hopsFromEvents(logs, { auth0: [auth0.origin], okta: [okta.origin] })));
}

const cursor = (f: Federation) => ({ auth0: f.emulators.auth0.events.lastSeq, okta: f.emulators.okta.events.lastSeq });

test('a login is one flow across the three parties, in order, with the broker hop merged from both sides and tokens decoded', async ({ federate }) => {
  const federation = await federate();
  const since = cursor(federation);
  const { tokens } = await loginWithCode(federation, { params: OFFLINE });

  const flows = flowsSince(federation, since);
  expect(flows.map(f => f.kind)).toEqual(['login']);
  const [login] = flows;
  const lines = login.hops.map(hopLine);
  const index = (line: string) => lines.findIndex(l => l.startsWith(line));
  // The browser's path and the back-channel calls, in the order they happened.
  const expected = [
    'Browser → Auth0 GET /authorize 303',
    'Browser → Auth0 POST /u/login/identifier 302',
    'Browser → Okta GET /oauth2/v1/authorize 200',
    'Browser → Okta POST /idp/idx/challenge/answer 200',
    'Browser → Auth0 GET /login/callback 303',
    'Auth0 → Okta POST /oauth2/v1/token 200',
    'Browser → Auth0 GET /authorize/',
    'Demo app → Auth0 POST /oauth/token 200',
  ].map(l => l.replace('Browser', 'Demo app')); // the HTTP browser of these tests is no Mozilla
  for (const line of expected) expect(index(line), `${line} in\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
  expect(index(expected[0])).toBe(0);
  expect(index('Auth0 → Okta POST /oauth2/v1/token')).toBeGreaterThan(index('Demo app → Auth0 GET /login/callback'));
  expect(index('Demo app → Auth0 POST /oauth/token')).toBe(lines.length - 1);

  // The broker's token call, seen by both: merged, with the ID token Okta issued decoded.
  const brokerHop = login.hops[index('Auth0 → Okta POST /oauth2/v1/token')];
  expect(brokerHop.seenBy).toBe('auth0+okta');
  const oktaIdToken = brokerHop.tokens.find(t => t.name === 'id_token (issued)')!;
  expect(oktaIdToken.header).toEqual(expect.objectContaining({ alg: 'RS256', kid: expect.any(String) }));
  expect(oktaIdToken.claims).toEqual(expect.objectContaining({ iss: federation.emulators.okta.origin, aud: federation.oktaApp.clientId }));
  expect(Object.keys(oktaIdToken)).toEqual(['name', 'header', 'claims']); // never a signature
  expect(brokerHop.params).toEqual(expect.objectContaining({ grant_type: 'authorization_code', code: '[REDACTED]', code_verifier: '[REDACTED]' }));

  // The app's token call shows the Auth0 ID token's claims; the raw token appears nowhere.
  const appToken = login.hops.at(-1)!;
  expect(appToken.tokens.find(t => t.name === 'id_token (issued)')!.claims.sub).toBe(federation.auth0UserId);
  const text = hopTableText(login) + sequenceDiagram(login);
  expect(text).not.toContain(tokens.id_token!);
  expect(text).not.toContain(tokens.id_token!.split('.')[2]);
  expect(login.user).toBe(federation.user.login);
  expect(login.failedAt).toBeUndefined();
  expect(sequenceDiagram(login)).toMatch(/^sequenceDiagram\n {2}participant App as Demo app\n {2}participant Auth0 as Auth0\n {2}participant Okta as Okta\n/);
});

test("when Okta's token endpoint fails, the flow names the broker hop as the one that failed", async ({ federate }) => {
  const federation = await federate();
  const since = cursor(federation);
  federation.emulators.okta.faults.add({ method: 'POST', path: '^/oauth2/v1/token$', status: 500, times: 1 });
  const rp = await federation.rp();
  const request = await authorizationRequest(rp);
  const page = await signInThroughOkta(new HttpBrowser(), request.url, federation);
  expect(new URL(page.url).searchParams.get('error')).toBe('access_denied');

  const [login] = flowsSince(federation, since);
  expect(login.kind).toBe('login');
  expect(hopLine(login.hops[login.failedAt!])).toBe('Auth0 → Okta POST /oauth2/v1/token 500');
  expect(sequenceDiagram(login)).toContain('Auth0-xOkta:');
  expect(hopTableText(login)).toMatch(/^login of .* failed at hop \d+: Auth0 → Okta POST \/oauth2\/v1\/token 500/);
});

test('a refresh is a flow of its own', async ({ federate }) => {
  const federation = await federate();
  const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
  const since = cursor(federation);
  await client.refreshTokenGrant(rp, tokens.refresh_token!);
  const flows = flowsSince(federation, since);
  expect(flows.map(f => [f.kind, f.hops.length])).toEqual([['refresh', 1]]);
});
