// Okta's error bodies, headers and rate limits as the SDK sees them: bad token, unknown ids and
// paths, wrong methods, malformed JSON, injected 429s (retried by the SDK itself, then surfacing
// after its retries), the emulator's own rate limit, and the trailing-slash orgUrl quirk.
import okta from '@okta/okta-sdk-nodejs';
import type { OpenIdConnectApplication } from '@okta/okta-sdk-nodejs';
import { startOktaOrg, type OktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { apiFetch, managementEvents, sdkClient, sdkError, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';
import { controlPlaneFetch } from '../../../fixtures/control-plane-client.ts';

function injectFault(org: OktaOrg, rule: Record<string, unknown>) {
  return controlPlaneFetch(org, '/faults', { method: 'POST', body: rule });
}

test.describe('Okta Management API: errors and limits', () => {
  test('a wrong or missing API token is 401 E0000011', async ({ oktaOrg }) => {
    const client = sdkClient({ origin: oktaOrg.origin, apiToken: '00wrong-token-wrong-token-wrong-token' });
    const error = await sdkError(() => client.userApi.getUser({ userId: 'anyone@example.test' }));
    expect(error).toBeInstanceOf(okta.OktaApiError);
    expect(error.status).toBe(401);
    expect(error.errorCode).toBe('E0000011');
    expect(error.errorSummary).toBe('Invalid token provided');
    expect(error.errorLink).toBe('E0000011');
    expect(error.errorId).toMatch(/^oae[A-Za-z0-9_-]{22}$/);
    expect(error.errorCauses).toEqual([]);
    expect(error.message).toBe('Okta HTTP 401 E0000011 Invalid token provided. ');

    const missing = await fetch(`${oktaOrg.origin}/api/v1/users`);
    expect(missing.status).toBe(401);
    expect((await missing.json()).errorCode).toBe('E0000011');
    const bearer = await fetch(`${oktaOrg.origin}/api/v1/users`, { headers: { authorization: `Bearer ${oktaOrg.apiToken}` } });
    expect(bearer.status).toBe(401);
  });

  test('unknown ids are 404 E0000007 naming the type, unknown paths 404 E0000008, wrong methods 405 E0000022', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await sdkError(() => client.applicationApi.getApplication({ appId: '0oaNoSuchApp00000000' }));
    expect([app.status, app.errorCode, app.errorSummary]).toEqual([404, 'E0000007', 'Not found: Resource not found: 0oaNoSuchApp00000000 (AppInstance)']);
    const group = await sdkError(() => client.groupApi.getGroup({ groupId: '00gNoSuchGroup000000' }));
    expect(group.errorSummary).toBe('Not found: Resource not found: 00gNoSuchGroup000000 (UserGroup)');

    const path = await apiFetch(oktaOrg, '/api/v1/no-such-resource');
    expect(path.status).toBe(404);
    expect(await path.json()).toMatchObject({ errorCode: 'E0000008', errorSummary: 'The requested path was not found', errorCauses: [] });

    const method = await apiFetch(oktaOrg, '/api/v1/users', { method: 'PATCH' });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST, GET');
    expect(await method.json()).toMatchObject({ errorCode: 'E0000022', errorSummary: 'The endpoint does not support the provided HTTP method' });
  });

  test('malformed JSON is 400 E0000003 with the usual headers, and the emulator keeps serving', async ({ oktaOrg }) => {
    const response = await apiFetch(oktaOrg, '/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"profile": {"login": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-okta-request-id')).toMatch(/^req[A-Za-z0-9_-]+$/);
    expect(Number(response.headers.get('x-rate-limit-limit'))).toBe(oktaOrg.behaviour.rateLimitPerMinute);
    expect(Number(response.headers.get('x-rate-limit-remaining'))).toBeLessThan(oktaOrg.behaviour.rateLimitPerMinute);
    expect(Number(response.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(response.headers.get('date')).toBeTruthy();
    const body = await response.json();
    expect(body).toMatchObject({ errorCode: 'E0000003', errorSummary: 'The request body was not well-formed.', errorLink: 'E0000003', errorCauses: [] });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|SyntaxError/);

    const notAnObject = await apiFetch(oktaOrg, '/api/v1/groups', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"just a string"' });
    expect((await notAnObject.json()).errorCode).toBe('E0000003');
    expect((await apiFetch(oktaOrg, '/api/v1/users?limit=1')).status).toBe(200);
  });

  test('every call leaves an okta.management event with method, path and status, and no secret', async ({ oktaOrg }) => {
    const since = oktaOrg.events.lastSeq;
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const events = managementEvents(oktaOrg, since);
    expect(events.map(e => [e.method, e.path, e.status])).toEqual([['POST', '/api/v1/apps', 200]]);
    const secret = (app as OpenIdConnectApplication).credentials.oauthClient!.client_secret!;
    expect(JSON.stringify(oktaOrg.events.list({ since }))).not.toContain(secret);
  });

  test('an injected 429 is retried by the SDK itself after the advertised reset', async ({ oktaOrg }) => {
    const injected = await injectFault(oktaOrg, { path: '^/api/v1/users$', status: 429, times: 1, retryAfterSeconds: 1 });
    expect(injected.status).toBe(201);
    const client = sdkClient(oktaOrg);
    const since = oktaOrg.events.lastSeq;
    const started = Date.now();
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('retried')) });
    const elapsed = Date.now() - started;
    expect(user.status).toBe('ACTIVE');
    // The SDK waits reset − Date + 1 s: about 2 s for a reset one second ahead.
    expect(elapsed).toBeGreaterThanOrEqual(1500);
    expect(elapsed).toBeLessThan(4000);
    const calls = managementEvents(oktaOrg, since);
    expect(calls.map(e => [e.method, e.path, e.status, e.retryCount])).toEqual([
      ['POST', '/api/v1/users', 429, undefined],
      ['POST', '/api/v1/users', 200, 1],
    ]);
  });

  test('a 429 that outlasts the SDK retries surfaces as OktaApiError 429 E0000047', async ({ oktaOrg }) => {
    await injectFault(oktaOrg, { method: 'GET', path: '^/api/v1/users$', status: 429, times: 3, retryAfterSeconds: 0 });
    const client = sdkClient(oktaOrg);
    const since = oktaOrg.events.lastSeq;
    const error = await sdkError(async () => {
      for await (const _ of await client.userApi.listUsers({ limit: 1 })) void _;
    });
    expect(error).toBeInstanceOf(okta.OktaApiError);
    expect([error.status, error.errorCode, error.errorSummary]).toEqual([429, 'E0000047', 'API call exceeded rate limit due to too many requests.']);
    expect(error.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(error.headers.get('x-rate-limit-reset')).toMatch(/^\d+$/);
    // The first try and the SDK's two default retries.
    expect(managementEvents(oktaOrg, since).map(e => e.status)).toEqual([429, 429, 429]);
  });

  test('an injected 5xx is answered with an Okta error body', async ({ oktaOrg }) => {
    await injectFault(oktaOrg, { method: 'GET', path: '^/api/v1/apps/', status: 500, times: 1 });
    const error = await sdkError(() => sdkClient(oktaOrg).applicationApi.getApplication({ appId: '0oaWhatever000000000' }));
    expect([error.status, error.errorCode, error.errorSummary]).toEqual([500, 'E0000009', 'Internal Server Error']);
    expect(error.headers.get('content-type')).toBe('application/json');
    expect(error.headers.get('x-okta-request-id')).toMatch(/^req/);
    expect(error.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
  });

  test('over the per-minute budget of an endpoint group, requests get 429 E0000047 with the reset time', async () => {
    const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls: await ensureLocalTls(), behaviour: { rateLimitPerMinute: 2 } });
    try {
      const client = sdkClient(org, { requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });
      const first = await apiFetch(org, '/api/v1/groups');
      expect([first.headers.get('x-rate-limit-limit'), first.headers.get('x-rate-limit-remaining')]).toEqual(['2', '1']);
      const reset = Number(first.headers.get('x-rate-limit-reset'));
      expect(reset * 1000).toBeGreaterThan(Date.now() + 55_000);
      expect(reset * 1000).toBeLessThanOrEqual(Date.now() + 61_000);
      await apiFetch(org, '/api/v1/groups?q=a');
      const error = await sdkError(async () => {
        for await (const _ of await client.groupApi.listGroups({})) void _;
      });
      expect([error.status, error.errorCode]).toEqual([429, 'E0000047']);
      expect(error.headers.get('x-rate-limit-reset')).toBe(String(reset));
      // Another endpoint group has its own budget.
      expect((await apiFetch(org, '/api/v1/users')).status).toBe(200);
    } finally {
      await org.close();
    }
  });

  test('an orgUrl with a trailing slash works (the SDK then requests //api/v1/…)', async ({ oktaOrg }) => {
    const client = sdkClient({ origin: `${oktaOrg.origin}/`, apiToken: oktaOrg.apiToken });
    const since = oktaOrg.events.lastSeq;
    const login = uniqueLogin('slash');
    const user = await client.userApi.createUser({ body: userBody(login) });
    await client.userApi.deactivateUser({ userId: user.id! });
    const found: string[] = [];
    for await (const u of await client.userApi.listUsers({ search: `profile.login eq "${login}"` })) found.push(u!.status!);
    expect(found).toEqual(['DEPROVISIONED']);
    expect(managementEvents(oktaOrg, since).map(e => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /api/v1/users 200',
      `POST /api/v1/users/${user.id}/lifecycle/deactivate 200`,
      'GET /api/v1/users 200',
    ]);
  });
});
