// fetch that trusts one extra CA (the embedded target's local CA) through an undici dispatcher:
// explicit, per call site, and independent of the process environment (NODE_EXTRA_CA_CERTS is
// read only at process start). Trust is added, never replaced: the public roots and any
// NODE_EXTRA_CA_CERTS bundle of this machine stay trusted. Certificate verification stays on.
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export type Fetch = typeof globalThis.fetch;

export function fetchTrusting(caCertPem: string, timeoutMs = 5000): Fetch {
  const ca = [...rootCertificates, ...machineExtraCaCerts(), caCertPem];
  const dispatcher = new Agent({ connect: { ca, timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return ((input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as Fetch;
}

/** The certificates this process was started with through NODE_EXTRA_CA_CERTS, if any. */
function machineExtraCaCerts(): string[] {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return [];
  }
}
