// The Management API's documented failures, as the official SDK (and a raw client) sees them:
// 401 bad token, 403 insufficient scope, 400 invalid body, 404 shapes, 409, 429 (injected and
// over the tenant limit) with the rate-limit headers, injected 5xx — never a stack trace.
import { SignJWT, generateKeyPair } from 'jose';
import { ManagementClient } from 'auth0';
import { test, expect, managementFailure, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';
import type { Auth0Tenant } from '../auth0-tenant.ts';
import { controlPlaneFetch } from '../../../fixtures/control-plane-client.ts';

const INVALID_TOKEN = { statusCode: 401, error: 'Unauthorized', message: 'Invalid token', attributes: { error: 'Invalid token' } };

async function tenantToken(auth0: Auth0Tenant, claims: { aud?: string; iss?: string; exp?: number }, key = auth0.signingKey.privateKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'read:clients', gty: 'client-credentials', azp: auth0.managementClient.clientId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: auth0.signingKey.kid })
    .setIssuer(claims.iss ?? auth0.issuer)
    .setSubject(`${auth0.managementClient.clientId}@clients`)
    .setAudience(claims.aud ?? auth0.managementAudience)
    .setIssuedAt(now - 10)
    .setExpirationTime(claims.exp ?? now + 600)
    .sign(key);
}

async function addFault(auth0: Auth0Tenant, rule: Record<string, unknown>): Promise<void> {
  const response = await controlPlaneFetch(auth0, '/faults', { method: 'POST', body: rule });
  expect(response.status).toBe(201);
}

test.describe('Management API errors', () => {
  test('401 "Invalid token" for a garbage, expired, foreign-audience, wrong-issuer or foreign-key token, and for none', async ({ auth0 }) => {
    const { privateKey: foreignKey } = await generateKeyPair('RS256');
    const tokens = {
      garbage: 'not-a-jwt',
      expired: await tenantToken(auth0, { exp: Math.floor(Date.now() / 1000) - 60 }),
      'id-token audience': await tenantToken(auth0, { aud: auth0.managementClient.clientId }),
      'audience without trailing slash': await tenantToken(auth0, { aud: `https://${auth0.domain}/api/v2` }),
      'issuer without trailing slash': await tenantToken(auth0, { iss: `https://${auth0.domain}` }),
      'foreign key': await tenantToken(auth0, {}, foreignKey),
    };
    for (const [label, token] of Object.entries(tokens)) {
      const failure = await managementFailure(new ManagementClient({ domain: auth0.domain, token }).clients.list());
      expect(failure.statusCode, label).toBe(401);
      expect(failure.body, label).toEqual(INVALID_TOKEN);
    }
    const bare = await fetch(`https://${auth0.domain}/api/v2/clients`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual(INVALID_TOKEN);
    // A well-formed token of this tenant passes.
    const ok = await new ManagementClient({ domain: auth0.domain, token: await tenantToken(auth0, {}) }).clients.list();
    expect(ok.data.length).toBeGreaterThan(0);
  });

  test('403 insufficient_scope names the scope the call needed', async ({ managementWithScopes }) => {
    const limited = await managementWithScopes(['read:clients']);
    expect((await limited.clients.list()).data.length).toBeGreaterThan(0);
    const failure = await managementFailure(limited.connections.list());
    expect(failure.statusCode).toBe(403);
    expect(failure.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:connections',
      errorCode: 'insufficient_scope',
    });
    const create = await managementFailure(limited.clients.create({ name: uniqueName('nope') }));
    expect(create.body).toMatchObject({ statusCode: 403, message: 'Insufficient scope, expected any of: create:clients', errorCode: 'insufficient_scope' });
    // read:clients without read:client_keys: the secret stays hidden.
    const seeded = (await limited.clients.list()).data[0];
    expect(seeded).not.toHaveProperty('client_secret');
  });

  test('403 on PATCH /clients: a new secret needs update:client_keys, other members update:clients', async ({ management, managementWithScopes }) => {
    const app = await management.clients.create({ name: uniqueName('rotate') });
    const editor = await managementWithScopes(['update:clients']);
    expect((await editor.clients.update(app.client_id!, { description: 'edited' })).description).toBe('edited');
    const rotate = await managementFailure(editor.clients.update(app.client_id!, { client_secret: 'a-new-secret-value-that-is-long-enough' }));
    expect(rotate.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: update:client_keys',
      errorCode: 'insufficient_scope',
    });
    const keyManager = await managementWithScopes(['update:client_keys']);
    const described = await managementFailure(keyManager.clients.update(app.client_id!, { description: 'nope' }));
    expect(described.body).toMatchObject({ statusCode: 403, message: 'Insufficient scope, expected any of: update:clients' });
    await keyManager.clients.update(app.client_id!, { client_secret: 'a-new-secret-value-that-is-long-enough' });
    expect((await management.clients.get(app.client_id!)).client_secret).toBe('a-new-secret-value-that-is-long-enough');
  });

  test('400 invalid_body for malformed JSON and for a body that breaks the schema', async ({ auth0, management }) => {
    const token = await tenantToken(auth0, {});
    const malformed = await fetch(`https://${auth0.domain}/api/v2/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"name": "half',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Invalid request payload JSON format',
      errorCode: 'invalid_body',
    });

    const missing = await managementFailure(management.clients.create({} as never));
    expect(missing.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Missing required property: name'.",
      errorCode: 'invalid_body',
    });
    const badName = await managementFailure(management.connections.create({ name: 'has spaces', strategy: 'auth0' }));
    expect(badName.body).toMatchObject({
      statusCode: 400,
      errorCode: 'invalid_body',
      message: expect.stringMatching(/^Payload validation error: 'String does not match pattern .*: has spaces' on property name/),
    });
    const badStrategy = await managementFailure(management.connections.create({ name: uniqueName('x'), strategy: 'nope' as never }));
    expect(badStrategy.body).toMatchObject({ message: `Payload validation error: 'No enum match for: "nope"' on property strategy.` });
  });

  test('404 shapes: connection, client, user, unknown route, malformed path encoding', async ({ auth0, management }) => {
    expect((await managementFailure(management.connections.get('con_0000000000000000'))).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'The connection does not exist',
      errorCode: 'inexistent_connection',
    });
    expect((await managementFailure(management.users.get('okta|nowhere|00u0'))).body).toMatchObject({ statusCode: 404, errorCode: 'inexistent_user' });
    expect((await managementFailure(management.clients.get('NoSuchClient'))).body).toMatchObject({ statusCode: 404, errorCode: 'inexistent_client' });
    const token = await tenantToken(auth0, {});
    const unknown = await fetch(`https://${auth0.domain}/api/v2/no-such-resource`, { headers: { authorization: `Bearer ${token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
    const badEncoding = await fetch(`https://${auth0.domain}/api/v2/users/okta%E0%A4%A`, { headers: { authorization: `Bearer ${token}` } });
    expect(badEncoding.status).toBe(400);
    const text = await badEncoding.text();
    expect(JSON.parse(text)).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Bad Request' });
    expect(text).not.toMatch(/\bat \S+ \(|node_modules/);
  });

  test('every response carries X-RateLimit-Limit/Remaining/Reset; over the tenant limit → 429, which the SDK waits out', async ({ auth0, management }) => {
    const token = await tenantToken(auth0, {});
    const get = () => fetch(`https://${auth0.domain}/api/v2/clients?fields=client_id`, { headers: { authorization: `Bearer ${token}` } });
    const limit = auth0.behaviour.managementRateLimitPerSecond;
    auth0.behaviour.managementRateLimitPerSecond = 3;
    try {
      // Start at the beginning of a one-second window so that every call below falls in it.
      await new Promise(r => setTimeout(r, 1000 - (Date.now() % 1000)));
      const responses: Response[] = [];
      for (let i = 0; i < 4; i++) responses.push(await get());
      expect(responses.map(r => r.status)).toEqual([200, 200, 200, 429]);
      expect(responses.map(r => r.headers.get('x-ratelimit-limit'))).toEqual(['3', '3', '3', '3']);
      expect(responses.map(r => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      const reset = Number(responses[3].headers.get('x-ratelimit-reset'));
      expect(reset).toBeGreaterThan(Date.now() / 1000 - 1);
      expect(reset).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 1);
      expect(await responses[3].json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Global limit has been reached',
        errorCode: 'too_many_requests',
      });

      // Still in the spent window: the SDK gets a 429, waits until X-RateLimit-Reset, and succeeds.
      const since = auth0.events.lastSeq;
      const page = await management.clients.list();
      expect(page.data.length).toBeGreaterThan(0);
      expect(auth0.events.list({ since, type: 'auth0.management' }).map(e => e.status)).toEqual([429, 200]);
    } finally {
      auth0.behaviour.managementRateLimitPerSecond = limit;
    }
  });

  test('an injected 429 (POST /_emulator/faults) carries Retry-After; the SDK retries it and succeeds', async ({ auth0, management }) => {
    const name = uniqueName('retried');
    await addFault(auth0, { method: 'POST', path: '^/api/v2/clients$', status: 429, times: 1, retryAfterSeconds: 1 });
    const since = auth0.events.lastSeq;
    const started = Date.now();
    const created = await management.clients.create({ name });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(created.name).toBe(name);
    const calls = auth0.events.list({ since, type: 'auth0.management' }).filter(e => e.method === 'POST' && e.path === '/api/v2/clients');
    expect(calls.map(e => e.status)).toEqual([429, 201]);
    // Exactly one client was created despite the retry.
    expect([...auth0.store.clients.values()].filter(c => c.wire.name === name)).toHaveLength(1);

    await addFault(auth0, { method: 'GET', path: '^/api/v2/clients$', status: 429, times: 1, retryAfterSeconds: 7 });
    const raw = await fetch(`https://${auth0.domain}/api/v2/clients`, { headers: { authorization: `Bearer ${await tenantToken(auth0, {})}` } });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(Number(raw.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 6);
    expect(raw.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await raw.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'Global limit has been reached', errorCode: 'too_many_requests' });
  });

  test('an injected 5xx answers the generic body; the SDK gives up after its retries', async ({ auth0, management }) => {
    await addFault(auth0, { path: '^/api/v2/connections$', status: 503, times: 1 });
    const failure = await managementFailure(management.connections.list({}, { maxRetries: 0 }));
    expect(failure.statusCode).toBe(503);
    expect(failure.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Service Unavailable' });
    expect(failure.headers?.get('x-ratelimit-limit')).toBe(String(auth0.behaviour.managementRateLimitPerSecond));
    // The rule is spent: the next call succeeds.
    expect((await management.connections.list({}, { maxRetries: 0 })).data).toEqual(expect.any(Array));
  });

  test('each call is recorded as an auth0.management event, without secrets', async ({ auth0, management }) => {
    const since = auth0.events.lastSeq;
    const app = await management.clients.create({ name: uniqueName('logged') });
    await managementFailure(management.clients.get('NoSuchClient'));
    const events = auth0.events.list({ since, type: 'auth0.management' });
    expect(events.map(e => [e.method, e.path, e.status])).toEqual([
      ['POST', '/api/v2/clients', 201],
      ['GET', '/api/v2/clients/NoSuchClient', 404],
    ]);
    expect(events[0].client_id).toBe(auth0.managementClient.clientId);
    expect(JSON.stringify(auth0.events.list({ since }))).not.toContain(app.client_secret!);
  });
});
