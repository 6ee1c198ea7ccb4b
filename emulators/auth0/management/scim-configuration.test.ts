// SCIM configuration and SCIM tokens through the official ManagementClient
// (connections.scimConfiguration.*): defaults, replacement, deletion, the default mapping, the
// token rules (value shown once, at most two active, lifetime > 900 s, scopes) and the scopes the
// Management API requires for each call.
import type { ManagementClient } from 'auth0';
import { DEFAULT_SCIM_MAPPING } from '../scim/default-mapping.ts';
import { test, expect, createOktaConnection, managementFailure, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';

const oktaConnection = (management: ManagementClient, oktaDomain: string) => createOktaConnection(management, oktaDomain, {}, 'okta-scim');

test.describe('Management API: SCIM configuration', () => {
  test('create with defaults, read, replace mapping, read the default mapping, delete (its tokens go too)', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const id = connection.id!;
    // No configuration yet: the bare 404 the recorded tenant answers.
    expect((await managementFailure(management.connections.scimConfiguration.get(id))).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Not Found',
    });

    const { data: created, rawResponse } = await management.connections.scimConfiguration.create(id).withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(created).toEqual({
      tenant_name: auth0.domain,
      connection_id: id,
      connection_name: connection.name,
      strategy: 'okta',
      user_id_attribute: 'externalId',
      mapping: DEFAULT_SCIM_MAPPING.map(m => ({ ...m })),
      created_at: expect.any(String),
      updated_on: expect.any(String),
    });
    // The recorded okta default: 32 entries, with the middle name, honorifics, the primary phone and
    // the enterprise attributes written `…:User.employeeNumber`.
    expect(created.mapping).toHaveLength(32);
    expect(created.mapping).toContainEqual({ scim: 'name.middleName', auth0: 'app_metadata.middle_name' });
    expect(created.mapping).toContainEqual({ scim: 'phoneNumbers[primary eq true].value', auth0: 'app_metadata.primary_phone_number' });
    expect(created.mapping).toContainEqual({
      scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.employeeNumber',
      auth0: 'app_metadata.employee_id',
    });
    expect(created.mapping).toContainEqual({ scim: 'userName', auth0: 'preferred_username' });
    expect(created.mapping).toContainEqual({ scim: 'emails[primary eq true].value', auth0: 'email' });
    expect(created.mapping).toContainEqual({ scim: 'active', auth0: 'blocked' });
    expect(created.mapping).toContainEqual({ scim: 'externalId', auth0: 'app_metadata.external_id' });
    expect(await management.connections.scimConfiguration.get(id)).toEqual(created);

    const again = await managementFailure(management.connections.scimConfiguration.create(id));
    expect(again.statusCode).toBe(409);

    const defaults = await management.connections.scimConfiguration.getDefaultMapping(id);
    expect(defaults).toEqual({ mapping: created.mapping });

    const mapping = [
      { scim: 'userName', auth0: 'username' },
      { scim: 'emails[primary eq true].value', auth0: 'email' },
      { scim: 'active', auth0: 'blocked' },
      { scim: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', auth0: 'app_metadata.department' },
    ];
    const updated = await management.connections.scimConfiguration.update(id, { user_id_attribute: 'userName', mapping });
    expect(updated).toMatchObject({ user_id_attribute: 'userName', mapping, created_at: created.created_at });
    expect(Date.parse(updated.updated_on)).toBeGreaterThanOrEqual(Date.parse(created.updated_on));

    const listed = await management.connections.scimConfiguration.list();
    expect(listed.data.map(c => c.connection_id)).toContain(id);

    await management.connections.scimConfiguration.tokens.create(id, { scopes: ['get:users'] });
    const { rawResponse: deleted } = await management.connections.scimConfiguration.delete(id).withRawResponse();
    expect(deleted.status).toBe(204);
    expect((await managementFailure(management.connections.scimConfiguration.get(id))).statusCode).toBe(404);
    expect([...auth0.store.scimTokens.values()].filter(t => t.connection_id === id)).toEqual([]);
  });

  test('bad mappings and unknown connections are refused with Auth0 error bodies', async ({ management, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const id = connection.id!;
    const duplicate = await managementFailure(
      management.connections.scimConfiguration.create(id, {
        mapping: [
          { scim: 'userName', auth0: 'email' },
          { scim: 'displayName', auth0: 'email' },
        ],
      }),
    );
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'invalid_body',
      message: expect.stringContaining('mapped more than once'),
    });

    const idMapped = await managementFailure(management.connections.scimConfiguration.create(id, { mapping: [{ scim: 'id', auth0: 'app_metadata.scim_id' }] }));
    expect(idMapped.statusCode).toBe(400);
    const ownedByAuth0 = await managementFailure(management.connections.scimConfiguration.create(id, { mapping: [{ scim: 'userName', auth0: 'user_id' }] }));
    expect(ownedByAuth0.statusCode).toBe(400);
    const badPath = await managementFailure(management.connections.scimConfiguration.create(id, { mapping: [{ scim: 'emails[primary', auth0: 'email' }] }));
    expect(badPath.statusCode).toBe(400);

    const missing = await managementFailure(management.connections.scimConfiguration.create('con_0000000000000000'));
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'The connection does not exist', errorCode: 'inexistent_connection' });

    // A database connection has no SCIM: 404 with the recorded message, no errorCode.
    const database = await management.connections.create({ name: uniqueName('db'), strategy: 'auth0' });
    const unsupported = await managementFailure(management.connections.scimConfiguration.create(database.id!));
    expect(unsupported.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message:
        'This connection type does not support SCIM. Please see our documentation for the currently supported connection types: https://auth0.com/docs/authenticate/protocols/scim/configure-inbound-scim.',
    });
  });

  test('an Entra ID (waad) connection gets its own default mapping: userName from upn, the work email', async ({ management }) => {
    const connection = await management.connections.create({
      name: uniqueName('waad'),
      strategy: 'waad',
      options: { client_id: '123456', client_secret: '123456', tenant_domain: 'example.onmicrosoft.com', domain: 'example.onmicrosoft.com' } as never,
    });
    expect(connection.options).toMatchObject({ waad_common_endpoint: false });
    const { mapping } = await management.connections.scimConfiguration.getDefaultMapping(connection.id!);
    expect(mapping).toHaveLength(30);
    expect(mapping?.slice(0, 2)).toEqual([
      { scim: 'userName', auth0: 'upn' },
      { scim: 'emails[type eq "work"].value', auth0: 'email' },
    ]);
  });

  test('tokens: value shown once and stored hashed, at most two active, lifetime above 900 s, known scopes only', async ({ management, auth0, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const id = connection.id!;
    expect((await managementFailure(management.connections.scimConfiguration.tokens.create(id, {}))).statusCode).toBe(404);
    await management.connections.scimConfiguration.create(id);

    const before = Date.now();
    const { data: first, rawResponse } = await management.connections.scimConfiguration.tokens
      .create(id, { scopes: ['get:users', 'post:users', 'put:users'], token_lifetime: 3600 })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(first).toEqual({
      token_id: expect.stringMatching(/^tok_[A-Za-z0-9]{16}$/),
      token: expect.stringMatching(/^tok_[A-Za-z0-9]{16}\.[0-9a-f]{64}$/),
      scopes: ['get:users', 'post:users', 'put:users'],
      created_at: expect.any(String),
      valid_until: expect.any(String),
    });
    expect(Date.parse(first.valid_until!) - before).toBeGreaterThanOrEqual(3600 * 1000 - 2000);
    // Only a hash is kept.
    const stored = auth0.store.scimTokens.get(first.token_id!)!;
    expect(JSON.stringify(stored)).not.toContain(first.token!);

    const second = await management.connections.scimConfiguration.tokens.create(id, { scopes: ['get:users'] });
    expect(second).not.toHaveProperty('valid_until');
    const third = await managementFailure(management.connections.scimConfiguration.tokens.create(id, { scopes: ['get:users'] }));
    expect(third.statusCode).toBe(409);
    expect(third.body).toMatchObject({ statusCode: 409, error: 'Conflict' });

    const listed = await management.connections.scimConfiguration.tokens.get(id);
    expect(listed.map(t => t.token_id).sort()).toEqual([first.token_id, second.token_id].sort());
    for (const token of listed) expect(token).not.toHaveProperty('token');

    // Deleting one makes room for a new one (rotation without downtime).
    const { rawResponse: deleted } = await management.connections.scimConfiguration.tokens.delete(id, second.token_id!).withRawResponse();
    expect(deleted.status).toBe(204);
    expect((await managementFailure(management.connections.scimConfiguration.tokens.delete(id, second.token_id!))).statusCode).toBe(404);
    await management.connections.scimConfiguration.tokens.create(id, { scopes: ['get:users'] });

    // An expired token does not count towards the two.
    auth0.store.scimTokens.get(first.token_id!)!.valid_until = new Date(Date.now() - 1000).toISOString();
    await management.connections.scimConfiguration.tokens.create(id, { scopes: ['get:users'] });

    // Validation failures (with room for a new token, so that only the body is at fault).
    for (const token of await management.connections.scimConfiguration.tokens.get(id))
      await management.connections.scimConfiguration.tokens.delete(id, token.token_id!);
    for (const [body, text] of [
      [{ token_lifetime: 900 }, 'greater than 900'],
      [{ token_lifetime: 60 }, 'greater than 900'],
      [{ scopes: [] }, 'minimum 1'],
      [{ scopes: ['read:users'] }, 'No enum match'],
      [{ scopes: ['get:users'], lifetime: 1000 }, 'Additional properties not allowed'],
    ] as const) {
      const refused = await managementFailure(management.connections.scimConfiguration.tokens.create(id, body as never));
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect((refused.body as { message: string }).message, JSON.stringify(body)).toContain(text);
    }
  });

  test('each call needs its SCIM scope', async ({ management, managementWithScopes, emulators }) => {
    const connection = await oktaConnection(management, emulators.okta.domain);
    const id = connection.id!;
    const readOnly = await managementWithScopes(['read:scim_config']);
    const refused = await managementFailure(readOnly.connections.scimConfiguration.create(id));
    expect(refused.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: create:scim_config',
      errorCode: 'insufficient_scope',
    });
    await management.connections.scimConfiguration.create(id);
    expect((await readOnly.connections.scimConfiguration.get(id)).connection_id).toBe(id);
    expect((await managementFailure(readOnly.connections.scimConfiguration.tokens.create(id, { scopes: ['get:users'] }))).statusCode).toBe(403);
    expect((await managementFailure(readOnly.connections.scimConfiguration.tokens.get(id))).statusCode).toBe(403);
    expect((await managementFailure(readOnly.connections.scimConfiguration.delete(id))).statusCode).toBe(403);
  });
});
