// fetch for server-to-server calls between the emulators (discovery, code exchange, JWKS,
// userinfo, global token revocation, SCIM, back-channel logout): trusts the local CA explicitly.
export { fetchTrusting, type Fetch } from '../../lib/trusting-fetch.ts';
