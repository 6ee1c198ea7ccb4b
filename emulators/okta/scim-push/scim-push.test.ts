// Okta's SCIM push, seen from the SCIM server's side (a recording HTTPS listener with a tiny user
// store): assignment through the official Okta SDK → lookup by userName, then POST (externalId =
// the Okta user id, a placeholder password); a profile update → GET then a full PUT; unassignment
// and deactivation → PUT active:false; never DELETE; `User-Agent: Okta SCIM Client 1.0.0` and the
// bearer token on every call; each call an event.
import { test, expect } from '../../../fixtures/emulators.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import type { OktaOrg } from '../okta-org.ts';
import { startRecordingReceiver, type RecordedRequest, type RecordingReceiver } from '../universal-logout/recording-receiver.ts';
import { controlPlaneFetch } from '../../../fixtures/control-plane-client.ts';

const SCIM_TOKEN = 'scim-bearer-token-for-tests-0123456789';

/** A SCIM server good enough for Okta's client: users by id, lookup by userName, 201 on create. */
function scimServer(receiver: RecordingReceiver, preexisting: Record<string, Record<string, unknown>> = {}) {
  const users = new Map<string, Record<string, unknown>>(Object.entries(preexisting));
  let next = 1;
  receiver.respond((request: RecordedRequest) => {
    if (request.headers.authorization !== `Bearer ${SCIM_TOKEN}`) return { status: 401, body: { status: '401' } };
    const url = new URL(request.path, receiver.origin);
    const id = decodeURIComponent(url.pathname.replace(/^\/scim\/v2\/Users\/?/, ''));
    if (request.method === 'GET' && !id) {
      const wanted = /^userName eq "(.*)"$/.exec(url.searchParams.get('filter') ?? '')?.[1];
      const found = [...users.values()].filter(u => u.userName === wanted);
      return {
        status: 200,
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
          totalResults: found.length,
          startIndex: 1,
          itemsPerPage: found.length,
          Resources: found,
        },
      };
    }
    if (request.method === 'POST') {
      const user = { ...JSON.parse(request.body), id: `scim-${next++}` };
      delete user.password;
      users.set(user.id, user);
      return { status: 201, body: user };
    }
    if (!users.has(id)) return { status: 404, body: { status: '404' } };
    if (request.method === 'GET') return { status: 200, body: users.get(id) };
    if (request.method === 'PUT') {
      users.set(id, JSON.parse(request.body));
      return { status: 200, body: users.get(id) };
    }
    return { status: 405 };
  });
  return users;
}

async function enableProvisioning(org: OktaOrg, appId: string, baseUrl: string) {
  const response = await controlPlaneFetch(org, `/apps/${appId}/provisioning`, { method: 'PUT', body: { baseUrl, bearerToken: SCIM_TOKEN } });
  expect(response.status).toBe(200);
  return response.json();
}

const calls = (receiver: RecordingReceiver, from = 0) =>
  receiver.requests
    .slice(from)
    .map(r => `${r.method} ${decodeURIComponent(new URL(r.path, receiver.origin).pathname + new URL(r.path, receiver.origin).search)}`);

test.describe('SCIM push (Okta as SCIM client)', () => {
  test('assign → lookup then POST; update → GET then full PUT; unassign → PUT active:false; assign again → PUT active:true; deactivate → PUT active:false', async ({
    oktaOrg,
  }) => {
    const receiver = await startRecordingReceiver(await ensureLocalTls());
    try {
      const server = scimServer(receiver);
      const arrange = new OrgArrangements(oktaOrg);
      const app = await arrange.createOidcApp();
      const user = await arrange.createUser({ firstName: 'Pat', lastName: 'Doe' });
      const settings = await enableProvisioning(oktaOrg, app.appId, `${receiver.origin}/scim/v2/`);
      expect(settings).toEqual({
        appId: app.appId,
        baseUrl: `${receiver.origin}/scim/v2`,
        authenticationMode: 'HTTP Header',
        bearerTokenSet: true,
        provisionedUsers: {},
      });
      expect(JSON.stringify(settings)).not.toContain(SCIM_TOKEN);
      const since = oktaOrg.events.lastSeq;

      await arrange.assign(app, user);
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver)).toEqual([`GET /scim/v2/Users?filter=userName eq "${user.login}"&startIndex=1&count=100`, 'POST /scim/v2/Users']);
      for (const request of receiver.requests) {
        expect(request.headers['user-agent']).toBe('Okta SCIM Client 1.0.0');
        expect(request.headers.authorization).toBe(`Bearer ${SCIM_TOKEN}`);
      }
      expect(receiver.requests[0].path).toContain('filter=userName%20eq%20%22');
      const created = JSON.parse(receiver.requests[1].body);
      expect(receiver.requests[1].headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(created).toEqual({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: user.login,
        name: { givenName: 'Pat', familyName: 'Doe' },
        emails: [{ primary: true, value: user.login, type: 'work' }],
        displayName: 'Pat Doe',
        locale: 'en-US',
        externalId: user.id,
        groups: [],
        password: expect.stringMatching(/^[a-z0-9]{8}$/),
        active: true,
      });
      expect(created.password).not.toBe(user.password);

      // A profile change: GET the user, then PUT the whole object (no password).
      let from = receiver.requests.length;
      await arrange.client.userApi.updateUser({ userId: user.id, user: { profile: { firstName: 'Patricia' } } });
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver, from)).toEqual(['GET /scim/v2/Users/scim-1', 'PUT /scim/v2/Users/scim-1']);
      const replaced = JSON.parse(receiver.requests.at(-1)!.body);
      expect(replaced).toMatchObject({
        id: 'scim-1',
        name: { givenName: 'Patricia', familyName: 'Doe' },
        displayName: 'Patricia Doe',
        externalId: user.id,
        active: true,
      });
      expect(replaced).not.toHaveProperty('password');

      // Unassigned: deactivated with a PUT, never deleted.
      from = receiver.requests.length;
      await arrange.client.applicationApi.unassignUserFromApplication({ appId: app.appId, userId: user.id });
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver, from)).toEqual(['GET /scim/v2/Users/scim-1', 'PUT /scim/v2/Users/scim-1']);
      expect(server.get('scim-1')).toMatchObject({ active: false });

      // Assigned again: the known SCIM user is switched back on.
      from = receiver.requests.length;
      await arrange.assign(app, user);
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver, from)).toEqual(['GET /scim/v2/Users/scim-1', 'PUT /scim/v2/Users/scim-1']);
      expect(server.get('scim-1')).toMatchObject({ active: true });

      // The Okta user is deactivated: PUT active:false.
      from = receiver.requests.length;
      await arrange.client.userApi.deactivateUser({ userId: user.id });
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver, from)).toEqual(['GET /scim/v2/Users/scim-1', 'PUT /scim/v2/Users/scim-1']);
      expect(server.get('scim-1')).toMatchObject({ active: false });

      expect(receiver.requests.map(r => r.method)).not.toContain('DELETE');
      expect(oktaOrg.events.list({ since, type: 'okta.provisioning' }).map(e => e.action)).toEqual([
        'created',
        'updated',
        'deactivated',
        'reactivated',
        'deactivated',
      ]);
      const pushes = oktaOrg.events.list({ since, type: 'okta.scim_push' });
      expect(pushes).toHaveLength(receiver.requests.length);
      expect(pushes[0]).toMatchObject({ appId: app.appId, userId: user.id, operation: 'lookup', method: 'GET', status: 200, outcome: 'success' });
      expect(JSON.stringify(oktaOrg.events.list({ since }))).not.toContain(SCIM_TOKEN);
      expect((await (await controlPlaneFetch(oktaOrg, `/apps/${app.appId}/provisioning`)).json()).provisionedUsers).toEqual({ [user.id]: 'scim-1' });
    } finally {
      await receiver.close();
    }
  });

  test('a user the SCIM server already has (same userName) is linked and updated, not created again', async ({ oktaOrg }) => {
    const receiver = await startRecordingReceiver(await ensureLocalTls());
    try {
      const arrange = new OrgArrangements(oktaOrg);
      const app = await arrange.createOidcApp();
      const user = await arrange.createUser();
      scimServer(receiver, { existing: { id: 'existing', userName: user.login, active: false } });
      await enableProvisioning(oktaOrg, app.appId, `${receiver.origin}/scim/v2`);
      await arrange.assign(app, user);
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver)).toEqual([
        `GET /scim/v2/Users?filter=userName eq "${user.login}"&startIndex=1&count=100`,
        'GET /scim/v2/Users/existing',
        'PUT /scim/v2/Users/existing',
      ]);
      expect(JSON.parse(receiver.requests[2].body)).toMatchObject({ id: 'existing', externalId: user.id, active: true });
    } finally {
      await receiver.close();
    }
  });

  test('a refused push is recorded as a failure of that push; apps without provisioning get nothing', async ({ oktaOrg }) => {
    const receiver = await startRecordingReceiver(await ensureLocalTls());
    try {
      receiver.respond(request =>
        request.method === 'GET'
          ? {
              status: 200,
              body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] },
            }
          : {
              status: 409,
              body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'User already exists' },
            },
      );
      const arrange = new OrgArrangements(oktaOrg);
      const app = await arrange.createOidcApp();
      const plain = await arrange.createOidcApp();
      const user = await arrange.createUser();
      await enableProvisioning(oktaOrg, app.appId, `${receiver.origin}/scim/v2`);
      const since = oktaOrg.events.lastSeq;
      await arrange.assign(plain, user);
      await arrange.assign(app, user);
      await oktaOrg.userLifecycle.settled();
      expect(calls(receiver)).toEqual([`GET /scim/v2/Users?filter=userName eq "${user.login}"&startIndex=1&count=100`, 'POST /scim/v2/Users']);
      expect(oktaOrg.events.list({ since, type: 'okta.provisioning' })).toEqual([
        expect.objectContaining({
          appId: app.appId,
          userId: user.id,
          change: 'assign',
          outcome: 'failure',
          status: 409,
          error: 'create: the SCIM server answered HTTP 409',
        }),
      ]);
      expect(oktaOrg.events.list({ since, type: 'okta.scim_push' }).at(-1)).toMatchObject({
        operation: 'create',
        status: 409,
        outcome: 'failure',
        detail: 'User already exists',
      });
    } finally {
      await receiver.close();
    }
  });

  test('provisioning settings: validated, shown without the token, removable', async ({ oktaOrg }) => {
    const arrange = new OrgArrangements(oktaOrg);
    const app = await arrange.createOidcApp();
    const put = (body: unknown) => controlPlaneFetch(oktaOrg, `/apps/${app.appId}/provisioning`, { method: 'PUT', body });
    expect((await put({ baseUrl: 'ftp://example.test/scim', bearerToken: 'x-token-value' })).status).toBe(400);
    expect((await put({ baseUrl: 'https://example.test/scim?x=1', bearerToken: 'x-token-value' })).status).toBe(400);
    const missingToken = await put({ baseUrl: 'https://example.test/scim' });
    expect(missingToken.status).toBe(400);
    expect((await missingToken.json()).error_description).toContain('bearerToken');
    expect((await put({ baseUrl: 'https://example.test/scim', bearerToken: 'x-token-value' })).status).toBe(200);
    expect((await controlPlaneFetch(oktaOrg, `/apps/${app.appId}/provisioning`, { method: 'DELETE' })).status).toBe(204);
    expect((await controlPlaneFetch(oktaOrg, `/apps/${app.appId}/provisioning`)).status).toBe(404);
  });
});
