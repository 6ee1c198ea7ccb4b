// Access tokens for the tenant's APIs: `audience` at /authorize and the client-credentials grant,
// checked by express-oauth2-jwt-bearer (the library Auth0's API quickstarts use) as an API would,
// and the tenant's refusals in its own words (unknown audience, missing client grant, a scope
// outside the grant).
import express, { type ErrorRequestHandler } from 'express';
import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { trustingSecureContext } from '../../../lib/trusting-fetch.ts';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import {
  authorizationRequest,
  atRelyingParty,
  expect,
  loginWithCode,
  OFFLINE,
  signInThroughOkta,
  test,
  type Federation,
} from '../../../fixtures/auth0/federation.ts';
import { uniqueName } from '../../../fixtures/auth0/management-sdk.ts';
import type { Emulators } from '../../start.ts';

/** An API protected by express-oauth2-jwt-bearer, as Auth0's Express API quickstart writes one, trusting the local CA. */
async function protectedApi(emulators: Emulators, audience: string) {
  const app = express();
  const agent = new Agent({ secureContext: trustingSecureContext(emulators.tls.caCertPem) });
  app.use(auth({ issuerBaseURL: emulators.auth0.issuer, audience, agent }));
  app.get('/orders', requiredScopes('read:orders'), (req, res) => res.json({ sub: req.auth!.payload.sub }));
  app.post('/orders', requiredScopes('write:orders'), (_req, res) => res.json({ ok: true }));
  app.use(((err, _req, res, _next) =>
    res
      .status(err.status ?? 500)
      .set(err.headers ?? {})
      .json({ error: err.code ?? 'error' })) as ErrorRequestHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    call: (method: 'GET' | 'POST', token: string) => fetch(`${base}/orders`, { method, headers: { authorization: `Bearer ${token}` } }),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

async function createApi(federation: Federation, fields: Record<string, unknown> = {}) {
  return federation.management.resourceServers.create({
    identifier: `https://${uniqueName('orders')}.example.test/`,
    name: 'Orders API',
    scopes: [{ value: 'read:orders' }, { value: 'write:orders' }],
    ...fields,
  });
}

/** Where /authorize sent the browser: the callback's error, or undefined when it returned a code. */
async function authorizeError(federation: Federation, params: Record<string, string>) {
  const request = await authorizationRequest(await federation.rp(), params);
  const page = await signInThroughOkta(new HttpBrowser(), request.url, federation);
  const query = new URL(page.url).searchParams;
  return query.get('error') ? { error: query.get('error'), description: query.get('error_description') } : undefined;
}

test.describe('Access tokens for APIs', () => {
  test('audience at /authorize: an RS256 JWT with aud [API, userinfo], the OpenID and API scopes and azp, which express-oauth2-jwt-bearer accepts; /userinfo and refresh work with it', async ({
    federate,
  }) => {
    const federation = await federate();
    const api = await createApi(federation, { allow_offline_access: true });
    const { rp, tokens } = await loginWithCode(federation, { params: { ...OFFLINE, scope: `${OFFLINE.scope} read:orders`, audience: api.identifier! } });
    const { auth0 } = federation.emulators;
    expect(tokens.scope).toBe('openid profile email offline_access read:orders');
    expect(decodeProtectedHeader(tokens.access_token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: auth0.signingKey.kid });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toEqual({
      iss: auth0.issuer,
      sub: federation.auth0UserId,
      aud: [api.identifier, `${auth0.issuer}userinfo`],
      iat: expect.any(Number),
      exp: claims.iat! + 86400,
      scope: 'openid profile email offline_access read:orders',
      azp: federation.application.clientId,
    });
    expect(tokens.expires_in).toBe(86400);

    const orders = await protectedApi(federation.emulators, api.identifier!);
    try {
      const read = await orders.call('GET', tokens.access_token);
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual({ sub: federation.auth0UserId });
      const write = await orders.call('POST', tokens.access_token);
      expect(write.status).toBe(403);
      expect(write.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);

      // The same token reads the user's profile: Auth0 adds the userinfo audience.
      expect(await client.fetchUserInfo(rp, tokens.access_token, federation.auth0UserId)).toMatchObject({
        sub: federation.auth0UserId,
        email: federation.user.login,
      });

      const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
      expect(refreshed.scope).toBe('openid profile email offline_access read:orders');
      expect(decodeJwt(refreshed.access_token).aud).toEqual([api.identifier, `${auth0.issuer}userinfo`]);
      expect((await orders.call('GET', refreshed.access_token)).status).toBe(200);
    } finally {
      await orders.close();
    }
  });

  test('no refresh token for an API that does not allow offline access; scopes the API does not define are left out', async ({ federate }) => {
    const federation = await federate();
    const api = await createApi(federation);
    const { tokens } = await loginWithCode(federation, { params: { scope: `${OFFLINE.scope} read:orders delete:everything`, audience: api.identifier! } });
    expect(tokens.refresh_token).toBeUndefined();
    expect(decodeJwt(tokens.access_token).scope).toBe('openid profile email offline_access read:orders');
  });

  test('an unknown audience: access_denied "Service not found: …"', async ({ federate }) => {
    const federation = await federate();
    expect(await authorizeError(federation, { audience: 'https://unknown.example.test/api' })).toEqual({
      error: 'access_denied',
      description: 'Service not found: https://unknown.example.test/api',
    });
  });

  test('user access by client grant: without a grant, access_denied; the grant is a ceiling on the scopes', async ({ federate }) => {
    const federation = await federate();
    const api = await createApi(federation, { subject_type_authorization: { user: { policy: 'require_client_grant' } } });
    const params = { scope: 'openid read:orders write:orders', audience: api.identifier! };
    expect(await authorizeError(federation, params)).toEqual({
      error: 'access_denied',
      description: `Client "${federation.application.clientId}" is not authorized to access resource server "${api.identifier}".`,
    });
    await federation.management.clientGrants.create({
      client_id: federation.application.clientId,
      audience: api.identifier!,
      scope: ['read:orders'],
      subject_type: 'user',
    });
    const { tokens } = await loginWithCode(federation, { params });
    expect(decodeJwt(tokens.access_token).scope).toBe('openid read:orders');
  });

  test("client credentials for an API: the client grant's scopes, checked by express-oauth2-jwt-bearer; a scope outside the grant or no grant is 403", async ({
    federate,
  }) => {
    const federation = await federate();
    const { auth0 } = federation.emulators;
    const api = await createApi(federation, { enforce_policies: true, token_dialect: 'access_token_authz', token_lifetime: 600 });
    const machine = await federation.management.clients.create({ name: uniqueName('worker'), app_type: 'non_interactive' });
    const credentials = (fields: Record<string, string>) =>
      fetch(`${auth0.origin}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: machine.client_id,
          client_secret: machine.client_secret,
          audience: api.identifier,
          ...fields,
        }),
      });

    const refused = await credentials({});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'access_denied',
      error_description: `Client "${machine.client_id}" is not authorized to access resource server "${api.identifier}".`,
    });

    await federation.management.clientGrants.create({ client_id: machine.client_id!, audience: api.identifier!, scope: ['read:orders'] });
    const granted = await credentials({});
    expect(granted.status).toBe(200);
    const body = (await granted.json()) as { access_token: string; expires_in: number; scope: string; token_type: string };
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 600, scope: 'read:orders', token_type: 'Bearer' });
    expect(decodeJwt(body.access_token)).toEqual({
      iss: auth0.issuer,
      sub: `${machine.client_id}@clients`,
      aud: api.identifier,
      iat: expect.any(Number),
      exp: expect.any(Number),
      scope: 'read:orders',
      gty: 'client-credentials',
      azp: machine.client_id,
      // RBAC with "Add Permissions in the Access Token"
      permissions: ['read:orders'],
    });

    const outside = await credentials({ scope: 'read:orders write:orders' });
    expect(outside.status).toBe(403);
    expect(await outside.json()).toEqual({ error: 'access_denied', error_description: 'Client has not been granted scopes: write:orders' });

    const orders = await protectedApi(federation.emulators, api.identifier!);
    try {
      expect((await orders.call('GET', body.access_token)).status).toBe(200);
      expect((await orders.call('POST', body.access_token)).status).toBe(403);
    } finally {
      await orders.close();
    }
  });
});
