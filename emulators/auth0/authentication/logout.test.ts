// Logout: /v2/logout and /oidc/logout (RP-initiated logout 1.0), local and federated (through
// Okta's end_session_endpoint), and OIDC back-channel logout to the applications of the ended
// session, received by a small HTTPS listener and verified against the tenant's JWKS.
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { type HttpBrowser, textContent } from '../../../fixtures/http-browser.ts';
import { BACKCHANNEL_LOGOUT_EVENT } from './backchannel-logout.ts';
import {
  atRelyingParty,
  authorizationRequest,
  expect,
  hasAuth0Session,
  loginWithCode,
  RP_LOGGED_OUT,
  startBackchannelReceiver,
  test,
  type Federation,
} from '../../../fixtures/auth0/federation.ts';

/** Whether the browser still has an Okta session: Okta answers /authorize without its sign-in page. */
async function hasOktaSession(browser: HttpBrowser, federation: Federation, rp: client.Configuration): Promise<boolean> {
  const request = await authorizationRequest(rp, { connection: federation.connection.name, prompt: 'login' });
  const page = await browser.navigate(request.url, { stopBefore: atRelyingParty });
  if (page.stopped) return true;
  expect(new URL(page.url).origin).toBe(federation.emulators.okta.origin);
  return false;
}

async function verifyLogoutToken(federation: Federation, token: string) {
  const { auth0 } = federation.emulators;
  const jwks = createRemoteJWKSet(new URL(`${auth0.origin}/.well-known/jwks.json`));
  return jwtVerify(token, jwks, { issuer: auth0.issuer, audience: federation.application.clientId, typ: 'JWT', algorithms: ['RS256'] });
}

test.describe('Logout', () => {
  test('/v2/logout ends the session, returns to an allowed returnTo and sends a verifiable back-channel logout token', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const { browser, rp, tokens } = await loginWithCode(federation);
      const sid = tokens.claims()!.sid as string;

      const page = await browser.navigate(
        `${emulators.auth0.origin}/v2/logout?client_id=${federation.application.clientId}&returnTo=${encodeURIComponent(RP_LOGGED_OUT)}`,
        { stopBefore: atRelyingParty },
      );
      expect(page.hops).toEqual([expect.objectContaining({ status: 302, location: RP_LOGGED_OUT })]);
      expect(await hasAuth0Session(browser, rp)).toBe(false);

      const token = await receiver.next();
      expect(receiver.received[0].contentType).toBe('application/x-www-form-urlencoded');
      const { payload, protectedHeader } = await verifyLogoutToken(federation, token);
      expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid: emulators.auth0.signingKey.kid });
      expect(payload).toMatchObject({ sub: federation.auth0UserId, sid, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });
      expect(payload.exp! - payload.iat!).toBe(120);
      expect(payload.jti).toEqual(expect.any(String));
      expect(payload).not.toHaveProperty('nonce');
      await expect
        .poll(() => emulators.auth0.events.list({ type: 'auth0.backchannel_logout' }).filter(e => e.sid === sid))
        .toEqual([expect.objectContaining({ outcome: 'success', status: 204, initiator: 'rp-logout', client_id: federation.application.clientId })]);
    } finally {
      await receiver.close();
    }
  });

  test('/v2/logout refuses a returnTo outside the Allowed Logout URLs and keeps the session; without returnTo it uses the first one', async ({ federate }) => {
    const federation = await federate({ application: { allowed_logout_urls: [RP_LOGGED_OUT, 'http://localhost:3000/bye'] } });
    const { browser, rp } = await loginWithCode(federation);
    const origin = federation.emulators.auth0.origin;
    const clientId = federation.application.clientId;

    const refused = await browser.navigate(`${origin}/v2/logout?client_id=${clientId}&returnTo=${encodeURIComponent('https://evil.example.test/')}`);
    expect(refused.status).toBe(400);
    expect(textContent(refused.body)).toContain(
      'The "returnTo" querystring parameter "https://evil.example.test/" is not defined as a valid URL in "Allowed Logout URLs"',
    );
    expect(await hasAuth0Session(browser, rp)).toBe(true);

    // Query and fragment of returnTo are not part of the match.
    const withQuery = await browser.navigate(
      `${origin}/v2/logout?client_id=${clientId}&returnTo=${encodeURIComponent('http://localhost:3000/bye?reason=done')}`,
      {
        stopBefore: atRelyingParty,
      },
    );
    expect(withQuery.url).toBe('http://localhost:3000/bye?reason=done');
    expect(await hasAuth0Session(browser, rp)).toBe(false);

    await loginWithCode(federation, { browser });
    const first = await browser.navigate(`${origin}/v2/logout?client_id=${clientId}`, { stopBefore: atRelyingParty });
    expect(first.url).toBe(RP_LOGGED_OUT);
  });

  test('/v2/logout?federated also ends the Okta session through its end_session_endpoint, handing Okta the returnTo', async ({ federate }) => {
    const federation = await federate();
    const { emulators } = federation;
    const { browser, rp } = await loginWithCode(federation);
    expect(await hasOktaSession(browser, federation, rp)).toBe(true);

    const page = await browser.navigate(
      `${emulators.auth0.origin}/v2/logout?federated&client_id=${federation.application.clientId}&returnTo=${encodeURIComponent(RP_LOGGED_OUT)}`,
      { stopBefore: atRelyingParty },
    );
    const toOkta = new URL(page.hops[0].location!);
    expect(`${toOkta.origin}${toOkta.pathname}`).toBe(`${emulators.okta.origin}/oauth2/v1/logout`);
    expect(toOkta.searchParams.get('post_logout_redirect_uri')).toBe(RP_LOGGED_OUT);
    const hint = decodeJwt(toOkta.searchParams.get('id_token_hint')!);
    expect(hint).toMatchObject({ iss: emulators.okta.origin, aud: federation.oktaApp.clientId, sub: federation.user.id });
    expect(page.url).toBe(RP_LOGGED_OUT);

    expect(await hasAuth0Session(browser, rp)).toBe(false);
    expect(await hasOktaSession(browser, federation, rp)).toBe(false);
  });

  test('/v2/logout without federated leaves the Okta session alone', async ({ federate }) => {
    const federation = await federate();
    const { browser, rp } = await loginWithCode(federation);
    const page = await browser.navigate(`${federation.emulators.auth0.origin}/v2/logout?client_id=${federation.application.clientId}`, {
      stopBefore: atRelyingParty,
    });
    expect(page.hops).toHaveLength(1);
    expect(await hasAuth0Session(browser, rp)).toBe(false);
    expect(await hasOktaSession(browser, federation, rp)).toBe(true);
  });

  test('/oidc/logout with a valid id_token_hint logs out without a prompt and echoes state; back-channel logout follows', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const { browser, rp, tokens } = await loginWithCode(federation);
      expect(rp.serverMetadata().end_session_endpoint).toBe(`${emulators.auth0.origin}/oidc/logout`);
      const logoutUrl = client.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: RP_LOGGED_OUT, state: 'st-123' });
      const page = await browser.navigate(logoutUrl, { stopBefore: atRelyingParty });
      expect(page.hops).toHaveLength(1);
      expect(page.url).toBe(`${RP_LOGGED_OUT}?state=st-123`);
      expect(await hasAuth0Session(browser, rp)).toBe(false);
      const { payload } = await verifyLogoutToken(federation, await receiver.next());
      expect(payload.sid).toBe(tokens.claims()!.sid);
    } finally {
      await receiver.close();
    }
  });

  test('/oidc/logout without a hint asks first; confirming logs out', async ({ federate }) => {
    const federation = await federate();
    const { browser, rp } = await loginWithCode(federation);
    const prompt = await browser.navigate(
      `${federation.emulators.auth0.origin}/oidc/logout?client_id=${federation.application.clientId}&post_logout_redirect_uri=${encodeURIComponent(RP_LOGGED_OUT)}`,
    );
    expect(prompt.status).toBe(200);
    expect(textContent(prompt.body)).toContain(`Are you sure you want to log out of ${federation.application.name}?`);
    expect(await hasAuth0Session(browser, rp)).toBe(true);
    const done = await browser.submit(prompt.form(), {}, { stopBefore: atRelyingParty });
    expect(done.url).toBe(RP_LOGGED_OUT);
    expect(await hasAuth0Session(browser, rp)).toBe(false);
  });

  test("/oidc/logout?federated goes through Okta; a client_id that is not the hint's audience is refused", async ({ federate }) => {
    const federation = await federate();
    const { emulators } = federation;
    const { browser, rp, tokens } = await loginWithCode(federation);

    const mismatch = await browser.navigate(`${emulators.auth0.origin}/oidc/logout?id_token_hint=${tokens.id_token}&client_id=someone-else`);
    expect(mismatch.status).toBe(400);
    expect(textContent(mismatch.body)).toContain('The client_id does not match the audience of the id_token_hint.');

    const url = new URL(client.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: RP_LOGGED_OUT, state: 'xyz' }));
    url.searchParams.set('federated', '');
    const page = await browser.navigate(url, { stopBefore: atRelyingParty });
    expect(new URL(page.hops[0].location!).origin).toBe(emulators.okta.origin);
    expect(page.url).toBe(`${RP_LOGGED_OUT}?state=xyz`);
    expect(await hasAuth0Session(browser, rp)).toBe(false);
    expect(await hasOktaSession(browser, federation, rp)).toBe(false);
  });

  test("ending a user's sessions through the Management API sends back-channel logout (session-revoked) and ends SSO", async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const first = await loginWithCode(federation);
      const second = await loginWithCode(federation);
      await federation.management.users.sessions.delete(federation.auth0UserId);

      const sids = [decodeJwt(await receiver.next()).sid, decodeJwt(await receiver.next()).sid].sort();
      expect(sids).toEqual([first.tokens.claims()!.sid, second.tokens.claims()!.sid].sort());
      await expect
        .poll(() =>
          emulators.auth0.events
            .list({ type: 'auth0.backchannel_logout' })
            .filter(e => sids.includes(e.sid as string))
            .map(e => e.initiator),
        )
        .toEqual(['session-revoked', 'session-revoked']);
      expect(await hasAuth0Session(first.browser, first.rp)).toBe(false);
      expect(await hasAuth0Session(second.browser, second.rp)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  test('a back-channel endpoint that fails is recorded as a failed delivery; the browser is not held up', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls, 500);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const { browser, tokens } = await loginWithCode(federation);
      const page = await browser.navigate(`${emulators.auth0.origin}/v2/logout?client_id=${federation.application.clientId}`, { stopBefore: atRelyingParty });
      expect(page.url).toBe(RP_LOGGED_OUT);
      await receiver.next();
      await expect
        .poll(() => emulators.auth0.events.list({ type: 'auth0.backchannel_logout' }).filter(e => e.sid === tokens.claims()!.sid))
        .toEqual([expect.objectContaining({ outcome: 'failure', log_type: 'oidc_backchannel_logout_failed', status: 500 })]);
    } finally {
      await receiver.close();
    }
  });
});
