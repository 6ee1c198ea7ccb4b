// The client-credentials grant for the Management API (docs/fidelity.md#auth0-management-api-conventions), as issueManagementToken
// answers it for the Authentication API's POST /oauth/token.
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { test, expect } from '../../../fixtures/auth0/management-sdk.ts';
import { issueManagementToken } from './management-token.ts';
import { MANAGEMENT_SCOPES } from './scopes.ts';

test.describe('Management API access token (client credentials)', () => {
  test("issues an RS256 JWT for the Management API audience with the client's granted scopes", async ({ auth0 }) => {
    const { clientId, clientSecret } = auth0.managementClient;
    const before = Math.floor(Date.now() / 1000);
    const result = await issueManagementToken(auth0, { clientId, clientSecret, audience: auth0.managementAudience });
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.body).toEqual({ access_token: expect.any(String), expires_in: 86400, scope: MANAGEMENT_SCOPES.join(' '), token_type: 'Bearer' });

    const token = result.body.access_token;
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: auth0.signingKey.kid });
    const { payload } = await jwtVerify(token, await importJWK(auth0.signingKey.publicJwk, 'RS256'), {
      issuer: `https://${auth0.domain}/`,
      audience: `https://${auth0.domain}/api/v2/`,
    });
    expect(payload).toEqual({
      iss: auth0.issuer,
      sub: `${clientId}@clients`,
      aud: auth0.managementAudience,
      iat: expect.any(Number),
      exp: payload.iat! + 86400,
      scope: MANAGEMENT_SCOPES.join(' '),
      gty: 'client-credentials',
      azp: clientId,
    });
    expect(payload.iat).toBeGreaterThanOrEqual(before);
  });

  test('a wrong or missing secret, or an unknown client, is 401 access_denied "Unauthorized"', async ({ auth0 }) => {
    const { clientId, clientSecret } = auth0.managementClient;
    const audience = auth0.managementAudience;
    const unauthorized = { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } };
    expect(await issueManagementToken(auth0, { clientId, clientSecret: `${clientSecret}x`, audience })).toEqual(unauthorized);
    expect(await issueManagementToken(auth0, { clientId, audience })).toEqual(unauthorized);
    expect(await issueManagementToken(auth0, { clientId: 'NoSuchClient0000000000000000000', clientSecret, audience })).toEqual(unauthorized);
  });

  test('an audience other than https://{domain}/api/v2/ is 403 "Service not enabled within domain"', async ({ auth0 }) => {
    const { clientId, clientSecret } = auth0.managementClient;
    for (const audience of [`https://${auth0.domain}/api/v2`, 'https://api.example.com/']) {
      expect(await issueManagementToken(auth0, { clientId, clientSecret, audience })).toEqual({
        status: 403,
        body: { error: 'access_denied', error_description: `Service not enabled within domain: ${audience}` },
      });
    }
    const none = await issueManagementToken(auth0, { clientId, clientSecret });
    expect(none).toMatchObject({ status: 403, body: { error: 'access_denied' } });
  });

  test('a client without a grant for the API, or without the client_credentials grant type, is 403', async ({ auth0 }) => {
    const audience = auth0.managementAudience;
    auth0.store.clients.set('NoGrantClient000000000000000000', {
      wire: { client_id: 'NoGrantClient000000000000000000', client_secret: 'no-grant-secret', name: 'no grant', grant_types: ['client_credentials'] },
    });
    auth0.store.clients.set('WebOnlyClient000000000000000000', {
      wire: { client_id: 'WebOnlyClient000000000000000000', client_secret: 'web-only-secret', name: 'web only', grant_types: ['authorization_code'] },
      managementScopes: ['read:users'],
    });
    try {
      expect(await issueManagementToken(auth0, { clientId: 'NoGrantClient000000000000000000', clientSecret: 'no-grant-secret', audience })).toEqual({
        status: 403,
        body: {
          error: 'access_denied',
          error_description: `Client "NoGrantClient000000000000000000" is not authorized to access resource server "${audience}".`,
        },
      });
      expect(await issueManagementToken(auth0, { clientId: 'WebOnlyClient000000000000000000', clientSecret: 'web-only-secret', audience })).toEqual({
        status: 403,
        body: { error: 'unauthorized_client', error_description: "Grant type 'client_credentials' not allowed for the client." },
      });
    } finally {
      auth0.store.clients.delete('NoGrantClient000000000000000000');
      auth0.store.clients.delete('WebOnlyClient000000000000000000');
    }
  });
});

test.describe('Management API access token through POST /oauth/token', () => {
  test('the SDK built from domain, clientId and clientSecret gets its token and calls the API', async ({ auth0, managementWithScopes }) => {
    const since = auth0.events.lastSeq;
    const limited = await managementWithScopes(['read:clients']);
    await limited.clients.list();
    const tokenEvents = auth0.events.list({ since, type: 'auth0.management.token' });
    expect(tokenEvents).toHaveLength(1);
    expect(tokenEvents[0]).toMatchObject({ audience: auth0.managementAudience, status: 200 });
    const calls = auth0.events.list({ since, type: 'auth0.management' });
    expect(calls.map(e => [e.method, e.path, e.status])).toEqual([['GET', '/api/v2/clients', 200]]);
  });

  test("/oauth/token answers the grant's failures with their statuses and bodies", async ({ auth0 }) => {
    const post = (fields: Record<string, string>) =>
      fetch(`https://${auth0.domain}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: auth0.managementClient.clientId, ...fields }),
      });
    const wrongSecret = await post({ client_secret: 'wrong', audience: auth0.managementAudience });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    const otherAudience = await post({ client_secret: auth0.managementClient.clientSecret, audience: 'https://api.example.com/' });
    expect(otherAudience.status).toBe(403);
    expect(await otherAudience.json()).toEqual({ error: 'access_denied', error_description: 'Service not enabled within domain: https://api.example.com/' });
  });
});
