// Inbound SCIM driven directly by a SCIM client (as Postman or an IdP would): create, lookup by
// filter, read, replace, patch, deactivate (with its revocation effects), delete, groups; token
// scopes and token validity; the SCIM-created user and the later SSO login are one Auth0 user.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import {
  authorizationRequest,
  callbackParams,
  expect,
  loginWithCode,
  OFFLINE,
  signInThroughOkta,
  startBackchannelReceiver,
  test,
} from '../../../fixtures/auth0/federation.ts';
import { managementFailure } from '../../../fixtures/auth0/management-sdk.ts';
import { enableScim, filterPath, newScimToken, oktaStyleUser, scim, userPath } from '../../../fixtures/auth0/scim.ts';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

test.describe('Inbound SCIM: Users', () => {
  test('enterprise attributes map through the default mapping as the tenant writes it (…:User.employeeNumber)', async ({ federate }) => {
    const federation = await federate();
    const endpoint = await enableScim(federation.management, federation);
    const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
    const created = await scim(
      endpoint,
      'POST',
      '/Users',
      oktaStyleUser(federation, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
        name: { givenName: 'Pat', familyName: 'Doe', middleName: 'Q' },
        [ENTERPRISE]: { employeeNumber: '4711', department: 'Research' },
      }),
    );
    expect(created.status).toBe(201);
    const user = await federation.management.users.get(federation.auth0UserId);
    expect(user.app_metadata).toMatchObject({ employee_id: '4711', department: 'Research', middle_name: 'Q' });
    expect((created.body as Record<string, unknown>)[ENTERPRISE]).toEqual({ employeeNumber: '4711', department: 'Research' });
  });

  test('create → lookup by filter → read → replace → patch → delete, with SCIM bodies and Auth0 users to match', async ({ federate }) => {
    const federation = await federate();
    const { management } = federation;
    const endpoint = await enableScim(management, federation);
    const userId = federation.auth0UserId;

    // Okta's lookup before a create: nothing yet, integer counts.
    const empty = await scim(endpoint, 'GET', filterPath(`userName eq "${federation.user.login}"`));
    expect(empty.status).toBe(200);
    expect(empty.contentType).toMatch(/^application\/scim\+json/);
    expect(empty.body).toEqual({ schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    const created = await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation, { title: 'Engineer' }));
    expect(created.status).toBe(201);
    expect(created.location).toBe(`${endpoint.baseUrl}/Users/${encodeURIComponent(userId)}`);
    expect(created.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      id: userId,
      userName: federation.user.login,
      emails: [{ primary: true, value: federation.user.login }],
      active: true,
      displayName: 'Pat Doe',
      name: { givenName: 'Pat', familyName: 'Doe' },
      externalId: federation.user.id,
      title: 'Engineer',
      locale: 'en-US',
      meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String), location: created.location },
    });
    // The password Okta always sends is not usable for an enterprise connection: it is not kept.
    expect(JSON.stringify(federation.emulators.auth0.store.users.get(userId))).not.toContain('p1aceh0lder');

    const user = await management.users.get(userId);
    expect(user).toMatchObject({
      user_id: userId,
      email: federation.user.login,
      preferred_username: federation.user.login,
      name: 'Pat Doe',
      given_name: 'Pat',
      family_name: 'Doe',
      app_metadata: { external_id: federation.user.id, title: 'Engineer', locale: 'en-US' },
      identities: [
        { provider: 'okta', connection: federation.connection.name, user_id: `${federation.connection.name}|${federation.user.id}`, isSocial: false },
      ],
    });
    expect(user.blocked).toBe(false);

    // Duplicates: the same externalId, or the same userName (case-insensitive) under another one.
    const again = await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ schemas: [ERROR], status: '409', scimType: 'uniqueness', detail: expect.any(String) });
    const sameName = await scim(
      endpoint,
      'POST',
      '/Users',
      oktaStyleUser(federation, { externalId: '00uOTHER000000000000', userName: federation.user.login.toUpperCase() }),
    );
    expect(sameName.status).toBe(409);

    // Lookup by filter: eq is case-insensitive for userName; and / or / parentheses.
    for (const filter of [
      `userName eq "${federation.user.login.toUpperCase()}"`,
      `userName eq "${federation.user.login}" and active eq true`,
      `userName eq "nobody@example.test" or externalId eq "${federation.user.id}"`,
      `(emails.value eq "${federation.user.login}") and name.familyName eq "doe"`,
      `emails[primary eq true].value eq "${federation.user.login}"`,
    ]) {
      const found = await scim(endpoint, 'GET', filterPath(filter));
      expect(found.body, filter).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [{ id: userId }] });
    }
    const none = await scim(endpoint, 'GET', filterPath(`userName eq "${federation.user.login}" and active eq false`));
    expect(none.body.totalResults).toBe(0);
    const unsupported = await scim(endpoint, 'GET', filterPath(`userName co "pat"`));
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    const broken = await scim(endpoint, 'GET', filterPath(`userName eq`));
    expect(broken.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });

    // Read by id: the Auth0 user_id, with its | percent-encoded.
    const read = await scim(endpoint, 'GET', userPath(userId));
    expect(read.body).toEqual(created.body);
    expect((await scim(endpoint, 'GET', userPath('okta|nope|00u0000000000000000'))).status).toBe(404);

    // PUT replaces the mapped attributes: what the body leaves out is removed.
    const replaced = await scim(
      endpoint,
      'PUT',
      userPath(userId),
      oktaStyleUser(federation, { name: { givenName: 'Patricia', familyName: 'Doe' }, displayName: 'Patricia Doe' }),
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: { givenName: 'Patricia', familyName: 'Doe' }, displayName: 'Patricia Doe', active: true });
    expect(replaced.body).not.toHaveProperty('title');
    const afterPut = await management.users.get(userId);
    expect(afterPut).toMatchObject({ given_name: 'Patricia', name: 'Patricia Doe' });
    expect(afterPut.app_metadata).toEqual({ external_id: federation.user.id, locale: 'en-US' });
    // The id source cannot change.
    const moved = await scim(endpoint, 'PUT', userPath(userId), oktaStyleUser(federation, { externalId: '00uELSEWHERE00000000' }));
    expect(moved.body).toMatchObject({ status: '400', scimType: 'mutability' });

    // PATCH: Entra-style path operations and Okta-style value objects.
    const patched = await scim(endpoint, 'PATCH', userPath(userId), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'Replace', path: 'name.familyName', value: 'Doe-Smith' },
        { op: 'add', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'R&D' },
        { op: 'replace', value: { displayName: 'Patricia Doe-Smith', 'emails[primary eq true].value': 'patricia@example.test' } },
        { op: 'remove', path: 'locale' },
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
      name: { givenName: 'Patricia', familyName: 'Doe-Smith' },
      displayName: 'Patricia Doe-Smith',
      emails: [{ primary: true, value: 'patricia@example.test' }],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' },
    });
    expect(patched.body).not.toHaveProperty('locale');
    expect(await management.users.get(userId)).toMatchObject({ family_name: 'Doe-Smith', email: 'patricia@example.test', app_metadata: { department: 'R&D' } });
    const badPatch = await scim(endpoint, 'PATCH', userPath(userId), { Operations: [{ op: 'replace', value: { active: false } }] });
    expect(badPatch.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    const idPatch = await scim(endpoint, 'PATCH', userPath(userId), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'id', value: 'x' }],
    });
    expect(idPatch.body).toMatchObject({ status: '400', scimType: 'mutability' });

    const removed = await scim(endpoint, 'DELETE', userPath(userId));
    expect(removed.status).toBe(204);
    expect((await managementFailure(management.users.get(userId))).statusCode).toBe(404);
    expect((await scim(endpoint, 'GET', userPath(userId))).status).toBe(404);

    // One auth0.scim event per request, with the SCIM client's User-Agent and no token.
    const events = federation.emulators.auth0.events.list({ type: 'auth0.scim' });
    expect(events.filter(e => e.connection_id === federation.connection.id).map(e => e.operation)).toEqual(
      expect.arrayContaining(['search', 'create', 'read', 'replace', 'patch', 'delete']),
    );
    expect(JSON.stringify(events)).not.toContain(endpoint.token);
  });

  test('a SCIM-provisioned user is the user the first SSO login lands on: found and updated, not duplicated', async ({ federate }) => {
    const federation = await federate({ connectionOptions: { set_user_root_attributes: 'on_first_login' } });
    const endpoint = await enableScim(federation.management, federation);
    const created = await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation, { title: 'Engineer' }));
    expect(created.body.id).toBe(federation.auth0UserId);

    const { tokens } = await loginWithCode(federation);
    expect(tokens.claims()!.sub).toBe(federation.auth0UserId);
    const users = await federation.management.users.list({ q: `identities.connection:"${federation.connection.name}"`, search_engine: 'v3' });
    expect(users.data.map(u => u.user_id)).toEqual([federation.auth0UserId]);
    const user = users.data[0];
    expect(user).toMatchObject({
      logins_count: 1,
      created_at: created.body.meta.created,
      app_metadata: { external_id: federation.user.id, title: 'Engineer' },
    });
    expect(user.identities).toHaveLength(1);
    expect(user.last_login).toEqual(expect.any(String));
  });

  test('deactivation (active:false) blocks the user, ends sessions with back-channel logout, revokes refresh tokens; the next login fails', async ({
    federate,
    emulators,
  }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const endpoint = await enableScim(federation.management, federation, { scopes: ['get:users', 'post:users', 'put:users'] });
      await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation));
      const { rp, tokens, browser } = await loginWithCode(federation, { params: OFFLINE });
      const sid = tokens.claims()!.sid as string;
      const since = emulators.auth0.events.lastSeq;

      // Okta deactivates with a full PUT, active:false.
      const put = await scim(endpoint, 'PUT', userPath(federation.auth0UserId), oktaStyleUser(federation, { active: false }));
      expect(put.status).toBe(200);
      expect(put.body.active).toBe(false);
      expect((await federation.management.users.get(federation.auth0UserId)).blocked).toBe(true);

      const { payload } = await jwtVerify(await receiver.next(), createRemoteJWKSet(new URL(`${emulators.auth0.origin}/.well-known/jwks.json`)), {
        issuer: emulators.auth0.issuer,
        audience: federation.application.clientId,
      });
      expect(payload).toMatchObject({ sub: federation.auth0UserId, sid });
      expect(emulators.auth0.events.list({ since, type: 'auth0.scim.user_deactivated' })).toEqual([
        expect.objectContaining({ user_id: federation.auth0UserId, sessions_ended: 1, refresh_tokens_revoked: 1 }),
      ]);
      await expect.poll(() => emulators.auth0.events.list({ since, type: 'auth0.backchannel_logout' }).map(e => e.initiator)).toEqual(['account-deactivated']);
      await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ status: 403, error: 'invalid_grant' });

      // The Auth0 session is gone; the Okta session is not, so the next login comes straight back — refused.
      const request = await authorizationRequest(rp);
      const page = await signInThroughOkta(browser, request.url, federation);
      expect(Object.fromEntries(callbackParams(page))).toMatchObject({ error: 'unauthorized', error_description: 'user is blocked', state: request.state });

      // A second deactivation changes nothing more; reactivation lets the user in again.
      await scim(endpoint, 'PUT', userPath(federation.auth0UserId), oktaStyleUser(federation, { active: false }));
      expect(emulators.auth0.events.list({ since, type: 'auth0.scim.user_deactivated' })).toHaveLength(1);
      const reactivated = await scim(endpoint, 'PUT', userPath(federation.auth0UserId), oktaStyleUser(federation, { active: true }));
      expect(reactivated.body.active).toBe(true);
      expect((await federation.management.users.get(federation.auth0UserId)).blocked).toBe(false);
      const again = await loginWithCode(federation, { browser: new HttpBrowser() });
      expect(again.tokens.claims()!.sub).toBe(federation.auth0UserId);
    } finally {
      await receiver.close();
    }
  });

  test('PATCH deactivation (OIN style) has the same effects', async ({ federate }) => {
    const federation = await federate();
    const endpoint = await enableScim(federation.management, federation);
    await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation));
    const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    const patched = await scim(endpoint, 'PATCH', userPath(federation.auth0UserId), {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.active).toBe(false);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ status: 403 });
    const browser = new HttpBrowser();
    const page = await signInThroughOkta(browser, (await authorizationRequest(rp)).url, federation);
    expect(callbackParams(page).get('error_description')).toBe('user is blocked');
  });

  test('token checks: scopes per operation, the connection of the token, deleted and expired tokens', async ({ federate, emulators }) => {
    const federation = await federate();
    const { management } = federation;
    const full = await enableScim(management, federation);
    const readOnly = { baseUrl: full.baseUrl, ...(await newScimToken(management, federation.connection.id, { scopes: ['get:users'] })) };

    const refused = await scim(readOnly, 'POST', '/Users', oktaStyleUser(federation));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ schemas: [ERROR], status: '403', detail: 'Insufficient scope, expected: post:users' });
    expect((await scim(readOnly, 'GET', '/Users')).status).toBe(200);
    await scim(full, 'POST', '/Users', oktaStyleUser(federation));
    for (const [method, body, scope] of [
      ['PUT', oktaStyleUser(federation), 'put:users'],
      ['PATCH', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }, 'patch:users'],
      ['DELETE', undefined, 'delete:users'],
    ] as const) {
      const answer = await scim(readOnly, method, userPath(federation.auth0UserId), body);
      expect(answer.body, method).toMatchObject({ status: '403', detail: `Insufficient scope, expected: ${scope}` });
    }
    expect((await scim(readOnly, 'GET', '/Groups')).body).toMatchObject({ status: '403', detail: 'Insufficient scope, expected: get:groups' });
    expect((await federation.management.users.get(federation.auth0UserId)).blocked).toBe(false);

    // A token is good for its own connection only.
    const other = await federate();
    await enableScim(other.management, other);
    const crossed = await scim({ baseUrl: `${emulators.auth0.origin}/scim/v2/connections/${other.connection.id}`, token: full.token }, 'GET', '/Users');
    expect(crossed.status).toBe(401);
    expect(crossed.body).toEqual({ schemas: [ERROR], status: '401', detail: 'Invalid or expired token' });
    expect((await scim({ baseUrl: full.baseUrl, token: 'not-a-token' }, 'GET', '/Users')).status).toBe(401);
    const noHeader = await fetch(`${full.baseUrl}/Users`);
    expect(noHeader.status).toBe(401);

    // Expired, then deleted.
    emulators.auth0.store.scimTokens.get(readOnly.tokenId)!.valid_until = new Date(Date.now() - 1000).toISOString();
    expect((await scim(readOnly, 'GET', '/Users')).status).toBe(401);
    await management.connections.scimConfiguration.tokens.delete(federation.connection.id, full.tokenId);
    expect((await scim(full, 'GET', '/Users')).status).toBe(401);

    // Without a SCIM configuration the endpoint does not exist.
    const unknown = await scim({ baseUrl: `${emulators.auth0.origin}/scim/v2/connections/con_0000000000000000`, token: readOnly.token }, 'GET', '/Users');
    expect(unknown.status).toBe(404);
  });

  test('the user id follows user_id_attribute', async ({ federate }) => {
    const federation = await federate();
    await federation.management.connections.scimConfiguration.create(federation.connection.id, { user_id_attribute: 'userName' });
    const endpoint = {
      baseUrl: `${federation.emulators.auth0.origin}/scim/v2/connections/${federation.connection.id}`,
      ...(await newScimToken(federation.management, federation.connection.id, {})),
    };
    const created = await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation));
    expect(created.body.id).toBe(`okta|${federation.connection.name}|${federation.user.login}`);
    const missing = await scim(endpoint, 'POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], externalId: '00uX' });
    expect(missing.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });
});

test.describe('Inbound SCIM: Groups', () => {
  test('create with members, search by displayName, patch members, replace, delete; members must be users of the connection', async ({ federate }) => {
    const federation = await federate();
    const endpoint = await enableScim(federation.management, federation);
    await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation));
    const second = (
      await scim(endpoint, 'POST', '/Users', oktaStyleUser(federation, { externalId: '00uSECOND00000000000', userName: 'sam@example.test', emails: [] }))
    ).body.id as string;

    const created = await scim(endpoint, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Engineering',
      members: [{ value: federation.auth0UserId }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: expect.stringMatching(/^grp_/),
      displayName: 'Engineering',
      members: [{ value: federation.auth0UserId, display: federation.user.login }],
      meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String), location: created.location },
    });
    const groupPath = `/Groups/${created.body.id}`;
    expect((await scim(endpoint, 'POST', '/Groups', { displayName: 'engineering' })).body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await scim(endpoint, 'POST', '/Groups', { displayName: 'Outsiders', members: [{ value: 'okta|elsewhere|00u1' }] })).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });

    const found = await scim(endpoint, 'GET', `/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}&excludedAttributes=members`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: created.body.id, displayName: 'Engineering' }] });
    expect(found.body.Resources[0]).not.toHaveProperty('members');

    const added = await scim(endpoint, 'PATCH', groupPath, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'add', path: 'members', value: [{ value: second }] }],
    });
    expect(added.body.members.map((m: { value: string }) => m.value)).toEqual([federation.auth0UserId, second]);
    const removedMember = await scim(endpoint, 'PATCH', groupPath, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'remove', path: `members[value eq "${federation.auth0UserId}"]` }],
    });
    expect(removedMember.body.members).toEqual([{ value: second }]);

    const replaced = await scim(endpoint, 'PUT', groupPath, { displayName: 'Platform', members: [] });
    expect(replaced.body).toMatchObject({ displayName: 'Platform', members: [] });
    expect((await scim(endpoint, 'DELETE', groupPath)).status).toBe(204);
    expect((await scim(endpoint, 'GET', groupPath)).status).toBe(404);
  });
});
