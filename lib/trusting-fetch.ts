// fetch that trusts one extra CA (the embedded target's local CA) through an undici dispatcher:
// explicit, per call site, and independent of the process environment (NODE_EXTRA_CA_CERTS is
// read only at process start). Trust is added, never replaced: the public roots and any
// NODE_EXTRA_CA_CERTS bundle of this machine stay trusted. Certificate verification stays on.
import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { Agent } from 'undici';

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

let undici: Promise<typeof import('undici')> | undefined;

export function fetchTrusting(caCertPem: string, timeoutMs = 5000): Fetch {
  // One connection pool per CA and timeout, shared by every caller in the process. Made on the
  // first request rather than here: loading undici and parsing the roots were a large part of an
  // emulator's start, which sets up its outbound fetch long before anything is sent.
  const key = `${timeoutMs}\n${caCertPem}`;
  return (async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
    // Its default export (module.exports): what both Node and a bundle's chunk give for a CommonJS package.
    const { Agent, fetch: undiciFetch } = (await (undici ??= import('undici'))).default;
    let dispatcher = dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = new Agent({
        connect: { secureContext: trustingSecureContext(caCertPem), timeout: timeoutMs },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      dispatchers.set(key, dispatcher);
    }
    return undiciFetch(input as never, { ...(init as object), dispatcher } as never);
  }) as unknown as Fetch;
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
