// The Okta Management API client: the official SDK, unchanged, with two injections through its
// request-executor hook: trust of the embedded target's local CA (an https.Agent on each request,
// kept across the SDK's 429 retries) and a count of every request. Retries honour
// x-rate-limit-reset (the SDK's own logic), six times instead of two, with no overall deadline,
// so a run survives a burst on a busy shared org. The SDK's response cache is off: state changes
// outside this client (logins, other runs) must never be read stale.
import { Client, DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';
import { Agent } from 'node:https';
import { trustingSecureContext } from '../lib/trusting-fetch.ts';
import type { HarnessConfig } from './config.ts';
import type { CallCounter } from './call-counter.ts';

type RequestOptions = Parameters<DefaultRequestExecutor['fetch']>[0];

export const OKTA_MAX_RETRIES = 6;

class CountingRequestExecutor extends DefaultRequestExecutor {
  readonly #counter: CallCounter;
  readonly #agent: Agent | undefined;

  constructor(counter: CallCounter, agent: Agent | undefined) {
    super({ maxRetries: OKTA_MAX_RETRIES, requestTimeout: 0 });
    this.#counter = counter;
    this.#agent = agent;
  }

  override fetch(request: RequestOptions) {
    if (this.#agent) request.agent = this.#agent;
    this.#counter.okta++;
    return super.fetch(request);
  }

  // Called once per attempt, before the SDK decides whether to wait and retry.
  override parseResponse(request: RequestOptions, response: Parameters<DefaultRequestExecutor['parseResponse']>[1]) {
    if (response.status === 429) this.#counter.rateLimited.okta++;
    this.#counter.budget(
      'okta',
      request.url ? new URL(request.url).pathname : '',
      response.headers.get('x-rate-limit-limit'),
      response.headers.get('x-rate-limit-remaining'),
    );
    return super.parseResponse(request, response);
  }
}

export interface OktaManagement {
  client: Client;
  close(): void;
}

/**
 * The agent for an org signed by the local CA. `timeout` as Node's global agent has it: only with a
 * timeout does an agent honour the server's `Keep-Alive: timeout=N` and drop an idle socket a
 * second before the server closes it; without one, a request after a pause can take a socket the
 * server is closing and fail with "socket hang up".
 */
export function trustingOktaAgent(caCertPem: string): Agent {
  return new Agent({ secureContext: trustingSecureContext(caCertPem), keepAlive: true, timeout: 5_000 });
}

export function createOktaManagement(config: HarnessConfig, counter: CallCounter): OktaManagement {
  const agent = config.caCertPem ? trustingOktaAgent(config.caCertPem) : undefined;
  const client = new Client({
    orgUrl: config.okta.orgUrl,
    token: config.okta.apiToken,
    authorizationMode: 'SSWS',
    requestExecutor: new CountingRequestExecutor(counter, agent),
    cacheMiddleware: null,
  });
  return { client, close: () => agent?.destroy() };
}
