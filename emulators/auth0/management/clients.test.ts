// Applications through the official ManagementClient: Auth0's create defaults, update merge,
// list envelopes and iteration, delete, and the payload rules a real tenant enforces.
import { X509Certificate } from 'node:crypto';
import { test, expect, managementFailure, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';
import { issueManagementToken } from './management-token.ts';

test.describe('Management API clients', () => {
  test('create a regular web app: 201 with the defaults of a real create response, fields not sent absent', async ({ management, auth0 }) => {
    const name = uniqueName('demo-app');
    const { data: app, rawResponse } = await management.clients
      .create({
        name,
        app_type: 'regular_web',
        callbacks: ['http://localhost:3000/callback'],
        allowed_logout_urls: ['http://localhost:3000'],
        oidc_logout: { backchannel_logout_urls: ['http://localhost:3000/backchannel-logout'], backchannel_logout_initiators: { mode: 'all' } },
      })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(app.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(app.client_secret).toEqual(expect.any(String));
    expect(app).toMatchObject({
      name,
      app_type: 'regular_web',
      callbacks: ['http://localhost:3000/callback'],
      allowed_logout_urls: ['http://localhost:3000'],
      is_first_party: true,
      is_token_endpoint_ip_header_trusted: false,
      oidc_conformant: false,
      sso_disabled: false,
      cross_origin_authentication: false,
      custom_login_page_on: true,
      jwt_configuration: { secret_encoded: false, lifetime_in_seconds: 36000 },
      grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
      refresh_token: {
        rotation_type: 'non-rotating',
        expiration_type: 'non-expiring',
        leeway: 0,
        token_lifetime: 2592000,
        infinite_token_lifetime: true,
        infinite_idle_token_lifetime: true,
        idle_token_lifetime: 1296000,
      },
      // oidc_logout is echoed and mirrored into the legacy member.
      oidc_logout: { backchannel_logout_urls: ['http://localhost:3000/backchannel-logout'], backchannel_logout_initiators: { mode: 'all' } },
      oidc_backchannel_logout: { backchannel_logout_urls: ['http://localhost:3000/backchannel-logout'] },
    });
    for (const absent of ['web_origins', 'allowed_origins', 'initiate_login_uri', 'client_metadata', 'token_endpoint_auth_method', 'description'])
      expect(app, `${absent} was not sent`).not.toHaveProperty(absent);
    // signing_keys carries the tenant's signing certificate for its RS256 key.
    const cert = new X509Certificate(app.signing_keys![0].cert!);
    expect(cert.subject).toBe(`CN=${auth0.domain}`);
    expect(cert.publicKey.export({ format: 'jwk' }).n).toBe(auth0.signingKey.publicJwk.n);

    const { data: fetched } = await management.clients.get(app.client_id!).withRawResponse();
    expect(fetched).toEqual(app);
  });

  test('a new client has no Management API grant: its client-credentials token request is refused', async ({ management, auth0 }) => {
    const app = await management.clients.create({ name: uniqueName('m2m'), app_type: 'non_interactive' });
    const result = await issueManagementToken(auth0, { clientId: app.client_id!, clientSecret: app.client_secret!, audience: auth0.managementAudience });
    expect(result).toEqual({
      status: 403,
      body: {
        error: 'access_denied',
        error_description: `Client "${app.client_id}" is not authorized to access resource server "${auth0.managementAudience}".`,
      },
    });
  });

  test('update merges top-level members; client_id cannot be changed', async ({ management }) => {
    const app = await management.clients.create({
      name: uniqueName('patch-me'),
      app_type: 'regular_web',
      callbacks: ['https://a.example/cb'],
      web_origins: ['https://a.example'],
    });
    const updated = await management.clients.update(app.client_id!, { callbacks: ['https://b.example/cb'], initiate_login_uri: 'https://b.example/login' });
    expect(updated.callbacks).toEqual(['https://b.example/cb']);
    expect(updated.web_origins).toEqual(['https://a.example']);
    expect(updated.initiate_login_uri).toBe('https://b.example/login');
    expect(updated.name).toBe(app.name);
    expect(updated.client_secret).toBe(app.client_secret);

    const failure = await managementFailure(management.clients.update(app.client_id!, { client_id: 'other' } as never));
    expect(failure.statusCode).toBe(400);
    expect(failure.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Additional properties not allowed: client_id'.",
      errorCode: 'invalid_body',
    });
  });

  test("a non-https initiate_login_uri is refused with Auth0's message", async ({ management }) => {
    const name = uniqueName('bad-login-uri');
    const failure = await managementFailure(management.clients.create({ name, initiate_login_uri: 'http://localhost:3000/login' }));
    expect(failure.statusCode).toBe(400);
    expect(failure.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        "Payload validation error: 'Object didn't pass validation for format absolute-https-uri-or-empty: http://localhost:3000/login' on property initiate_login_uri (Initiate login uri, must be https).",
      errorCode: 'invalid_body',
    });
    const all = await management.clients.list();
    expect(all.data.map(c => c.name)).not.toContain(name);
  });

  test('an https localhost initiate_login_uri is accepted, and refused with rejectLocalhostInitiateLoginUri', async ({ management, auth0 }) => {
    const initiate_login_uri = 'https://localhost:4200/login';
    expect((await management.clients.create({ name: uniqueName('login-uri-local'), initiate_login_uri })).initiate_login_uri).toBe(initiate_login_uri);
    auth0.behaviour.rejectLocalhostInitiateLoginUri = true;
    try {
      const failure = await managementFailure(management.clients.create({ name: uniqueName('login-uri-local-strict'), initiate_login_uri }));
      expect(failure.statusCode).toBe(400);
      expect(failure.body).toMatchObject({
        errorCode: 'invalid_body',
        message: `Payload validation error: 'Object didn't pass validation for format absolute-https-uri-or-empty: ${initiate_login_uri}' on property initiate_login_uri (Initiate login uri, must be https).`,
      });
      expect(
        (await management.clients.create({ name: uniqueName('login-uri-public'), initiate_login_uri: 'https://rp.example/login' })).initiate_login_uri,
      ).toBe('https://rp.example/login');
    } finally {
      auth0.behaviour.rejectLocalhostInitiateLoginUri = false;
    }
  });

  test('back-channel logout URL rules apply only with strictBackchannelUrls', async ({ management, auth0 }) => {
    const oidc_logout = { backchannel_logout_urls: ['http://127.0.0.1:3000/backchannel-logout'] };
    const relaxed = await management.clients.create({ name: uniqueName('bcl-relaxed'), oidc_logout });
    expect(relaxed.oidc_logout?.backchannel_logout_urls).toEqual(oidc_logout.backchannel_logout_urls);

    auth0.behaviour.strictBackchannelUrls = true;
    try {
      const failure = await managementFailure(management.clients.create({ name: uniqueName('bcl-strict'), oidc_logout }));
      expect(failure.statusCode).toBe(400);
      expect(failure.body).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('oidc_logout.backchannel_logout_urls[0]') });
      const loopbackHttps = await managementFailure(
        management.clients.create({ name: uniqueName('bcl-strict'), oidc_logout: { backchannel_logout_urls: ['https://127.0.0.1/bcl'] } }),
      );
      expect(loopbackHttps.body).toMatchObject({ message: expect.stringContaining('loopback or private network') });
      const ok = await management.clients.create({ name: uniqueName('bcl-public'), oidc_logout: { backchannel_logout_urls: ['https://rp.example.com/bcl'] } });
      expect(ok.oidc_backchannel_logout?.backchannel_logout_urls).toEqual(['https://rp.example.com/bcl']);
    } finally {
      auth0.behaviour.strictBackchannelUrls = false;
    }
  });

  test('list: offset envelope with include_totals, empty page past the end, iteration ends', async ({ management, auth0 }) => {
    const prefix = uniqueName('listed');
    for (let i = 0; i < 3; i++) await management.clients.create({ name: `${prefix}-${i}`, app_type: 'spa' });
    const total = auth0.store.clients.size;

    const { data: envelope } = await management.clients.list({ per_page: 2, page: 0 }).then(p => ({ data: p.response }));
    expect(envelope).toMatchObject({ start: 0, limit: 2, length: 2, total });
    expect(envelope.clients).toHaveLength(2);

    const pastEnd = await management.clients.list({ page: 1000, per_page: 50 });
    expect(pastEnd.response).toMatchObject({ start: 50000, limit: 50, length: 0, total, clients: [] });

    const names: string[] = [];
    for await (const client of await management.clients.list({ app_type: 'spa' })) names.push(client.name!);
    expect(names.filter(n => n.startsWith(prefix)).sort()).toEqual([`${prefix}-0`, `${prefix}-1`, `${prefix}-2`]);
    // spa clients default to the public-client grant types.
    const spa = (await management.clients.list({ app_type: 'spa', fields: 'name,grant_types', include_fields: true })).data.find(c => c.name === `${prefix}-0`);
    expect(spa).toEqual({ name: `${prefix}-0`, grant_types: ['authorization_code', 'implicit', 'refresh_token'] });
  });

  test('delete answers 204; the client is gone and leaves the connections it was enabled for', async ({ management, auth0 }) => {
    const app = await management.clients.create({ name: uniqueName('doomed') });
    const connection = await management.connections.create({ name: uniqueName('db'), strategy: 'auth0', enabled_clients: [app.client_id!] });
    const { rawResponse } = await management.clients.delete(app.client_id!).withRawResponse();
    expect(rawResponse.status).toBe(204);
    const failure = await managementFailure(management.clients.get(app.client_id!));
    expect(failure).toMatchObject({
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'The client does not exist', errorCode: 'inexistent_client' },
    });
    expect(auth0.store.connections.get(connection.id!)?.enabled_clients).toEqual([]);
  });

  test('defaults by app type and third-party status, as recorded', async ({ management }) => {
    const m2m = await management.clients.create({ name: uniqueName('m2m'), app_type: 'non_interactive' });
    expect(m2m.refresh_token).toMatchObject({ token_lifetime: 31557600, idle_token_lifetime: 2592000, rotation_type: 'non-rotating' });
    expect(m2m).not.toHaveProperty('third_party_security_mode');

    const native = await management.clients.create({ name: uniqueName('native'), app_type: 'native' });
    expect(native.grant_types).toEqual(['authorization_code', 'implicit', 'refresh_token']);
    expect(native.refresh_token).toMatchObject({ token_lifetime: 2592000, idle_token_lifetime: 1296000 });

    const thirdPartySpa = await management.clients.create({
      name: uniqueName('3p-spa'),
      app_type: 'spa',
      is_first_party: false,
      token_endpoint_auth_method: 'none',
    });
    expect(thirdPartySpa).toMatchObject({ oidc_conformant: true, third_party_security_mode: 'permissive' });
    expect(thirdPartySpa.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(thirdPartySpa.refresh_token).toMatchObject({ rotation_type: 'rotating', expiration_type: 'expiring', infinite_token_lifetime: false });

    const strict = await management.clients.create({
      name: uniqueName('3p-strict'),
      app_type: 'regular_web',
      is_first_party: false,
      callbacks: ['https://example.com/callback'],
      third_party_security_mode: 'strict',
    });
    expect(strict.client_id).toMatch(/^tpc_[A-Za-z0-9]{22}$/);
    expect(strict).toMatchObject({
      oidc_conformant: true,
      grant_types: ['authorization_code'],
      jwt_configuration: { secret_encoded: false, alg: 'RS256', lifetime_in_seconds: 3600 },
      refresh_token: { expiration_type: 'expiring', token_lifetime: 31557600, infinite_idle_token_lifetime: false, idle_token_lifetime: 2592000 },
    });
  });

  test('update with null clears an object member, the back-channel logout settings with their twin; "" clears initiate_login_uri', async ({ management }) => {
    const app = await management.clients.create({
      name: uniqueName('bcl'),
      app_type: 'regular_web',
      initiate_login_uri: 'https://example.com/login',
      client_metadata: { keep: 'yes', drop: 'me' },
      oidc_logout: { backchannel_logout_urls: ['https://example.com/backchannel-logout'] },
    });
    // What the SDK sends to remove a back-channel logout URL (the Terraform provider does too).
    const cleared = await management.clients.update(app.client_id!, { oidc_backchannel_logout: null } as never);
    expect(cleared).not.toHaveProperty('oidc_backchannel_logout');
    expect(cleared).not.toHaveProperty('oidc_logout');
    const emptied = await management.clients.update(app.client_id!, { initiate_login_uri: '', description: '', client_metadata: { drop: null } as never });
    expect(emptied).not.toHaveProperty('initiate_login_uri');
    expect(emptied.description).toBe('');
    expect(emptied.client_metadata).toEqual({});
    expect(await management.clients.get(app.client_id!)).toEqual(emptied);
  });

  test('list with include_totals: the offset envelope carries next, as recorded', async ({ management, auth0 }) => {
    const page = await management.clients.list({ include_totals: true, page: 0, per_page: 100 });
    expect(Object.keys(page.response).sort()).toEqual(['clients', 'length', 'limit', 'next', 'start', 'total']);
    expect(page.response.total).toBe(auth0.store.clients.size);
  });
});
