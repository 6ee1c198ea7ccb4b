// The Auth0 Management API client: the official SDK's ManagementClient, unchanged, with its `fetch`
// option wrapped to trust the embedded target's local CA (an undici dispatcher, explicit, whatever
// the process environment) and to count every request. Its own retry logic handles 429 and 5xx
// (Retry-After, then X-RateLimit-Reset, then exponential back-off), six times instead of two.
import { ManagementClient } from 'auth0';
import { fetchTrusting, type Fetch } from '../lib/trusting-fetch.ts';
import type { HarnessConfig } from './config.ts';
import type { CallCounter } from './call-counter.ts';

export const AUTH0_MAX_RETRIES = 6;

export function createAuth0Management(config: HarnessConfig, counter: CallCounter): ManagementClient {
  const transport: Fetch = config.caCertPem ? fetchTrusting(config.caCertPem, 30_000) : globalThis.fetch;
  const counted: Fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname.startsWith('/api/v2/')) counter.auth0++;
    else counter.auth0TokenRequests++;
    const response = await transport(input, init);
    if (response.status === 429) counter.rateLimited.auth0++;
    if (url.pathname.startsWith('/api/v2/'))
      counter.budget('auth0', url.pathname, response.headers.get('x-ratelimit-limit'), response.headers.get('x-ratelimit-remaining'));
    return response;
  };
  return new ManagementClient({
    domain: config.auth0.domain,
    clientId: config.auth0.clientId,
    clientSecret: config.auth0.clientSecret,
    fetch: counted,
    maxRetries: AUTH0_MAX_RETRIES,
  });
}
