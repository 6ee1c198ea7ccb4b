// fetch for server-to-server calls between the emulators (discovery, code exchange, JWKS,
// userinfo, global token revocation, SCIM, back-channel logout). It trusts the local CA explicitly,
// through an undici dispatcher, so no process-wide trust setting is needed or changed.
import { Agent, fetch as undiciFetch } from 'undici';

export type Fetch = typeof globalThis.fetch;

export function fetchTrusting(caCertPem: string, timeoutMs = 5000): Fetch {
  const dispatcher = new Agent({ connect: { ca: caCertPem, timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  return ((input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) =>
    undiciFetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as Fetch;
}
