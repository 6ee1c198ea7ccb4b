// fetch for server-to-server calls between the emulators (discovery, code exchange, JWKS,
// userinfo, global token revocation, SCIM, back-channel logout): trusts the local CA explicitly.
export { fetchTrusting, type Fetch } from '../../lib/trusting-fetch.ts';

/** Why an outbound call got no response: a timeout, else the network error code, else the message. */
export function outboundFailureReason(error: unknown, timeoutMs: number): string {
  return (error as Error).name === 'TimeoutError'
    ? `no answer within ${timeoutMs / 1000} s`
    : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
}
