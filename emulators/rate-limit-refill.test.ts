// Tests share a worker's emulators, so each test starts with full rate-limit budgets
// (refillRateLimits, called by the emulators fixture) while the data stays; an emulator reset
// refills them too.
import { test, expect } from '../fixtures/emulators.ts';
import { managementToken } from '../fixtures/auth0/management-sdk.ts';

test('refillRateLimits gives full Management API budgets on both emulators and keeps the data; reset refills too', async ({ isolatedEmulators }) => {
  const { okta, auth0, env } = isolatedEmulators;
  okta.behaviour.rateLimitPerMinute = 2;
  auth0.behaviour.managementRateLimitPerSecond = 2;
  const oktaGet = () => fetch(`${okta.origin}/api/v1/users`, { headers: { authorization: `SSWS ${env.OKTA_API_TOKEN}`, accept: 'application/json' } });
  const token = await managementToken(auth0);
  const auth0Get = () => fetch(`https://${auth0.domain}/api/v2/clients?fields=client_id`, { headers: { authorization: `Bearer ${token}` } });
  const spend = async () => {
    // Within one Auth0 one-second window: start at its beginning.
    await new Promise(r => setTimeout(r, 1000 - (Date.now() % 1000)));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await oktaGet()).status, (await auth0Get()).status);
    return statuses;
  };

  expect(await spend()).toEqual([200, 200, 200, 200, 429, 429]);
  const clients = auth0.store.clients.size;
  await new Promise(r => setTimeout(r, 1000 - (Date.now() % 1000)));
  okta.refillRateLimits();
  auth0.refillRateLimits();
  const [oktaAfter, auth0After] = [await oktaGet(), await auth0Get()];
  expect([oktaAfter.status, auth0After.status]).toEqual([200, 200]);
  expect(oktaAfter.headers.get('x-rate-limit-remaining')).toBe('1');
  expect(auth0After.headers.get('x-ratelimit-remaining')).toBe('1');
  expect(auth0.store.clients.size).toBe(clients);

  // Spent again, then an emulator reset.
  okta.refillRateLimits();
  expect(await spend()).toEqual([200, 200, 200, 200, 429, 429]);
  await Promise.all([okta.reset(), auth0.reset()]);
  expect((await oktaGet()).status).toBe(200);
  expect((await auth0Get()).status).toBe(200);
});
