// Connections through the official ManagementClient: an `okta` connection discovered from the
// Okta org emulator, enabling it for an application, listing with checkpoint pagination and
// filters, options replacement, deletion, and the errors a real tenant gives.
import { createServer, type AddressInfo } from 'node:net';
import { test, expect, createOktaConnection, managementFailure, managementToken, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';

async function oktaDiscovery(domain: string): Promise<Record<string, unknown>> {
  const response = await fetch(`https://${domain}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/**
 * The Okta org's document as the recorded tenant stores it in options.oidc_metadata
 * (TestAccConnectionOkta#0): Okta's members, its request_parameter_supported (true) kept, and the
 * three flags Okta's document lacks appended at the end, false.
 */
async function storedOktaDiscovery(domain: string): Promise<Record<string, unknown>> {
  const document = await oktaDiscovery(domain);
  expect(document.request_parameter_supported).toBe(true);
  for (const key of ['claims_parameter_supported', 'request_uri_parameter_supported', 'require_request_uri_registration'])
    expect(document).not.toHaveProperty(key);
  return { ...document, claims_parameter_supported: false, request_uri_parameter_supported: false, require_request_uri_registration: false };
}

test.describe('Management API connections', () => {
  test('create an okta connection: Auth0 discovers the Okta org and stores what it derives', async ({ management, emulators }) => {
    const oktaDomain = emulators.okta.domain;
    const discovery = await storedOktaDiscovery(oktaDomain);
    const name = uniqueName('okta-wf');
    const { data: connection, rawResponse } = await management.connections
      .create({
        name,
        strategy: 'okta',
        options: {
          domain: oktaDomain,
          client_id: '0oa1exampleclient',
          client_secret: 'okta-client-secret-value',
          domain_aliases: ['example.com'],
          upstream_params: { screen_name: { alias: 'login_hint' } },
        },
      })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(connection.id).toMatch(/^con_[A-Za-z0-9]{16}$/);
    // As the recorded tenant answers (docs/fidelity.md#auth0-connections): every connection carries
    // authentication and connected_accounts; an enterprise connection a button flag and a display name.
    expect(connection).toMatchObject({
      name,
      strategy: 'okta',
      is_domain_connection: false,
      show_as_button: false,
      display_name: name,
      authentication: { active: true },
      connected_accounts: { active: false },
      enabled_clients: [],
      realms: [name],
    });
    expect(connection.options).toEqual({
      domain: oktaDomain,
      client_id: '0oa1exampleclient',
      client_secret: 'okta-client-secret-value',
      domain_aliases: ['example.com'],
      upstream_params: { screen_name: { alias: 'login_hint' } },
      oidc_metadata: discovery,
      issuer: `https://${oktaDomain}`,
      authorization_endpoint: discovery.authorization_endpoint,
      token_endpoint: discovery.token_endpoint,
      jwks_uri: discovery.jwks_uri,
      ...(discovery.userinfo_endpoint ? { userinfo_endpoint: discovery.userinfo_endpoint } : {}),
      type: 'back_channel',
      scope: 'openid profile email',
      // Added by the tenant; no token_endpoint_auth_method unless one is sent.
      schema_version: 'oidc-V4',
      attribute_map: { mapping_mode: 'basic_profile' },
      connection_settings: { pkce: 'auto' },
    });
    // In the recorded order too: the tenant's additions come last.
    expect(Object.keys(connection.options!.oidc_metadata as object)).toEqual(Object.keys(discovery));
    // The Auth0 emulator fetched the document from the Okta org over HTTPS, and says so.
    expect(emulators.auth0.events.list({ type: 'auth0.okta.discovery' }).at(-1)).toMatchObject({
      url: `https://${oktaDomain}/.well-known/openid-configuration`,
      outcome: 'ok',
      issuer: `https://${oktaDomain}`,
    });

    // Secrets are returned by GET and list, as Auth0 does (docs/fidelity.md#auth0-connections).
    const fetched = await management.connections.get(connection.id!);
    expect(fetched).toEqual(connection);
    const listed = await management.connections.list({ name });
    expect(listed.data).toHaveLength(1);
    expect((listed.data[0].options as Record<string, unknown>).client_secret).toBe('okta-client-secret-value');
  });

  test('enable for an application with connections.clients.update; both views and enabled_clients agree', async ({ management, emulators }) => {
    const app = await management.clients.create({ name: uniqueName('demo'), app_type: 'regular_web' });
    const other = await management.clients.create({ name: uniqueName('other'), app_type: 'regular_web' });
    const connection = await createOktaConnection(management, emulators.okta.domain);

    const { rawResponse } = await management.connections.clients.update(connection.id!, [{ client_id: app.client_id!, status: true }]).withRawResponse();
    expect(rawResponse.status).toBe(204);
    const enabled = await management.connections.clients.get(connection.id!);
    expect(enabled.response).toEqual({ clients: [{ client_id: app.client_id }] });
    expect((await management.connections.get(connection.id!)).enabled_clients).toEqual([app.client_id]);
    const reverse = await management.clients.connections.get(app.client_id!);
    expect(reverse.data.map(c => c.id)).toEqual([connection.id]);
    expect(reverse.data[0]).not.toHaveProperty('enabled_clients');

    // Setting the deprecated member through update is reflected in the new view too.
    await management.connections.update(connection.id!, { enabled_clients: [other.client_id!] });
    expect((await management.connections.clients.get(connection.id!)).data).toEqual([{ client_id: other.client_id }]);
    expect((await management.clients.connections.get(app.client_id!)).data).toEqual([]);

    await management.connections.clients.update(connection.id!, [
      { client_id: app.client_id!, status: true },
      { client_id: other.client_id!, status: false },
    ]);
    expect((await management.connections.get(connection.id!)).enabled_clients).toEqual([app.client_id]);

    const tooMany = Array.from({ length: 51 }, () => ({ client_id: app.client_id!, status: true }));
    const failure = await managementFailure(management.connections.clients.update(connection.id!, tooMany));
    expect(failure.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Array is too long (51), maximum 50'.",
      errorCode: 'invalid_body',
    });
    const empty = await managementFailure(management.connections.clients.update(connection.id!, []));
    expect(empty.body).toMatchObject({ statusCode: 400, message: "Payload validation error: 'Array is too short (0), minimum 1'." });
  });

  test('list: checkpoint pages of 50 with next, until the last page; filters by name, strategy and fields', async ({ management, auth0 }) => {
    const prefix = uniqueName('page');
    // 55 more than whatever this worker created before: at least two pages. The rate limit
    // (tested on its own) is lifted for the whole test so the SDK does not wait out the second;
    // at the end the test waits for a fresh window, leaving the worker's tenant a full budget.
    const created: string[] = [];
    const limit = auth0.behaviour.managementRateLimitPerSecond;
    auth0.behaviour.managementRateLimitPerSecond = 1000;
    try {
      for (let i = 0; i < 55; i++) {
        const c = await management.connections.create({ name: `${prefix}-${i}`, strategy: 'auth0' });
        created.push(c.id!);
      }
      // Pages of 50 while more remain, each with `next`; the last page has the rest and no `next`.
      const total = auth0.store.connections.size;
      let page = await management.connections.list();
      const sizes = [page.data.length];
      expect(page.response.next).toEqual(expect.any(String));
      while (page.hasNextPage()) {
        page = await page.getNextPage();
        sizes.push(page.data.length);
      }
      expect(page.response.next).toBeUndefined();
      expect(sizes).toEqual([...Array(Math.ceil(total / 50) - 1).fill(50), total - 50 * (Math.ceil(total / 50) - 1)]);

      const seen: string[] = [];
      for await (const connection of await management.connections.list()) seen.push(connection.id!);
      expect(seen).toHaveLength(auth0.store.connections.size);
      expect(seen).toEqual(expect.arrayContaining(created));
      expect(new Set(seen).size).toBe(seen.length);

      const byName = await management.connections.list({ name: `${prefix}-7` });
      expect(byName.data.map(c => c.id)).toEqual([created[7]]);
      expect(byName.response.next).toBeUndefined();

      const byStrategy = await management.connections.list({ strategy: ['okta', 'samlp'] });
      expect(byStrategy.data.every(c => c.strategy === 'okta')).toBe(true);
      expect(byStrategy.data.map(c => c.id)).not.toContain(created[0]);

      const projected = await management.connections.list({ name: `${prefix}-3`, fields: 'id,name', include_fields: true });
      expect(projected.data).toEqual([{ id: created[3], name: `${prefix}-3` }]);
      const excluded = await management.connections.list({ name: `${prefix}-3`, fields: 'options,realms', include_fields: false });
      // A database connection created without show_as_button or display_name has neither.
      expect(Object.keys(excluded.data[0]).sort()).toEqual(['authentication', 'connected_accounts', 'id', 'is_domain_connection', 'name', 'strategy']);
    } finally {
      auth0.behaviour.managementRateLimitPerSecond = limit;
      await new Promise(r => setTimeout(r, 1000 - (Date.now() % 1000)));
    }
  });

  test('offset mode: per_page with include_totals gives {total,start,limit,connections}', async ({ management, auth0 }) => {
    await management.connections.create({ name: uniqueName('offset'), strategy: 'auth0' });
    const response = await fetch(`https://${auth0.domain}/api/v2/connections?per_page=1&page=0&include_totals=true`, {
      headers: { authorization: `Bearer ${await managementToken(auth0)}` },
    });
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ total: auth0.store.connections.size, start: 0, limit: 1 });
    expect(body.connections).toHaveLength(1);
  });

  test('update replaces the options object but for what the tenant manages; name and strategy are immutable', async ({ management, emulators }) => {
    const connection = await createOktaConnection(management, emulators.okta.domain, {
      domain_aliases: ['example.com'],
      icon_url: 'https://example.com/logo.png',
      set_user_root_attributes: 'on_first_login',
    });
    await management.connections.update(connection.id!, { display_name: 'Okta Workforce', show_as_button: true });

    const updated = await management.connections.update(connection.id!, {
      display_name: 'Okta Workforce',
      options: { domain: emulators.okta.domain, client_id: '0oa2rotated', client_secret: 'rotated-secret', scope: 'openid email' },
    });
    // Keys not sent are gone (domain_aliases, icon_url, set_user_root_attributes); the tenant keeps
    // the discovery document of the same domain, and puts back its defaults for what was left out
    // (connection_settings.pkce becomes "disabled", as recorded).
    const discovery = await storedOktaDiscovery(emulators.okta.domain);
    expect(updated.options).toEqual({
      domain: emulators.okta.domain,
      client_id: '0oa2rotated',
      client_secret: 'rotated-secret',
      scope: 'openid email',
      oidc_metadata: discovery,
      issuer: `https://${emulators.okta.domain}`,
      authorization_endpoint: discovery.authorization_endpoint,
      token_endpoint: discovery.token_endpoint,
      jwks_uri: discovery.jwks_uri,
      ...(discovery.userinfo_endpoint ? { userinfo_endpoint: discovery.userinfo_endpoint } : {}),
      type: 'back_channel',
      schema_version: 'oidc-V4',
      attribute_map: { mapping_mode: 'basic_profile' },
      connection_settings: { pkce: 'disabled' },
    });
    expect(updated).toMatchObject({ display_name: 'Okta Workforce', show_as_button: true, name: connection.name });

    // The SDK's docs say a PATCH without display_name resets it to the name; the recorded tenant keeps it.
    const withoutDisplayName = await management.connections.update(connection.id!, { show_as_button: true });
    expect(withoutDisplayName.display_name).toBe('Okta Workforce');

    for (const immutable of [{ name: 'renamed' }, { strategy: 'oidc' }]) {
      const failure = await managementFailure(management.connections.update(connection.id!, immutable as never));
      expect(failure.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: `Payload validation error: 'Additional properties not allowed: ${Object.keys(immutable)[0]}'.`,
        errorCode: 'invalid_body',
      });
    }
    expect((await management.connections.get(connection.id!)).name).toBe(connection.name);
  });

  test('delete: 202 {deleted_at}, then 204; the connection and its users are gone', async ({ management, auth0, emulators }) => {
    const connection = await createOktaConnection(management, emulators.okta.domain);
    const userId = `okta|${connection.name}|00u1deleteme`;
    auth0.store.users.set(userId, {
      user_id: userId,
      email: 'gone@example.com',
      identities: [{ provider: 'okta', connection: connection.name!, user_id: `${connection.name}|00u1deleteme`, isSocial: false }],
    });

    const first = await fetch(`https://${auth0.domain}/api/v2/connections/${connection.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${await managementToken(auth0)}` },
    });
    expect(first.status).toBe(202);
    const body = (await first.json()) as { deleted_at: string };
    expect(Object.keys(body)).toEqual(['deleted_at']);
    expect(Math.abs(Date.parse(body.deleted_at) - Date.now())).toBeLessThan(10_000);

    const { rawResponse } = await management.connections.delete(connection.id!).withRawResponse();
    expect(rawResponse.status).toBe(204);

    const failure = await managementFailure(management.connections.get(connection.id!));
    expect(failure).toEqual({
      statusCode: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'The connection does not exist', errorCode: 'inexistent_connection' },
      headers: expect.anything(),
    });
    expect(auth0.store.users.has(userId)).toBe(false);
    const never = await managementFailure(management.connections.delete('con_neverExisted0001'));
    expect(never.statusCode).toBe(404);
  });

  test('a duplicate name is refused with 409', async ({ management, emulators }) => {
    const connection = await createOktaConnection(management, emulators.okta.domain);
    const failure = await managementFailure(
      management.connections.create({ name: connection.name!, strategy: 'okta', options: { domain: emulators.okta.domain, client_id: 'x' } }),
    );
    expect(failure.statusCode).toBe(409);
    expect(failure.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'A connection with the same name already exists' });
  });

  test('a bad Okta domain is refused with 400 naming the domain, and nothing is created', async ({ management, auth0, emulators }) => {
    const before = auth0.store.connections.size;
    const closedPort = await unusedPort('127.0.0.3');
    const cases: [string, RegExp][] = [
      [`https://${emulators.okta.domain}`, /must not include a scheme/],
      [`${emulators.okta.domain}/`, /must not include a path, query or trailing slash/],
      // Nothing listens there: connection refused.
      [`127.0.0.3:${closedPort}`, /connection refused/],
      // An OpenID provider, but not this Okta org: the Auth0 tenant's issuer has a trailing slash.
      [auth0.domain, /its issuer is "https:\/\/.*\/", expected "https:\/\//],
    ];
    for (const [domain, reason] of cases) {
      const name = uniqueName('bad-okta');
      const failure = await managementFailure(management.connections.create({ name, strategy: 'okta', options: { domain, client_id: '0oa1' } }));
      expect(failure.statusCode, domain).toBe(400);
      const body = failure.body as Record<string, unknown>;
      expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', errorCode: 'invalid_body' });
      expect(body.message, domain).toContain(`"${domain}"`);
      expect(body.message, domain).toMatch(reason);
      expect((await management.connections.list({ name })).data).toEqual([]);
    }
    expect(auth0.store.connections.size).toBe(before);

    // The same check guards an update that moves the connection to another domain.
    const connection = await createOktaConnection(management, emulators.okta.domain);
    const failure = await managementFailure(
      management.connections.update(connection.id!, { options: { domain: `127.0.0.3:${closedPort}`, client_id: '0oa1' } }),
    );
    expect(failure.statusCode).toBe(400);
    expect((await management.connections.get(connection.id!)).options).toEqual(connection.options);
  });
});

test.describe('Management API connections as the recorded tenant answers (conformance/recordings)', () => {
  test('an okta connection without a domain is accepted with the endpoints given: no discovery, the tenant defaults added', async ({ management, auth0 }) => {
    const name = uniqueName('okta-nodomain');
    const discoveries = auth0.events.list({ type: 'auth0.okta.discovery' }).length;
    const { data: connection, rawResponse } = await management.connections
      .create({
        name,
        strategy: 'okta',
        options: {
          client_id: '1234567',
          client_secret: '1234567',
          issuer: 'https://example.okta.com',
          authorization_endpoint: 'https://example.okta.com/oauth2/v1/authorize',
          token_endpoint: 'https://example.okta.com/oauth2/v1/token',
          jwks_uri: 'https://example.okta.com/oauth2/v1/keys',
          scope: 'email openid profile',
        },
      })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(connection.options).toEqual({
      client_id: '1234567',
      client_secret: '1234567',
      issuer: 'https://example.okta.com',
      authorization_endpoint: 'https://example.okta.com/oauth2/v1/authorize',
      token_endpoint: 'https://example.okta.com/oauth2/v1/token',
      jwks_uri: 'https://example.okta.com/oauth2/v1/keys',
      scope: 'email openid profile',
      schema_version: 'oidc-V4',
      type: 'back_channel',
      attribute_map: { mapping_mode: 'basic_profile' },
      connection_settings: { pkce: 'auto' },
    });
    expect(auth0.events.list({ type: 'auth0.okta.discovery' })).toHaveLength(discoveries);
  });

  test('a PATCH keeps attribute_map and connection_settings only as the tenant does, and never adds token_endpoint_auth_method', async ({
    management,
    emulators,
  }) => {
    const connection = await createOktaConnection(management, emulators.okta.domain, {
      attribute_map: { mapping_mode: 'use_map', attributes: { name: '${context.tokenset.name}' } },
      connection_settings: { pkce: 'auto' },
    });
    expect(connection.options).toMatchObject({ attribute_map: { mapping_mode: 'use_map' }, connection_settings: { pkce: 'auto' } });
    const updated = await management.connections.update(connection.id!, {
      options: { domain: emulators.okta.domain, client_id: '0oa1exampleclient', client_secret: 'okta-client-secret-value' },
    });
    expect(updated.options).toMatchObject({
      attribute_map: { mapping_mode: 'basic_profile' },
      connection_settings: { pkce: 'disabled' },
      schema_version: 'oidc-V4',
    });
    expect(updated.options).not.toHaveProperty('token_endpoint_auth_method');
  });

  test('fields with include_fields=true also returns id, is_domain_connection, authentication and connected_accounts', async ({ management, emulators }) => {
    const connection = await createOktaConnection(management, emulators.okta.domain);
    const selected = await management.connections.get(connection.id!, { fields: 'strategy,name', include_fields: true });
    expect(selected).toEqual({
      id: connection.id,
      strategy: 'okta',
      name: connection.name,
      is_domain_connection: false,
      authentication: { active: true },
      connected_accounts: { active: false },
    });
  });

  test('a database connection gets the tenant defaults; a PATCH replaces its options but keeps the sign-in methods', async ({ management }) => {
    const name = uniqueName('db');
    const connection = await management.connections.create({ name, strategy: 'auth0' });
    expect(connection).not.toHaveProperty('show_as_button');
    expect(connection).not.toHaveProperty('display_name');
    expect(Object.keys(connection.options ?? {}).sort()).toEqual([
      'authentication_methods',
      'brute_force_protection',
      'mfa',
      'passkey_options',
      'passwordPolicy',
      'strategy_version',
    ]);
    const updated = await management.connections.update(connection.id!, { options: { passwordPolicy: 'fair', brute_force_protection: false } });
    expect(Object.keys(updated.options ?? {}).sort()).toEqual(['authentication_methods', 'brute_force_protection', 'passkey_options', 'passwordPolicy']);
    expect(updated).not.toHaveProperty('display_name');
  });

  test('an oidc connection with a discovery_url stores the provider document', async ({ management, emulators }) => {
    const discoveryUrl = `https://${emulators.okta.domain}/.well-known/openid-configuration`;
    const connection = await management.connections.create({
      name: uniqueName('oidc'),
      strategy: 'oidc',
      options: { client_id: 'oidc-client', client_secret: 'oidc-secret', discovery_url: discoveryUrl, type: 'front_channel' } as never,
    });
    const options = connection.options as Record<string, unknown>;
    expect(options).toMatchObject({
      discovery_url: discoveryUrl,
      issuer: `https://${emulators.okta.domain}`,
      oidc_metadata: await storedOktaDiscovery(emulators.okta.domain),
      schema_version: 'oidc-V4',
      attribute_map: { mapping_mode: 'bind_all' },
      type: 'front_channel',
    });
    const failure = await managementFailure(
      management.connections.create({
        name: uniqueName('oidc'),
        strategy: 'oidc',
        options: { client_id: 'x', discovery_url: 'http://insecure.example/.well-known/openid-configuration' } as never,
      }),
    );
    expect(failure.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body', message: expect.stringContaining('options.discovery_url') });
  });

  test('a new tenant has the Username-Password-Authentication database connection, enabled for no application', async ({ management }) => {
    const listed = await management.connections.list({ name: 'Username-Password-Authentication' });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ strategy: 'auth0', realms: ['Username-Password-Authentication'] });
    expect((await management.connections.clients.get(listed.data[0].id!)).data).toEqual([]);
  });
});

/** A port on `host` that nothing listens on (bound, then released). */
function unusedPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
