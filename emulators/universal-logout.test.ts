// Okta Universal Logout end to end, over HTTP only, across the emulator pair: a user signs in to a
// relying party (openid-client) through Auth0's okta connection, with a refresh token and a
// back-channel logout URL; the Okta admin clears the user's sessions "including logout enabled
// apps" (control plane); Okta sends a signed Global Token Revocation request to Auth0's endpoint for
// the connection; Auth0 ends the user's sessions — the relying party's listener receives a logout
// token it verifies against Auth0's JWKS — and revokes the refresh token; the access token still
// works at /userinfo (documented: access tokens are not revoked); and the next login asks Okta for
// the password again.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { BACKCHANNEL_LOGOUT_EVENT } from './auth0/authentication/backchannel-logout.ts';
import {
  atRelyingParty,
  authorizationRequest,
  callbackParams,
  completeOktaSignIn,
  expect,
  hasAuth0Session,
  loginWithCode,
  OFFLINE,
  startBackchannelReceiver,
  test,
  type Federation,
} from '../fixtures/auth0/federation.ts';
import { revocationEndpoint } from '../fixtures/auth0/revocation.ts';
import { hostedSignInFirstStep } from '../fixtures/okta-hosted-sign-in.ts';
import { controlPlaneFetch } from '../fixtures/control-plane-client.ts';

async function oktaControlPlane(federation: Federation, method: string, path: string, body?: unknown) {
  const response = await controlPlaneFetch(federation.emulators.okta, path, { method, body });
  return { status: response.status, body: await response.json() };
}

/** The Okta app's Logout settings pointing at Auth0's revocation endpoint for the connection. */
async function enableUniversalLogout(federation: Federation, settings: Record<string, unknown> = { subjectFormat: 'iss_sub' }) {
  const endpoint = revocationEndpoint(federation);
  const configured = await oktaControlPlane(federation, 'PUT', `/apps/${federation.oktaApp.id}/universal-logout`, { endpoint, ...settings });
  expect(configured.status).toBe(200);
  return endpoint;
}

test.describe('Universal Logout across the emulator pair', () => {
  test('clear sessions incl. logout-enabled apps → GTR → Auth0 ends sessions (back-channel logout), revokes the refresh token, keeps the access token; next login asks Okta for the password', async ({
    federate,
    emulators,
  }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const endpoint = await enableUniversalLogout(federation);
      const { browser, rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
      const sid = tokens.claims()!.sid as string;
      expect(tokens.refresh_token).toBeTruthy();

      const oktaSince = emulators.okta.events.lastSeq;
      const auth0Since = emulators.auth0.events.lastSeq;
      const started = performance.now();

      // The admin console's "Clear User Sessions" + "Also include logout enabled apps and Okta API tokens".
      const cleared = await oktaControlPlane(federation, 'POST', `/users/${federation.user.id}/clear-sessions`, { includeLogoutEnabledApps: true });
      const gtrMs = Math.round(performance.now() - started);
      expect(cleared).toEqual({
        status: 200,
        body: {
          userId: federation.user.id,
          oktaSessionsEnded: 1,
          universalLogout: [
            {
              appId: federation.oktaApp.id,
              label: expect.any(String),
              endpoint,
              subjectFormat: 'iss_sub',
              subjectMember: 'sub_id',
              status: 204,
              outcome: 'success',
            },
          ],
        },
      });

      // The relying party's back-channel listener gets a logout token for that session and user,
      // valid against Auth0's JWKS.
      const logoutToken = await receiver.next();
      const deliveredMs = Math.round(performance.now() - started);
      const { payload, protectedHeader } = await jwtVerify(logoutToken, createRemoteJWKSet(new URL(`${emulators.auth0.origin}/.well-known/jwks.json`)), {
        issuer: emulators.auth0.issuer,
        audience: federation.application.clientId,
        algorithms: ['RS256'],
      });
      expect(protectedHeader).toMatchObject({ typ: 'JWT', kid: emulators.auth0.signingKey.kid });
      expect(payload).toMatchObject({ sub: federation.auth0UserId, sid, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });
      expect(receiver.received).toHaveLength(1);
      test.info().annotations.push({
        type: 'measurement',
        description: `clear-sessions → GTR answered: ${gtrMs} ms; → back-channel logout received: ${deliveredMs} ms`,
      });

      // The refresh token is revoked; the access token is not (Auth0 documents it so).
      await expect(client.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ status: 403, error: 'invalid_grant' });
      const userinfo = await client.fetchUserInfo(rp, tokens.access_token, federation.auth0UserId);
      expect(userinfo.sub).toBe(federation.auth0UserId);

      // Both ends recorded the hop.
      expect(emulators.okta.events.list({ since: oktaSince, type: 'okta.universal_logout' })).toEqual([
        expect.objectContaining({ appId: federation.oktaApp.id, endpoint, status: 204, outcome: 'success' }),
      ]);
      expect(emulators.auth0.events.list({ since: auth0Since, type: 'auth0.global_token_revocation' })).toEqual([
        expect.objectContaining({
          connection: federation.connection.name,
          outcome: 'success',
          user_id: federation.auth0UserId,
          sessions_ended: 1,
          refresh_tokens_revoked: 1,
        }),
      ]);

      // The next login in the same browser: Universal Login, then Okta asks for the password again.
      expect(await hasAuth0Session(browser, rp)).toBe(false);
      const request = await authorizationRequest(rp);
      let page = await browser.navigate(request.url, { stopBefore: atRelyingParty });
      page = await browser.submit(page.form({ index: 0 }), { username: federation.user.login }, { stopBefore: atRelyingParty, submitter: 'default' });
      expect(page.stopped).toBe(false);
      expect(new URL(page.url).origin).toBe(emulators.okta.origin);
      expect((await hostedSignInFirstStep(page)).step, 'Okta’s sign-in page, at its username step').toBe('identify');
      const done = await completeOktaSignIn(browser, page, federation);
      expect(callbackParams(done).get('code')).toBeTruthy();
    } finally {
      await receiver.close();
    }
  });

  test('DELETE /api/v1/users/{id}/sessions alone is not Universal Logout: Okta’s session ends, Auth0 hears nothing', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      await enableUniversalLogout(federation);
      const { browser, rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
      const oktaSince = emulators.okta.events.lastSeq;
      const deleted = await fetch(`${emulators.okta.origin}/api/v1/users/${federation.user.id}/sessions`, {
        method: 'DELETE',
        headers: { authorization: `SSWS ${emulators.okta.apiToken}` },
      });
      expect(deleted.status).toBe(204);
      expect(emulators.okta.events.list({ since: oktaSince, type: 'okta.sessions.ended' })).toEqual([
        expect.objectContaining({ userId: federation.user.id, sessions: 1 }),
      ]);
      expect(emulators.okta.events.list({ since: oktaSince, type: 'okta.universal_logout' })).toEqual([]);
      expect(emulators.auth0.events.list({ type: 'auth0.global_token_revocation' }).filter(e => e.connection === federation.connection.name)).toEqual([]);
      expect(await hasAuth0Session(browser, rp)).toBe(true);
      expect((await client.refreshTokenGrant(rp, tokens.refresh_token!)).access_token).toBeTruthy();
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  test('Okta’s default Email subject format is refused by Auth0 (iss_sub only): 400, nothing revoked', async ({ federate, emulators }) => {
    const federation = await federate();
    await enableUniversalLogout(federation, {});
    const { browser, rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    const cleared = await oktaControlPlane(federation, 'POST', `/users/${federation.user.id}/clear-sessions`, { includeLogoutEnabledApps: true });
    expect(cleared.body.universalLogout).toEqual([expect.objectContaining({ subjectFormat: 'email', status: 400, outcome: 'failure' })]);
    expect(await hasAuth0Session(browser, rp)).toBe(true);
    expect((await client.refreshTokenGrant(rp, tokens.refresh_token!)).access_token).toBeTruthy();
    expect(
      emulators.auth0.events
        .list({ type: 'auth0.global_token_revocation' })
        .filter(e => e.connection === federation.connection.name)
        .at(-1),
    ).toMatchObject({
      outcome: 'failure',
      reason: 'unsupported_format',
    });
  });

  test('the older "subject" body member works as well', async ({ federate }) => {
    const federation = await federate();
    await enableUniversalLogout(federation, { subjectFormat: 'iss_sub', subjectMember: 'subject' });
    const { browser, rp } = await loginWithCode(federation);
    const cleared = await oktaControlPlane(federation, 'POST', `/users/${federation.user.login}/clear-sessions`, { includeLogoutEnabledApps: true });
    expect(cleared.body.universalLogout).toEqual([expect.objectContaining({ subjectMember: 'subject', status: 204, outcome: 'success' })]);
    expect(await hasAuth0Session(browser, rp)).toBe(false);
  });
});
