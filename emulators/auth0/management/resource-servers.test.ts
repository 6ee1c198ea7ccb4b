// APIs (resource servers) and client grants through the official ManagementClient: Auth0's create
// defaults, reads by id and by identifier, updates, the system Management API, list envelopes,
// grants per application and subject type, and the scopes each route needs.
import { test, expect, managementFailure, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';

const identifier = () => `https://${uniqueName('api')}.example.test/`;

test.describe('Management API resource servers', () => {
  test('create: 201 with the defaults of a real create response; get by id and by identifier; members not sent absent', async ({ management }) => {
    const id = identifier();
    const { data: api, rawResponse } = await management.resourceServers.create({ identifier: id, name: 'Orders API' }).withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(api).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Orders API',
      identifier: id,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
      subject_type_authorization: { client: { policy: 'require_client_grant' }, user: { policy: 'allow_all' } },
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      signing_alg: 'RS256',
    });
    expect(await management.resourceServers.get(api.id!)).toEqual(api);
    // The identifier works wherever the id does (the SDK percent-encodes it).
    expect(await management.resourceServers.get(id)).toEqual(api);
  });

  test('update replaces the members sent, merges who may get tokens per kind, and null removes a member', async ({ management }) => {
    const api = await management.resourceServers.create({ identifier: identifier(), authorization_details: [{ type: 'payment' }] });
    const updated = await management.resourceServers.update(api.identifier!, {
      scopes: [{ value: 'read:orders', description: 'Read orders' }],
      allow_offline_access: true,
      subject_type_authorization: { user: { policy: 'require_client_grant' } },
      authorization_details: null,
    });
    expect(updated).toMatchObject({
      scopes: [{ value: 'read:orders', description: 'Read orders' }],
      allow_offline_access: true,
      subject_type_authorization: { client: { policy: 'require_client_grant' }, user: { policy: 'require_client_grant' } },
    });
    expect(updated).not.toHaveProperty('authorization_details');
    // The identifier cannot change.
    const refused = await managementFailure(management.resourceServers.update(api.id!, { identifier: 'https://other.example.test/' } as never));
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: 'invalid_body', message: expect.stringContaining('Additional properties not allowed: identifier') });
  });

  test('unknown API: 404 inexistent_resource_server; a second API with the same identifier: 409', async ({ management }) => {
    expect((await managementFailure(management.resourceServers.get('this-resource-server-does-not-exist'))).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'The resource server does not exist',
      errorCode: 'inexistent_resource_server',
    });
    const api = await management.resourceServers.create({ identifier: identifier() });
    expect((await managementFailure(management.resourceServers.create({ identifier: api.identifier! }))).statusCode).toBe(409);
    await management.resourceServers.delete(api.id!);
    expect((await managementFailure(management.resourceServers.get(api.id!))).statusCode).toBe(404);
  });

  test("the tenant's Management API is a system API with the scopes its tokens carry; the SDK lists every API page by page", async ({ management, auth0 }) => {
    const system = await management.resourceServers.get(auth0.managementAudience);
    expect(system).toMatchObject({ name: 'Auth0 Management API', identifier: auth0.managementAudience, is_system: true });
    expect(system.scopes).toContainEqual({ value: 'read:client_grants', description: 'Read Client Grants' });
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await management.resourceServers.create({ identifier: identifier() }));
    const seen: string[] = [];
    for await (const api of await management.resourceServers.list({ per_page: 2 })) seen.push(api.identifier!);
    expect(seen).toEqual(expect.arrayContaining([auth0.managementAudience, ...created.map(a => a.identifier!)]));
    const page = await management.resourceServers.list({ identifiers: [created[1].identifier!] });
    expect(page.data.map(a => a.id)).toEqual([created[1].id]);
  });
});

test.describe('Management API client grants', () => {
  test('a user-access grant: 201 with subject_type; listed by client and audience (checkpoint pages); updated; deleted (twice: 204)', async ({
    management,
  }) => {
    const api = await management.resourceServers.create({ identifier: identifier(), scopes: [{ value: 'read:orders' }, { value: 'write:orders' }] });
    const app = await management.clients.create({ name: uniqueName('spa'), app_type: 'spa' });
    const { data: grant, rawResponse } = await management.clientGrants
      .create({ client_id: app.client_id!, audience: api.identifier!, scope: ['read:orders'], subject_type: 'user' })
      .withRawResponse();
    expect(rawResponse.status).toBe(201);
    expect(grant).toEqual({
      id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/),
      client_id: app.client_id,
      audience: api.identifier,
      scope: ['read:orders'],
      subject_type: 'user',
    });

    const listed = [];
    for await (const g of await management.clientGrants.list({ client_id: app.client_id!, audience: api.identifier! })) listed.push(g);
    expect(listed).toEqual([grant]);

    // Every scope of the API: the grant's own list goes; a later list comes back with allow_all_scopes false.
    const all = await management.clientGrants.update(grant.id!, { allow_all_scopes: true });
    expect(all).toMatchObject({ allow_all_scopes: true });
    expect(all).not.toHaveProperty('scope');
    expect(await management.clientGrants.update(grant.id!, { allow_all_scopes: false, scope: ['write:orders'] })).toMatchObject({
      allow_all_scopes: false,
      scope: ['write:orders'],
    });

    await management.clientGrants.delete(grant.id!);
    const { rawResponse: again } = await management.clientGrants.delete(grant.id!).withRawResponse();
    expect(again.status).toBe(204);
    expect((await managementFailure(management.clientGrants.get(grant.id!))).statusCode).toBe(404);
  });

  test('one grant per application, API and subject type (409); deleting the application or the API removes its grants', async ({ management }) => {
    const api = await management.resourceServers.create({ identifier: identifier() });
    const app = await management.clients.create({ name: uniqueName('web'), app_type: 'regular_web' });
    const forUsers = await management.clientGrants.create({ client_id: app.client_id!, audience: api.identifier!, scope: [], subject_type: 'user' });
    const forMachines = await management.clientGrants.create({ client_id: app.client_id!, audience: api.identifier!, scope: [] });
    expect(forMachines.subject_type).toBe('client');
    const duplicate = await managementFailure(management.clientGrants.create({ client_id: app.client_id!, audience: api.identifier!, subject_type: 'user' }));
    expect(duplicate.statusCode).toBe(409);

    await management.clients.delete(app.client_id!);
    expect((await managementFailure(management.clientGrants.get(forUsers.id!))).statusCode).toBe(404);
    const other = await management.clients.create({ name: uniqueName('web'), app_type: 'regular_web' });
    const grant = await management.clientGrants.create({ client_id: other.client_id!, audience: api.identifier!, scope: [] });
    await management.resourceServers.delete(api.id!);
    expect((await managementFailure(management.clientGrants.get(grant.id!))).statusCode).toBe(404);
  });

  test('a grant names an existing application and API', async ({ management }) => {
    const api = await management.resourceServers.create({ identifier: identifier() });
    expect(
      (await managementFailure(management.clientGrants.create({ client_id: 'NoSuchClient000000000000000000000', audience: api.identifier! }))).body,
    ).toMatchObject({
      statusCode: 404,
      errorCode: 'inexistent_client',
    });
    const app = await management.clients.create({ name: uniqueName('web') });
    expect(
      (await managementFailure(management.clientGrants.create({ client_id: app.client_id!, audience: 'https://nowhere.example.test/' }))).body,
    ).toMatchObject({
      statusCode: 404,
      errorCode: 'inexistent_resource_server',
    });
  });

  test('each route needs its scope: 403 insufficient_scope without it', async ({ managementWithScopes }) => {
    const reader = await managementWithScopes(['read:resource_servers']);
    expect((await managementFailure(reader.clientGrants.list())).body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:client_grants',
      errorCode: 'insufficient_scope',
    });
    expect((await managementFailure(reader.resourceServers.create({ identifier: identifier() }))).body).toMatchObject({
      message: 'Insufficient scope, expected any of: create:resource_servers',
    });
    await reader.resourceServers.list();
  });
});
