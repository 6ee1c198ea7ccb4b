// Hops in the order they began; a call the Auth0 tenant makes while answering a request comes after
// that request even when both start in the same millisecond (a quiet machine does that).
import { expect, test } from '@playwright/test';
import { hopsFromEvents, type RecordedEvent } from './emulator-hops.ts';

const AUTH0 = 'https://auth0.example.test';
const OKTA = 'https://okta.example.test';
const SAME_MS = '2026-01-01T00:00:00.123Z';

function hop(seq: number, fields: Record<string, unknown>): RecordedEvent {
  return {
    seq,
    time: SAME_MS,
    source: 'auth0',
    type: 'hop',
    startedAt: SAME_MS,
    caller: 'browser',
    status: 200,
    durationMs: 0,
    keys: [],
    notes: [],
    ...fields,
  };
}

test('an outbound call started in the same millisecond as the request it is made for comes after it', () => {
  // Recorded in the order the log holds them: the call ends (and is recorded) before the request it serves.
  const events = [
    hop(1, { hop: 'auth0-out-1', direction: 'out', caller: 'server', parent: 'auth0-1', method: 'POST', url: `${OKTA}/oauth2/v1/token` }),
    hop(2, { hop: 'auth0-1', direction: 'in', method: 'GET', url: `${AUTH0}/login/callback`, status: 302 }),
  ];
  const hops = hopsFromEvents([events], { auth0: [AUTH0], okta: [OKTA] });
  expect(hops.map(h => `${h.method} ${new URL(h.url).pathname}`)).toEqual(['GET /login/callback', 'POST /oauth2/v1/token']);
});
