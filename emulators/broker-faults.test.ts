// Breaking the broker hop on purpose, one control-plane call each (POST /_emulator/faults with a
// `kind`), scoped to one user so that tests sharing the emulators are not touched: Okta's token
// endpoint failing, a signing-key rotation the broker must follow, a wrong ID token, a clock off,
// a denied authorization, an undeliverable back-channel logout. What the relying party receives is
// what the browser specs show a learner (specs/broken-broker.spec.ts).
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { controlPlaneClient } from '../lib/control-plane-client.ts';
import {
  authorizationRequest,
  callbackParams,
  loginWithCode,
  signInThroughOkta,
  startBackchannelReceiver,
  test,
  expect,
  type Federation,
} from '../fixtures/auth0/federation.ts';
import { HttpBrowser } from '../fixtures/http-browser.ts';

function controlPlanes(federation: Federation) {
  const { okta, auth0, tls, env } = federation.emulators;
  const access = { token: env.EMULATOR_CONTROL_PLANE_TOKEN, caCertPem: tls.caCertPem };
  return { okta: controlPlaneClient(okta.origin, access), auth0: controlPlaneClient(auth0.origin, access) };
}

/** A login through Okta; the error the relying party's callback receives, if any. */
async function callbackError(federation: Federation): Promise<{ error: string | null; description: string | null }> {
  const request = await authorizationRequest(await federation.rp());
  const params = callbackParams(await signInThroughOkta(new HttpBrowser(), request.url, federation));
  return { error: params.get('error'), description: params.get('error_description') };
}

test('an armed fault concerns its user only, is used up, and a bad request names the field', async ({ federate }) => {
  const federation = await federate();
  const other = await federate();
  const { okta } = controlPlanes(federation);
  await okta.post('/faults', { kind: 'token_endpoint', status: 500, user: federation.user.login });
  expect(await callbackError(other)).toEqual({ error: null, description: null }); // someone else's login
  expect(await callbackError(federation)).toEqual({
    error: 'access_denied',
    description: 'Unable to exchange the authorization code with the identity provider: the identity provider answered HTTP 500',
  });
  expect(await callbackError(federation)).toEqual({ error: null, description: null }); // used up

  await expect(okta.post('/faults', { kind: 'token_endpoint' })).rejects.toThrow(/400.*"status".*"delayMs"/);
  await expect(okta.post('/faults', { kind: 'no_such_fault' })).rejects.toThrow(/400.*"kind" must be one of: .*token_endpoint/);
  await expect(okta.post('/faults', { kind: 'id_token', claim: 'sub' })).rejects.toThrow(/"claim" must be one of: aud, exp, iss/);
});

test('a slow token endpoint makes a slow login; one slower than the broker waits fails it as a timeout', async ({ federate }) => {
  test.setTimeout(40_000);
  const federation = await federate();
  const { okta } = controlPlanes(federation);
  await okta.post('/faults', { kind: 'token_endpoint', delayMs: 1200, user: federation.user.login });
  const started = performance.now();
  expect((await callbackError(federation)).error).toBeNull();
  expect(performance.now() - started).toBeGreaterThan(1200);

  await okta.post('/faults', { kind: 'token_endpoint', delayMs: 9000, user: federation.user.login });
  expect(await callbackError(federation)).toEqual({
    error: 'access_denied',
    description: expect.stringMatching(/Unable to exchange the authorization code.*(timed out|aborted|Timeout)/i),
  });
});

test('after a signing-key rotation the broker fetches the keys again and the login succeeds with the new kid', async ({ federate }) => {
  const federation = await federate();
  const { okta: org } = federation.emulators;
  const { okta } = controlPlanes(federation);
  await loginWithCode(federation); // the broker now holds the org's key set
  const before = (await (await fetch(`${org.origin}/oauth2/v1/keys`)).json()) as { keys: { kid: string }[] };

  await okta.post('/faults', { kind: 'key_rotation' });
  const after = (await (await fetch(`${org.origin}/oauth2/v1/keys`)).json()) as { keys: { kid: string }[] };
  expect(after.keys).toHaveLength(2);
  expect(after.keys.slice(1)).toEqual(before.keys);
  const since = federation.emulators.auth0.events.lastSeq;
  await loginWithCode(federation);
  const calls = federation.emulators.auth0.events.list({ since, type: 'hop' }).filter(e => e.direction === 'out');
  const token = calls.find(e => e.url === `${org.origin}/oauth2/v1/token`)!;
  expect((token.tokens as { name: string; header: { kid: string } }[]).find(t => t.name === 'id_token (issued)')!.header.kid).toBe(after.keys[0].kid);
  expect(calls.map(e => String(e.url).replace(org.origin, ''))).toEqual(expect.arrayContaining(['/oauth2/v1/token', '/oauth2/v1/keys']));
  expect(calls.findIndex(e => e.url === `${org.origin}/oauth2/v1/keys`)).toBeGreaterThan(calls.indexOf(token));

  await okta.delete('/faults');
  expect(((await (await fetch(`${org.origin}/oauth2/v1/keys`)).json()) as { keys: unknown[] }).keys).toEqual(before.keys);
});

test('a wrong ID token from Okta (audience, expiry, issuer) or an Okta clock an hour behind: the broker refuses the login', async ({ federate }) => {
  const federation = await federate();
  const { okta } = controlPlanes(federation);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ kind: 'id_token', claim: 'aud' }, /"aud" \(audience\)/],
    [{ kind: 'id_token', claim: 'exp' }, /"exp" \(expiration time\)/],
    [{ kind: 'id_token', claim: 'iss' }, /"iss" \(issuer\)/],
    [{ kind: 'clock_skew', seconds: -3700 }, /"exp" \(expiration time\)/],
  ];
  for (const [fault, description] of cases) {
    await okta.post('/faults', { ...fault, user: federation.user.login });
    expect(await callbackError(federation), JSON.stringify(fault)).toEqual({ error: 'access_denied', description: expect.stringMatching(description) });
    await okta.delete('/faults');
  }
});

test("Auth0's own clock or ID token broken: the relying party receives a token it must refuse", async ({ federate }) => {
  const federation = await federate();
  const { auth0 } = controlPlanes(federation);
  await auth0.post('/faults', { kind: 'clock_skew', seconds: -40_000, user: federation.auth0UserId });
  await expect(loginWithCode(federation)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/"exp" \(expiration time\)/) } });
  await auth0.delete('/faults');
  await auth0.post('/faults', { kind: 'id_token', claim: 'aud', user: federation.auth0UserId });
  await expect(loginWithCode(federation)).rejects.toMatchObject({ cause: { message: expect.stringMatching(/"aud" \(audience\)/) } });
  const { tokens } = await loginWithCode(federation); // used up
  expect(decodeProtectedHeader(tokens.id_token!).kid).toBe(federation.emulators.auth0.signingKey.kid);
});

test("the user declines (or is denied) at Okta: access_denied with Okta's words, handed on to the application", async ({ federate }) => {
  const federation = await federate();
  const { okta } = controlPlanes(federation);
  await okta.post('/faults', { kind: 'authorization_denied', reason: 'declined', user: federation.user.login });
  expect(await callbackError(federation)).toEqual({ error: 'access_denied', description: 'The resource owner or authorization server denied the request.' });
  await okta.post('/faults', { kind: 'authorization_denied', reason: 'not_assigned', user: federation.user.login });
  expect(await callbackError(federation)).toEqual({ error: 'access_denied', description: 'User is not assigned to the client application.' });
});

test('a back-channel logout that cannot be delivered: nothing reaches the application, the tenant records the failure', async ({ federate, emulators }) => {
  const receiver = await startBackchannelReceiver(emulators.tls);
  try {
    const federation = await federate({ application: { oidc_logout: { backchannel_logout_urls: [receiver.url] } } });
    const { tokens } = await loginWithCode(federation);
    const { auth0 } = controlPlanes(federation);
    await auth0.post('/faults', { kind: 'backchannel_logout', user: federation.auth0UserId });
    await federation.management.users.sessions.delete(federation.auth0UserId);
    const sid = decodeJwt(tokens.id_token!).sid;
    await expect
      .poll(() => emulators.auth0.events.list({ type: 'auth0.backchannel_logout' }).filter(e => e.sid === sid))
      .toEqual([expect.objectContaining({ outcome: 'failure', log_type: 'oidc_backchannel_logout_failed', error: expect.stringMatching(/ECONNREFUSED/) })]);
    expect(receiver.received).toEqual([]);
    const logs = await federation.management.logs.list({ search: 'type:oidc_backchannel_logout_failed' });
    expect(logs.data.some(l => (l.details as { session_id?: string }).session_id === sid)).toBe(true);
  } finally {
    await receiver.close();
  }
});
