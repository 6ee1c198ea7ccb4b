// POST /api/v2/users/{id}/revoke-access through the official SDK (users.revokeAccess): every
// session of the user ends (back-channel logout, initiator session-revoked) and the refresh
// tokens are revoked unless preserve_refresh_tokens; access tokens keep working.
import * as client from 'openid-client';
import { expect, loginWithCode, OFFLINE, startBackchannelReceiver, test } from '../../../fixtures/auth0/federation.ts';
import { managementClient, managementFailure } from '../../../fixtures/auth0/management-sdk.ts';
import { clientId as newClientId, clientSecret as newClientSecret } from '../store.ts';

test.describe('Management API: users.revokeAccess', () => {
  test('ends every session (back-channel logout) and revokes refresh tokens; 202; the access token still works', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const one = await loginWithCode(federation, { params: OFFLINE });
      const two = await loginWithCode(federation, { params: OFFLINE });
      const since = emulators.auth0.events.lastSeq;

      const { rawResponse } = await federation.management.users.revokeAccess(federation.auth0UserId).withRawResponse();
      expect(rawResponse.status).toBe(202);

      const sids = [one, two].map(login => login.tokens.claims()!.sid);
      await expect
        .poll(() =>
          emulators.auth0.events
            .list({ since, type: 'auth0.backchannel_logout' })
            .map(e => e.sid)
            .sort(),
        )
        .toEqual([...sids].sort());
      expect(new Set(emulators.auth0.events.list({ since, type: 'auth0.backchannel_logout' }).map(e => e.initiator))).toEqual(new Set(['session-revoked']));
      expect(receiver.received).toHaveLength(2);
      for (const login of [one, two]) {
        await expect(client.refreshTokenGrant(login.rp, login.tokens.refresh_token!)).rejects.toMatchObject({ status: 403, error: 'invalid_grant' });
        expect((await client.fetchUserInfo(login.rp, login.tokens.access_token, federation.auth0UserId)).sub).toBe(federation.auth0UserId);
      }
    } finally {
      await receiver.close();
    }
  });

  test('session_id revokes that session and its refresh tokens only', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const one = await loginWithCode(federation, { params: OFFLINE });
      const two = await loginWithCode(federation, { params: OFFLINE });
      const sid = String(one.tokens.claims()!.sid);
      const since = emulators.auth0.events.lastSeq;
      const { rawResponse } = await federation.management.users.revokeAccess(federation.auth0UserId, { session_id: sid }).withRawResponse();
      expect(rawResponse.status).toBe(202);
      await expect.poll(() => emulators.auth0.events.list({ since, type: 'auth0.backchannel_logout' }).map(e => e.sid)).toEqual([sid]);
      await expect(client.refreshTokenGrant(one.rp, one.tokens.refresh_token!)).rejects.toMatchObject({ status: 403 });
      expect((await client.refreshTokenGrant(two.rp, two.tokens.refresh_token!)).access_token).toBeTruthy();
      // A session the user does not have: accepted, nothing happens.
      await federation.management.users.revokeAccess(federation.auth0UserId, { session_id: sid });
      expect((await client.refreshTokenGrant(two.rp, two.tokens.refresh_token!)).access_token).toBeTruthy();
    } finally {
      await receiver.close();
    }
  });

  test('preserve_refresh_tokens keeps the refresh tokens; unknown user 404; bad body 400; scope delete:sessions', async ({ federate, emulators }) => {
    const federation = await federate();
    const login = await loginWithCode(federation, { params: OFFLINE });
    await federation.management.users.revokeAccess(federation.auth0UserId, { preserve_refresh_tokens: true });
    expect((await client.refreshTokenGrant(login.rp, login.tokens.refresh_token!)).access_token).toBeTruthy();
    const missing = await managementFailure(federation.management.users.revokeAccess(`okta|${federation.connection.name}|00uNOBODY00000000000`));
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
    const bad = await managementFailure(federation.management.users.revokeAccess(federation.auth0UserId, { preserve_refresh_tokens: 'yes' } as never));
    expect(bad.statusCode).toBe(400);

    const credentials = { clientId: newClientId(), clientSecret: newClientSecret() };
    emulators.auth0.store.clients.set(credentials.clientId, {
      wire: {
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        name: 'Read-only M2M',
        app_type: 'non_interactive',
        grant_types: ['client_credentials'],
      },
      managementScopes: ['read:users'],
    });
    const refused = await managementFailure(managementClient(emulators.auth0, credentials).users.revokeAccess(federation.auth0UserId));
    expect(refused.body).toMatchObject({ statusCode: 403, errorCode: 'insufficient_scope', message: 'Insufficient scope, expected any of: delete:sessions' });
    expect((await client.refreshTokenGrant(login.rp, login.tokens.refresh_token!)).access_token).toBeTruthy();
  });
});
