// Inbound SCIM end to end across the emulator pair, set up the way Auth0's guide for Okta Workforce
// describes it: the Okta OIDC app does single sign-on, a second Okta app does SCIM provisioning (the
// same user assigned to both), Auth0's connection has a SCIM configuration (user_id_attribute
// externalId, "sync user profile attributes at each login" off = on_first_login) and a token with
// Okta's scopes (get/post/put:users). Okta pushes over HTTPS; the tests drive Okta only through its
// official SDK and look at Auth0 only through its Management SDK and an openid-client relying party.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import {
  authorizationRequest,
  callbackParams,
  expect,
  loginWithCode,
  OFFLINE,
  signInThroughOkta,
  startBackchannelReceiver,
  test,
  type Federation,
} from '../fixtures/auth0/federation.ts';
import { webApp } from '../fixtures/okta/management-sdk.ts';
import { enableScim } from '../fixtures/auth0/scim.ts';
import { controlPlaneFetch } from '../fixtures/control-plane-client.ts';

const OKTA_SCOPES = ['get:users', 'post:users', 'put:users'];

interface Provisioning {
  scimAppId: string;
  tokenId: string;
}

/** Auth0: SCIM configuration + token; Okta: a SCIM app whose provisioning points at Auth0. */
async function connectScim(federation: Federation, scopes = OKTA_SCOPES): Promise<Provisioning> {
  const { okta } = federation.emulators;
  const endpoint = await enableScim(federation.management, federation, { scopes });
  const scimApp = await federation.okta.applicationApi.createApplication({ application: webApp(`SCIM for ${federation.connection.name}`) });
  const response = await controlPlaneFetch(okta, `/apps/${scimApp.id}/provisioning`, {
    method: 'PUT',
    body: { baseUrl: endpoint.baseUrl, bearerToken: endpoint.token },
  });
  expect(response.status).toBe(200);
  return { scimAppId: scimApp.id!, tokenId: endpoint.tokenId };
}

async function assignToScimApp(federation: Federation, provisioning: Provisioning) {
  await federation.okta.applicationApi.assignUserToApplication({ appId: provisioning.scimAppId, appUser: { id: federation.user.id } });
  await federation.emulators.okta.userLifecycle.settled();
}

test.describe('Inbound SCIM through Okta’s push', () => {
  test('assign → the user is created in Auth0 with the Okta id as externalId; the first SSO login lands on it; a profile change in Okta reaches Auth0', async ({
    federate,
    emulators,
  }) => {
    const federation = await federate({ connectionOptions: { set_user_root_attributes: 'on_first_login' } });
    const provisioning = await connectScim(federation);
    const auth0Since = emulators.auth0.events.lastSeq;
    const started = performance.now();
    await assignToScimApp(federation, provisioning);
    const pushMs = Math.round(performance.now() - started);
    test.info().annotations.push({ type: 'measurement', description: `assignment → user provisioned in Auth0 (lookup + create): ${pushMs} ms` });

    const user = await federation.management.users.get(federation.auth0UserId);
    expect(user).toMatchObject({
      user_id: federation.auth0UserId,
      email: federation.user.login,
      preferred_username: federation.user.login,
      given_name: 'Pat',
      family_name: 'Doe',
      name: 'Pat Doe',
      blocked: false,
      app_metadata: { external_id: federation.user.id, locale: 'en-US' },
      identities: [
        { provider: 'okta', connection: federation.connection.name, user_id: `${federation.connection.name}|${federation.user.id}`, isSocial: false },
      ],
    });
    expect(emulators.okta.events.list({ type: 'okta.provisioning' }).filter(e => e.appId === provisioning.scimAppId)).toEqual([
      expect.objectContaining({ change: 'assign', outcome: 'success', action: 'created', scimId: federation.auth0UserId }),
    ]);
    expect(emulators.auth0.events.list({ since: auth0Since, type: 'auth0.scim' }).map(e => [e.method, e.operation, e.status, e.user_agent])).toEqual([
      ['GET', 'search', 200, 'Okta SCIM Client 1.0.0'],
      ['POST', 'create', 201, 'Okta SCIM Client 1.0.0'],
    ]);

    // The first login through the connection finds that user: no second account.
    const { tokens } = await loginWithCode(federation);
    expect(tokens.claims()!.sub).toBe(federation.auth0UserId);
    const users = await federation.management.users.list({ q: `identities.connection:"${federation.connection.name}"`, search_engine: 'v3' });
    expect(users.data.map(u => u.user_id)).toEqual([federation.auth0UserId]);
    expect(users.data[0]).toMatchObject({ logins_count: 1, created_at: user.created_at });

    // A profile change in Okta: GET then PUT of the full user; Auth0's user follows.
    const since = emulators.auth0.events.lastSeq;
    await federation.okta.userApi.updateUser({ userId: federation.user.id, user: { profile: { lastName: 'Doe-Smith' } } });
    await emulators.okta.userLifecycle.settled();
    expect(await federation.management.users.get(federation.auth0UserId)).toMatchObject({ family_name: 'Doe-Smith', name: 'Pat Doe-Smith' });
    expect(emulators.auth0.events.list({ since, type: 'auth0.scim' }).map(e => [e.method, e.operation, e.status])).toEqual([
      ['GET', 'read', 200],
      ['PUT', 'replace', 200],
    ]);
  });

  test('unassign from the SCIM app → PUT active:false → Auth0 blocks the user, ends sessions (back-channel logout), revokes refresh tokens; the next login is refused; reassigning lets them in again', async ({
    federate,
    emulators,
  }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const testStart = emulators.auth0.events.lastSeq;
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const provisioning = await connectScim(federation);
      await assignToScimApp(federation, provisioning);
      const { browser, rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
      const sid = tokens.claims()!.sid;
      const since = emulators.auth0.events.lastSeq;

      await federation.okta.applicationApi.unassignUserFromApplication({ appId: provisioning.scimAppId, userId: federation.user.id });
      await emulators.okta.userLifecycle.settled();

      expect((await federation.management.users.get(federation.auth0UserId)).blocked).toBe(true);
      expect(emulators.auth0.events.list({ since, type: 'auth0.scim' }).map(e => [e.method, e.operation, e.blocked])).toEqual([
        ['GET', 'read', undefined],
        ['PUT', 'replace', true],
      ]);
      const { payload } = await jwtVerify(await receiver.next(), createRemoteJWKSet(new URL(`${emulators.auth0.origin}/.well-known/jwks.json`)), {
        issuer: emulators.auth0.issuer,
        audience: federation.application.clientId,
      });
      expect(payload).toMatchObject({ sub: federation.auth0UserId, sid });
      await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ status: 403, error: 'invalid_grant' });
      // Okta never deletes through SCIM.
      expect(emulators.auth0.events.list({ since: testStart, type: 'auth0.scim' }).some(e => e.method === 'DELETE')).toBe(false);

      // Still assigned to the SSO app, so Okta lets the user through; Auth0 refuses the blocked user.
      const request = await authorizationRequest(rp);
      const page = await signInThroughOkta(browser, request.url, federation);
      expect(Object.fromEntries(callbackParams(page))).toMatchObject({ error: 'unauthorized', error_description: 'user is blocked', state: request.state });

      await assignToScimApp(federation, provisioning);
      expect((await federation.management.users.get(federation.auth0UserId)).blocked).toBe(false);
      const again = await loginWithCode(federation, { browser: new HttpBrowser() });
      expect(again.tokens.claims()!.sub).toBe(federation.auth0UserId);
    } finally {
      await receiver.close();
    }
  });

  test('deactivating the Okta user pushes active:false: blocked in Auth0, refresh tokens revoked', async ({ federate, emulators }) => {
    const federation = await federate();
    const provisioning = await connectScim(federation);
    await assignToScimApp(federation, provisioning);
    const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    await federation.okta.userApi.deactivateUser({ userId: federation.user.id });
    await emulators.okta.userLifecycle.settled();
    expect((await federation.management.users.get(federation.auth0UserId)).blocked).toBe(true);
    await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ status: 403 });
    expect(
      emulators.okta.events
        .list({ type: 'okta.provisioning' })
        .filter(e => e.appId === provisioning.scimAppId)
        .map(e => e.action),
    ).toEqual(['created', 'deactivated']);
  });

  test('the token’s scopes bind Okta too: a get:users-only token cannot create, and the push fails with 403', async ({ federate, emulators }) => {
    const federation = await federate();
    const provisioning = await connectScim(federation, ['get:users']);
    await assignToScimApp(federation, provisioning);
    expect(emulators.okta.events.list({ type: 'okta.provisioning' }).filter(e => e.appId === provisioning.scimAppId)).toEqual([
      expect.objectContaining({ change: 'assign', outcome: 'failure', status: 403 }),
    ]);
    expect(emulators.auth0.store.users.has(federation.auth0UserId)).toBe(false);
  });
});
