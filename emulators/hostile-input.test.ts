// Every finding of probing the running emulators as a hostile user would, as a regression test:
// deep filter/search/q nesting, body-parser failures (too large, a foreign charset, a broken
// Content-Encoding, too many parameters, too deep JSON), broken %-escapes in paths. Each must be a
// 4xx in the vendor's shape — never a 5xx, never a stack trace or a file path, never the body in
// a log — and leave the emulator serving.
import { createOktaConnection, expect, test } from '../fixtures/auth0/management-sdk.ts';
import { managementToken } from '../fixtures/auth0/management-sdk.ts';
import { newScimToken } from '../fixtures/auth0/scim.ts';
import { rawRequest, type RawRequest, type RawResponse } from '../fixtures/raw-https.ts';
import { errorShapeFor, shapeProblem, type Emulator } from '../fixtures/vendor-error-shapes.ts';
import type { Emulators } from './start.ts';

const FORM = 'application/x-www-form-urlencoded';
const deepParens = (n: number) => '('.repeat(n);
const manyParameters = Array.from({ length: 2000 }, (_, i) => `p${i}=1`).join('&');
const bigForm = `a=${'x'.repeat(200_000)}`;
/** A body the parser must refuse, with a marker that must never reach a log. */
const SECRET_MARK = 'Bearer hostile-input-marker-7f3a';

function send(emulators: Emulators, emulator: Emulator, request: RawRequest): Promise<RawResponse> {
  const origin = emulator === 'okta' ? emulators.okta.origin : emulators.auth0.origin;
  return rawRequest(origin, emulators.tls.caCertPem, request);
}

async function expectVendorRefusal(emulators: Emulators, emulator: Emulator, request: RawRequest, status: number | number[]): Promise<RawResponse> {
  const res = await send(emulators, emulator, request);
  expect([status].flat(), `${request.method} ${request.path.slice(0, 60)} answered ${res.status}: ${res.body.slice(0, 200)}`).toContain(res.status);
  expect(shapeProblem(errorShapeFor(emulator, request.method, request.path), res)).toBeUndefined();
  return res;
}

/** Captures what the process writes to stderr meanwhile (Express's default handler would print there). */
async function stderrDuring(run: () => Promise<void>): Promise<string> {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(String(chunk));
    return original(chunk as never, ...(rest as []));
  }) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stderr.write = original;
  }
  return written.join('');
}

test.describe('deep nesting in filter, search and q: 400 in the vendor shape, not a stack overflow', () => {
  for (const [path, parameter] of [
    ['/api/v1/users', 'search'],
    ['/api/v1/users', 'filter'],
    ['/api/v1/apps', 'filter'],
    ['/api/v1/groups', 'search'],
    ['/api/v1/groups', 'filter'],
    ['/api/v1/trustedOrigins', 'filter'],
  ] as const) {
    test(`Okta ${path}?${parameter}=((((… ×3000 is 400 E0000031`, async ({ emulators }) => {
      const res = await expectVendorRefusal(
        emulators,
        'okta',
        { method: 'GET', path: `${path}?${parameter}=${encodeURIComponent(deepParens(3000))}`, headers: { authorization: `SSWS ${emulators.okta.apiToken}` } },
        400,
      );
      expect(JSON.parse(res.body).errorCode).toBe('E0000031');
    });
  }

  test('Okta: nesting up to the limit still parses (33 levels refused, 32 answered)', async ({ emulators }) => {
    const nested = (n: number) => `${'('.repeat(n)}status eq "ACTIVE"${')'.repeat(n)}`;
    const get = (n: number) =>
      send(emulators, 'okta', {
        method: 'GET',
        path: `/api/v1/users?filter=${encodeURIComponent(nested(n))}`,
        headers: { authorization: `SSWS ${emulators.okta.apiToken}` },
      });
    expect((await get(32)).status).toBe(200);
    expect((await get(33)).status).toBe(400);
  });

  test('Auth0 GET /api/v2/users?q=((((… ×5000 (and NOT ×5000) is 400 invalid_query_string', async ({ emulators }) => {
    const token = await managementToken(emulators.auth0);
    for (const q of [deepParens(5000), '-'.repeat(5000) + 'email:x', 'NOT '.repeat(2000) + 'email:x']) {
      const res = await expectVendorRefusal(
        emulators,
        'auth0',
        { method: 'GET', path: `/api/v2/users?q=${encodeURIComponent(q)}&search_engine=v3`, headers: { authorization: `Bearer ${token}` } },
        400,
      );
      expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400, errorCode: 'invalid_query_string' });
    }
  });

  test('Auth0 SCIM GET /Users?filter=((((… ×3000 is 400 invalidFilter', async ({ emulators, management }) => {
    const connection = (await createOktaConnection(management, emulators.okta.domain)) as { id: string };
    await management.connections.scimConfiguration.create(connection.id);
    const { token } = await newScimToken(management, connection.id, { scopes: ['get:users'] });
    const path = `/scim/v2/connections/${connection.id}/Users?filter=${encodeURIComponent(deepParens(3000) + 'userName eq "x"')}`;
    const res = await expectVendorRefusal(emulators, 'auth0', { method: 'GET', path, headers: { authorization: `Bearer ${token}` } }, 400);
    expect(JSON.parse(res.body).scimType).toBe('invalidFilter');
  });
});

test.describe('bodies the parsers refuse: 400 / 413 / 415 in the vendor shape, never 500', () => {
  const bodies: { name: string; headers: Record<string, string>; body: string; status: number[] }[] = [
    { name: 'a 200 KB form', headers: { 'content-type': FORM }, body: bigForm, status: [413] },
    { name: 'charset=utf-7', headers: { 'content-type': `${FORM}; charset=utf-7` }, body: 'a=b', status: [415] },
    { name: 'a broken Content-Encoding: gzip', headers: { 'content-type': FORM, 'content-encoding': 'gzip' }, body: 'not gzip at all', status: [400, 415] },
    { name: 'an unknown Content-Encoding', headers: { 'content-type': FORM, 'content-encoding': 'x-compress-9' }, body: 'a=b', status: [415] },
    { name: '2000 parameters', headers: { 'content-type': FORM }, body: manyParameters, status: [400] },
  ];
  const routes: [Emulator, string][] = [
    ['auth0', '/u/login/identifier?state=anything'],
    ['auth0', '/oidc/logout'],
    ['auth0', '/login/callback'],
    ['auth0', '/oauth/token'],
    ['okta', '/oauth2/v1/logout'],
  ];
  for (const [emulator, path] of routes)
    for (const body of bodies)
      test(`${emulator} POST ${path.split('?')[0]} with ${body.name}`, async ({ emulators }) => {
        await expectVendorRefusal(emulators, emulator, { method: 'POST', path, headers: body.headers, body: body.body }, body.status);
      });

  // Okta's Management API answers a body it cannot read with 400 E0000003 whatever the reason.
  const json: { name: string; headers: Record<string, string>; body: string; status: number[]; oktaApiStatus?: number[] }[] = [
    {
      name: 'JSON nested 3000 deep',
      headers: { 'content-type': 'application/json' },
      body: '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}',
      status: [400],
    },
    { name: 'JSON in charset=utf-7', headers: { 'content-type': 'application/json; charset=utf-7' }, body: '{}', status: [415], oktaApiStatus: [400] },
    { name: 'a broken gzip JSON', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip', status: [400] },
    {
      name: 'malformed JSON holding a bearer token',
      headers: { 'content-type': 'application/json' },
      body: `{"authorization": "${SECRET_MARK}"`,
      status: [400],
    },
  ];
  for (const body of json) {
    test(`okta POST /idp/idx/identify with ${body.name}: the IDX error body`, async ({ emulators }) => {
      await expectVendorRefusal(emulators, 'okta', { method: 'POST', path: '/idp/idx/identify', headers: body.headers, body: body.body }, body.status);
    });
    test(`okta POST /api/v1/users with ${body.name}: Okta's error body`, async ({ emulators }) => {
      await expectVendorRefusal(
        emulators,
        'okta',
        { method: 'POST', path: '/api/v1/users', headers: { ...body.headers, authorization: `SSWS ${emulators.okta.apiToken}` }, body: body.body },
        body.oktaApiStatus ?? body.status,
      );
    });
    test(`auth0 POST /api/v2/clients with ${body.name}: the Management API error`, async ({ emulators }) => {
      const token = await managementToken(emulators.auth0);
      await expectVendorRefusal(
        emulators,
        'auth0',
        { method: 'POST', path: '/api/v2/clients', headers: { ...body.headers, authorization: `Bearer ${token}` }, body: body.body },
        body.status,
      );
    });
  }

  test('a refused body never reaches a log: nothing on stderr, nothing of it in the event logs', async ({ emulators }) => {
    const before = { okta: emulators.okta.events.lastSeq, auth0: emulators.auth0.events.lastSeq };
    const printed = await stderrDuring(async () => {
      const controlPlane = { authorization: `Bearer ${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}` };
      const routes: [Emulator, string, Record<string, string>][] = [
        ['okta', '/idp/idx/identify', {}],
        ['okta', '/oauth2/v1/logout', {}],
        ['okta', '/api/v1/users', { authorization: `SSWS ${emulators.okta.apiToken}` }],
        ['okta', '/_emulator/faults', controlPlane],
        ['auth0', '/_emulator/faults', controlPlane],
        ['auth0', '/login/callback', {}],
        ['auth0', '/scim/v2/connections/x/Users', {}],
        ['auth0', '/oauth/global-token-revocation/connection/x', {}],
      ];
      for (const [emulator, path, headers] of routes)
        await send(emulators, emulator, {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json', ...headers },
          body: `{"token": "${SECRET_MARK}"`,
        });
    });
    expect(printed).not.toContain('hostile-input-marker');
    const logged = JSON.stringify([...emulators.okta.events.list({ since: before.okta }), ...emulators.auth0.events.list({ since: before.auth0 })]);
    expect(logged).not.toContain('hostile-input-marker');
  });
});

test.describe("a %-escape that does not decode: 4xx in the vendor shape, never Express's page", () => {
  const bad = '%E0%A4%A';
  const cases: [Emulator, string, string, Record<string, string>?][] = [
    ['okta', 'GET', `/api/v1/users/${bad}`],
    ['okta', 'GET', `/idp/idx/${bad}`],
    ['okta', 'GET', `/oauth2/v1/${bad}`],
    ['okta', 'GET', `/login/token/redirect?stateToken=${bad}`],
    ['okta', 'GET', `/${bad}`],
    ['auth0', 'GET', `/scim/v2/connections/${bad}/Users`],
    ['auth0', 'POST', `/oauth/global-token-revocation/connection/${bad}`],
    ['auth0', 'GET', `/api/v2/clients/${bad}`],
    ['auth0', 'GET', `/u/login/${bad}`],
    ['auth0', 'GET', `/${bad}`],
  ];
  for (const [emulator, method, path] of cases)
    test(`${emulator} ${method} ${path}`, async ({ emulators }) => {
      const headers: Record<string, string> = emulator === 'okta' && path.startsWith('/api/v1') ? { authorization: `SSWS ${emulators.okta.apiToken}` } : {};
      const res = await send(emulators, emulator, {
        method,
        path,
        headers: { 'content-type': 'application/json', ...headers },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(res.status, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(shapeProblem(errorShapeFor(emulator, method, path), res)).toBeUndefined();
    });

  test('on the control plane of both emulators, with the token: {error, error_description}', async ({ emulators }) => {
    for (const emulator of ['okta', 'auth0'] as const) {
      const headers = { authorization: `Bearer ${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}` };
      for (const path of [`/_emulator/${bad}`, `/_emulator/apps/${bad}/provisioning`, `/_emulator/users/${bad}/lock-out`]) {
        const res = await send(emulators, emulator, { method: 'GET', path, headers });
        expect(res.status, `${emulator} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(shapeProblem('control-plane', res)).toBeUndefined();
      }
    }
  });
});

test('after all of it both emulators still serve', async ({ emulators }) => {
  for (const emulator of ['okta', 'auth0'] as const) expect((await send(emulators, emulator, { method: 'GET', path: '/_emulator/health' })).status).toBe(200);
});
