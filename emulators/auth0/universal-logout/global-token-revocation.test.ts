// The global token revocation receiver (POST /oauth/global-token-revocation/connection/{name}),
// called as Okta calls it: a signed GTR JWT and an iss_sub subject. A valid request ends the
// user's Auth0 sessions (back-channel logout, verified against the tenant's JWKS), revokes the
// refresh tokens and leaves the access token working; every malformed or unauthenticated request
// gets its own status and revokes nothing.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { generateSigningKey } from '../../shared/signing-keys.ts';
import { BACKCHANNEL_LOGOUT_EVENT } from '../authentication/backchannel-logout.ts';
import { expect, hasAuth0Session, loginWithCode, OFFLINE, startBackchannelReceiver, test, type Federation } from '../../../fixtures/auth0/federation.ts';
import { postRevocation, revocationBody, revocationEndpoint, revocationToken } from '../../../fixtures/auth0/revocation.ts';

/** A JWKS endpoint on its own HTTPS listener. */
async function serveJwks(tls: { certPem: string; keyPem: string }, body: unknown) {
  const { createServer } = await import('node:https');
  let requests = 0;
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(body));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/oauth2/v1/keys`,
    requests: () => requests,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function refreshWorks(rp: client.Configuration, refreshToken: string): Promise<boolean> {
  try {
    await client.refreshTokenGrant(rp, refreshToken);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(client.ResponseBodyError);
    expect(error).toMatchObject({ status: 403, error: 'invalid_grant' });
    return false;
  }
}

function gtrEvents(federation: Federation, since: number) {
  return federation.emulators.auth0.events.list({ since, type: 'auth0.global_token_revocation' });
}

test.describe('Global token revocation (Okta Universal Logout receiver)', () => {
  test('a valid request ends the sessions with back-channel logout, revokes refresh tokens, keeps the access token', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const { browser, rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
      const sid = tokens.claims()!.sid as string;
      const since = emulators.auth0.events.lastSeq;

      const response = await postRevocation(federation);
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');

      // The application hears of it by back-channel logout, for that session and user.
      const { payload } = await jwtVerify(await receiver.next(), createRemoteJWKSet(new URL(`${emulators.auth0.origin}/.well-known/jwks.json`)), {
        issuer: emulators.auth0.issuer,
        audience: federation.application.clientId,
        algorithms: ['RS256'],
      });
      expect(payload).toMatchObject({ sub: federation.auth0UserId, sid, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });

      expect(await refreshWorks(rp, tokens.refresh_token!)).toBe(false);
      expect(await hasAuth0Session(browser, rp)).toBe(false);
      // Access tokens are not revoked (Auth0: "revokes session cookies and refresh tokens, but not access tokens").
      const userinfo = await client.fetchUserInfo(rp, tokens.access_token, federation.auth0UserId);
      expect(userinfo.sub).toBe(federation.auth0UserId);

      expect(gtrEvents(federation, since)).toEqual([
        expect.objectContaining({
          connection: federation.connection.name,
          outcome: 'success',
          log_type: 'universal_logout_succeeded',
          status: 204,
          user_found: true,
          user_id: federation.auth0UserId,
          sessions_ended: 1,
          refresh_tokens_revoked: 1,
          subject_member: 'sub_id',
        }),
      ]);
      await expect
        .poll(() => emulators.auth0.events.list({ since, type: 'auth0.backchannel_logout' }))
        .toEqual([expect.objectContaining({ sid, outcome: 'success', initiator: 'idp-logout' })]);
      // The Bearer JWT never reaches the event log.
      expect(JSON.stringify(emulators.auth0.events.list({ since }))).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
    } finally {
      await receiver.close();
    }
  });

  test('the body member may be "subject" (Auth0 docs) as well as "sub_id" (GTR draft, current Okta)', async ({ federate }) => {
    const federation = await federate();
    const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
    const since = federation.emulators.auth0.events.lastSeq;
    expect((await postRevocation(federation, { body: revocationBody(federation, 'subject') })).status).toBe(204);
    expect(await refreshWorks(rp, tokens.refresh_token!)).toBe(false);
    expect(gtrEvents(federation, since)).toEqual([expect.objectContaining({ outcome: 'success', subject_member: 'subject', user_found: true })]);
  });

  test('an unknown user is a silent 2xx (no existence leak); 404 and 200 behind Auth0Behaviour flags', async ({ federate }) => {
    const federation = await federate();
    const { auth0 } = federation.emulators;
    const body = revocationBody(federation, 'sub_id', '00uNOSUCHUSER0000000');
    const since = auth0.events.lastSeq;
    expect((await postRevocation(federation, { body })).status).toBe(204);
    expect(gtrEvents(federation, since)).toEqual([expect.objectContaining({ outcome: 'success', user_found: false, sessions_ended: 0 })]);

    auth0.behaviour.globalTokenRevocationUnknownUser404 = true;
    try {
      const response = await postRevocation(federation, { body });
      expect(response.status).toBe(404);
    } finally {
      auth0.behaviour.globalTokenRevocationUnknownUser404 = false;
    }
    auth0.behaviour.globalTokenRevocationSuccessStatus = 200;
    try {
      expect((await postRevocation(federation, { body })).status).toBe(200);
    } finally {
      auth0.behaviour.globalTokenRevocationSuccessStatus = 204;
    }
  });

  test('refused requests — each with its status — revoke nothing', async ({ federate, emulators }) => {
    const receiver = await startBackchannelReceiver(emulators.tls);
    try {
      const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
      const { browser, rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
      const since = emulators.auth0.events.lastSeq;
      const otherKey = await generateSigningKey(emulators.okta.signingKey.kid);

      const cases: { name: string; send: () => Promise<Response>; status: number; error: string; reason: string }[] = [
        {
          name: 'wrong signature (another key under the same kid)',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { key: otherKey }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'bad_signature',
        },
        {
          name: 'wrong aud (another connection’s URL)',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { aud: `${revocationEndpoint(federation)}-other` }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'wrong_aud',
        },
        {
          name: 'aud with a query string',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { aud: `${revocationEndpoint(federation)}?x=1` }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'wrong_aud',
        },
        {
          name: 'expired',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { iat: -900, nbf: -1200, exp: -600 }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'expired',
        },
        {
          name: 'not yet valid (nbf in the future)',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { nbf: 600, exp: 900 }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'not_yet_valid',
        },
        {
          name: 'wrong typ (a plain JWT)',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { typ: 'JWT' }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'wrong_typ',
        },
        {
          name: 'wrong iss',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { iss: 'https://other.okta.example' }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'wrong_iss',
        },
        {
          name: 'sub is not the connection’s client_id',
          send: async () => postRevocation(federation, { token: await revocationToken(federation, { sub: '0oaSOMEOTHERAPP00000' }) }),
          status: 401,
          error: 'invalid_token',
          reason: 'wrong_sub',
        },
        {
          name: 'not a JWT',
          send: () => postRevocation(federation, { authorization: 'Bearer not-a-jwt' }),
          status: 401,
          error: 'invalid_token',
          reason: 'malformed_token',
        },
        {
          name: 'no Authorization header',
          send: () => postRevocation(federation, { authorization: null }),
          status: 400,
          error: 'invalid_request',
          reason: 'missing_authorization',
        },
        {
          name: 'unknown connection',
          send: () => postRevocation(federation, { connectionName: 'no-such-connection' }),
          status: 404,
          error: 'invalid_request',
          reason: 'unknown_connection',
        },
        {
          name: 'malformed body (not JSON)',
          send: () => postRevocation(federation, { rawBody: '{"sub_id": ' }),
          status: 400,
          error: 'invalid_request',
          reason: 'malformed_body',
        },
        {
          name: 'body without sub_id or subject',
          send: () => postRevocation(federation, { body: { user: federation.user.id } }),
          status: 400,
          error: 'invalid_request',
          reason: 'missing_subject',
        },
        {
          name: 'email subject format (Auth0 supports iss_sub only)',
          send: () => postRevocation(federation, { body: { sub_id: { format: 'email', email: federation.user.login } } }),
          status: 400,
          error: 'invalid_request',
          reason: 'unsupported_format',
        },
        {
          name: 'iss_sub without sub',
          send: () => postRevocation(federation, { body: { sub_id: { format: 'iss_sub', iss: emulators.okta.issuer } } }),
          status: 400,
          error: 'invalid_request',
          reason: 'malformed_subject',
        },
      ];

      for (const { name, send, status, error, reason } of cases) {
        const before = emulators.auth0.events.lastSeq;
        const response = await send();
        expect(response.status, name).toBe(status);
        expect(response.headers.get('content-type'), name).toMatch(/^application\/json/);
        expect(await response.json(), name).toEqual({ error, error_description: expect.any(String) });
        expect(gtrEvents(federation, before), name).toEqual([
          expect.objectContaining({ outcome: 'failure', log_type: 'universal_logout_failed', status, reason }),
        ]);
      }

      // Replay: the same token twice — the first revokes, the second is refused.
      const token = await revocationToken(federation);
      const first = await postRevocation(federation, { token, body: revocationBody(federation, 'sub_id', '00uNOSUCHUSER0000000') });
      expect(first.status).toBe(204);
      const replayed = await postRevocation(federation, { token });
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toEqual({ error: 'invalid_token', error_description: 'The token has already been used (jti replayed)' });

      // Nothing was revoked by any of them.
      expect(emulators.auth0.events.list({ since, type: 'auth0.session_ended' })).toEqual([]);
      expect(emulators.auth0.events.list({ since, type: 'auth0.refresh_tokens_revoked' })).toEqual([]);
      expect(await refreshWorks(rp, tokens.refresh_token!)).toBe(true);
      expect(await hasAuth0Session(browser, rp)).toBe(true);
      expect(receiver.received).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  test('the token is checked against the key set at the connection’s jwks_uri, fetched over HTTPS', async ({ federate, emulators }) => {
    // A key set served by another HTTPS party, named as the connection's jwks_uri: only its key counts.
    const otherKey = await generateSigningKey();
    const jwks = await serveJwks(emulators.tls, { keys: [otherKey.publicJwk] });
    try {
      const federation = await federate({ connectionOptions: { jwks_uri: jwks.url } });
      const signedByOkta = await postRevocation(federation);
      expect(signedByOkta.status).toBe(401);
      const signedByTheConnectionKeys = await postRevocation(federation, { token: await revocationToken(federation, { key: otherKey }) });
      expect(signedByTheConnectionKeys.status).toBe(204);
      expect(jwks.requests()).toBeGreaterThan(0);
    } finally {
      await jwks.close();
    }
    // A key set that cannot be fetched authenticates nothing: 500, nothing revoked.
    const unreachable = await federate({ connectionOptions: { jwks_uri: 'https://127.0.0.1:1/oauth2/v1/keys' } });
    const refused = await postRevocation(unreachable);
    expect(refused.status).toBe(500);
    expect(await refused.json()).toEqual({ error: 'server_error', error_description: "Unable to load the Okta org's key set" });
    expect(emulators.auth0.events.list({ type: 'auth0.global_token_revocation' }).at(-1)).toMatchObject({ outcome: 'failure', reason: 'jwks_unavailable' });
  });

  test('only POST is allowed', async ({ federate }) => {
    const federation = await federate();
    const response = await fetch(revocationEndpoint(federation));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});
