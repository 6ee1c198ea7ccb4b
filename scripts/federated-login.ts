// One federated login driven over HTTP, as the benchmarks measure it: the relying party's
// /authorize → Universal Login (home realm discovery) → Okta's hosted sign-in over the IDX API →
// the Auth0 broker → the code exchange, its ID token checked by openid-client. Shared by
// `npm run bench` and `npm run bench:concurrency`.
import * as client from 'openid-client';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import { authorizationRequest, callbackParams, signInThroughOkta, type Federation } from '../fixtures/auth0/federation.ts';

export interface LoginUser {
  id: string;
  login: string;
  password: string;
}

/** Logs `user` in with a fresh browser (no session anywhere); throws when the ID token names someone else. */
export async function federatedLogin(rp: client.Configuration, federation: Federation, user: LoginUser = federation.user): Promise<void> {
  const request = await authorizationRequest(rp);
  const page = await signInThroughOkta(new HttpBrowser(), request.url, federation, 'hrd', user);
  callbackParams(page);
  const tokens = await client.authorizationCodeGrant(rp, new URL(page.url), {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  const claims = tokens.claims()!;
  if (claims.email !== user.login || claims.sub !== `okta|${federation.connection.name}|${user.id}`)
    throw new Error(`login of ${user.login} came back as ${String(claims.email)}`);
}
