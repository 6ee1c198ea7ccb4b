// The fuzz suite: fast-check sends generated malformed requests (paths, query strings, bodies,
// headers, encodings) to every public route of both emulators and asserts, for each answer: no
// 5xx; a refusal in the vendor's shape (no stack trace, no file path); the emulator's state
// unchanged by a refused request; nothing of the request on stderr; no internal error in the event
// log; the process still serving at the end. Then a property over whole logins: two parallel logins
// never see each other's user.
//
// Bounded for `npm test`: a fixed seed and a small budget. Raise it for a long run:
//   FUZZ_RUNS=20000 FUZZ_SECONDS=600 npx playwright test emulators/fuzz.test.ts
// FUZZ_SEED replays another sequence; a failure prints its seed and path for fast-check to replay.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { expect, test } from '../fixtures/auth0/management-sdk.ts';
import { managementToken } from '../fixtures/auth0/management-sdk.ts';
import { malformedRequest, ROUTES, type MalformedRequest } from '../fixtures/malformed-requests.ts';
import { rawRequest } from '../fixtures/raw-https.ts';
import { errorShapeFor, shapeProblem } from '../fixtures/vendor-error-shapes.ts';
import * as client from 'openid-client';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import { authorizationRequest, callbackParams, PASSWORD, provisionFederation, signInThroughOkta, type Federation } from '../fixtures/auth0/federation.ts';
import type { Emulators } from './start.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 6);
const LOGIN_RUNS = Number(process.env.FUZZ_LOGIN_RUNS ?? 3);

/**
 * A failure in a few lines: the seed and path that replay it, the route, and what went wrong —
 * not fast-check's full counterexample, which holds megabytes of generated input and the tokens.
 */
function conciseFailure(details: fc.RunDetails<[MalformedRequest]>): void {
  if (!details.failed) return;
  const [example] = details.counterexample ?? [];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `fuzz failure (replay: FUZZ_SEED=${details.seed}, fast-check path "${details.counterexamplePath}")\n` +
      `  route ${example?.route.emulator} ${example?.route.method} ${example?.route.path}; sent ${example?.request.method} ${example?.request.path.slice(0, 160)}\n` +
      `  ${error.split('\n').slice(0, 6).join('\n  ')}`,
  );
}

/** A digest of everything the emulators keep (rate-limit windows aside): equal digests, equal state. */
function stateDigest(emulators: Emulators): string {
  const hash = createHash('sha256');
  for (const store of [emulators.okta.store, emulators.auth0.store] as unknown as Record<string, unknown>[])
    for (const [name, value] of Object.entries(store))
      if (value instanceof Map && name !== 'rateLimitWindows')
        hash.update(name).update(JSON.stringify([...value], (_k, v: unknown) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)));
  return hash.digest('hex');
}

test.describe('fuzz: malformed requests to every public route', () => {
  // A long run (FUZZ_SECONDS) gets the time it asks for.
  test.setTimeout(Math.max(60_000, (SECONDS + 30) * 1000));

  test(`no 5xx, the vendor's error shape, no state change when refused, nothing on stderr (seed ${SEED}, ${RUNS} runs or ${SECONDS} s)`, async ({
    emulators,
  }) => {
    const credentials = { oktaApiToken: emulators.okta.apiToken, auth0ManagementToken: await managementToken(emulators.auth0) };
    const origins = { okta: emulators.okta.origin, auth0: emulators.auth0.origin };
    const since = { okta: emulators.okta.events.lastSeq, auth0: emulators.auth0.events.lastSeq };
    const printed: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(String(chunk));
      return original(chunk as never, ...(rest as []));
    }) as typeof process.stderr.write;
    const seen = { requests: 0, statuses: new Map<number, number>() };
    try {
      await fc.assert(
        fc.asyncProperty(malformedRequest(ROUTES, credentials), async ({ route, request }) => {
          emulators.okta.refillRateLimits();
          emulators.auth0.refillRateLimits();
          const before = stateDigest(emulators);
          const res = await rawRequest(origins[route.emulator], emulators.tls.caCertPem, request);
          seen.requests++;
          seen.statuses.set(res.status, (seen.statuses.get(res.status) ?? 0) + 1);
          const where = `${route.emulator} ${request.method} ${request.path.slice(0, 100)}`;
          expect(res.status, `${where} → ${res.status} ${res.body.slice(0, 200)}`).toBeLessThan(500);
          // A HEAD answer has no body to judge; 431 is the HTTP server's own limit on the request
          // line and headers (16 KB), answered before any vendor surface sees the request.
          if (res.status >= 400 && request.method !== 'HEAD' && res.status !== 431) {
            expect(shapeProblem(errorShapeFor(route.emulator, request.method, request.path), res), where).toBeUndefined();
            expect(stateDigest(emulators), `${where} was refused (${res.status}) but changed the state`).toBe(before);
          }
        }),
        { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: SECONDS * 1000, endOnFailure: true, reporter: conciseFailure },
      );
    } finally {
      process.stderr.write = original;
    }
    expect(printed.join('')).not.toMatch(/fuzz-marker|SyntaxError|\n\s+at /);
    const internal = [
      ...emulators.okta.events.list({ since: since.okta, type: 'emulator.internal_error' }),
      ...emulators.auth0.events.list({ since: since.auth0, type: 'emulator.internal_error' }),
    ];
    expect(internal).toEqual([]);
    for (const origin of Object.values(origins))
      expect((await rawRequest(origin, emulators.tls.caCertPem, { method: 'GET', path: '/_emulator/health' })).status).toBe(200);
    const description = `${seen.requests} requests; statuses ${JSON.stringify(Object.fromEntries([...seen.statuses].sort((a, b) => a[0] - b[0])))}`;
    test.info().annotations.push({ type: 'fuzz', description });
    process.stdout.write(`fuzz: ${description}\n`);
  });
});

/** A second, third… Okta user of the federation's email domain, assigned to its Okta app. */
async function anotherUser(federation: Federation, firstName: string) {
  const login = `u${createHash('sha256')
    .update(firstName + Math.random())
    .digest('hex')
    .slice(0, 10)}@${federation.emailDomain}`;
  const user = await federation.okta.userApi.createUser({
    body: { profile: { firstName, lastName: 'Parallel', email: login, login }, credentials: { password: { value: PASSWORD } } },
  });
  await federation.okta.applicationApi.assignUserToApplication({ appId: federation.oktaApp.id, appUser: { id: user.id! } });
  return { id: user.id!, login, password: PASSWORD };
}

/** One whole login in a browser of its own (home realm discovery → Okta → code): the ID token's claims. */
async function loginAs(federation: Federation, credentials: { login: string; password: string }) {
  const rp = await federation.rp();
  const request = await authorizationRequest(rp);
  const page = await signInThroughOkta(new HttpBrowser(), request.url, federation, 'hrd', credentials);
  callbackParams(page);
  const tokens = await client.authorizationCodeGrant(rp, new URL(page.url), {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return tokens.claims()!;
}

test.describe('property: parallel logins', () => {
  test.setTimeout(120_000);

  test(`two parallel logins never see each other's user (seed ${SEED}, ${LOGIN_RUNS} runs)`, async ({ emulators }) => {
    const federation = await provisionFederation(emulators);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12 }), async (first, second) => {
        const [a, b] = await Promise.all([anotherUser(federation, `A${first}`), anotherUser(federation, `B${second}`)]);
        const [claimsA, claimsB] = await Promise.all([loginAs(federation, a), loginAs(federation, b)]);
        expect(claimsA.email).toBe(a.login);
        expect(claimsB.email).toBe(b.login);
        expect(claimsA.sub).toBe(`okta|${federation.connection.name}|${a.id}`);
        expect(claimsB.sub).toBe(`okta|${federation.connection.name}|${b.id}`);
      }),
      { seed: SEED, numRuns: LOGIN_RUNS },
    );
  });
});
