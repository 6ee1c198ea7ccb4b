// fetch that trusts one extra CA (the embedded target's local CA) through an undici dispatcher:
// explicit, per call site, and independent of the process environment (NODE_EXTRA_CA_CERTS is
// read only at process start). Trust is added, never replaced: the public roots and any
// NODE_EXTRA_CA_CERTS bundle of this machine stay trusted. Certificate verification stays on.
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

export type Fetch = typeof globalThis.fetch;

const contexts = new Map<string, SecureContext>();
const dispatchers = new Map<string, Agent>();

/**
 * A TLS context trusting the public roots, this machine's NODE_EXTRA_CA_CERTS and `caCertPem`, built
 * once per CA and shared: building one parses a few hundred root certificates (tens of
 * milliseconds), which showed as the tests' largest CPU cost when every client and connection built
 * its own. For https.Agent (`secureContext` option) and undici (below).
 */
export function trustingSecureContext(caCertPem: string): SecureContext {
  let context = contexts.get(caCertPem);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, ...machineExtraCaCerts(), caCertPem] });
    contexts.set(caCertPem, context);
  }
  return context;
}

export function fetchTrusting(caCertPem: string, timeoutMs = 5000): Fetch {
  // One connection pool per CA and timeout, shared by every caller in the process.
  const key = `${timeoutMs}\n${caCertPem}`;
  let dispatcher = dispatchers.get(key);
  if (!dispatcher) {
    dispatcher = new Agent({ connect: { secureContext: trustingSecureContext(caCertPem), timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    dispatchers.set(key, dispatcher);
  }
  const shared = dispatcher;
  return ((input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undiciFetch(input as never, { ...(init as object), dispatcher: shared } as never)) as unknown as Fetch;
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
