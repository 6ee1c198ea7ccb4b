// fetch that trusts one extra CA (the embedded target's local CA) through an undici dispatcher:
// explicit, per call site, and independent of the process environment (NODE_EXTRA_CA_CERTS is
// read only at process start). Certificate verification stays on.
import { Agent, fetch as undiciFetch } from 'undici';

export type Fetch = typeof globalThis.fetch;

export function fetchTrusting(caCertPem: string, timeoutMs = 5000): Fetch {
  const dispatcher = new Agent({ connect: { ca: caCertPem, timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return ((input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as Fetch;
}
