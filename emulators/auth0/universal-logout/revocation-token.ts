// The Bearer JWT of a global token revocation request, checked as Auth0 documents it
// (docs/fidelity.md#global-token-revocation): signed with the Okta org's ID-token key (the connection's JWKS),
// header typ "global-token-revocation+jwt", iss = the connection's Okta issuer, sub = the
// connection's client_id (the Okta app), aud = the exact endpoint URL, inside its nbf/exp window,
// and a jti never seen before.
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { WireConnection } from '../store.ts';
import type { OktaKeySets } from './okta-key-sets.ts';
import { oktaIssuerOf } from './okta-key-sets.ts';
import { RevocationFailure } from './revocation-failure.ts';

export const GTR_JWT_TYPE = 'global-token-revocation+jwt';
/** Clock skew tolerated on iat/nbf/exp. */
const CLOCK_TOLERANCE_SECONDS = 30;

export interface VerifiedRevocationToken {
  jti: string;
  iss: string;
  exp: number;
}

/** The token of `Authorization: Bearer <jwt>`; a missing one is a 400 (Auth0: "missing authentication"). */
export function bearerTokenOf(header: string | undefined): string {
  if (!header)
    throw new RevocationFailure(400, 'invalid_request', 'Missing authentication: an Authorization: Bearer <JWT> header is required', 'missing_authorization');
  const match = /^Bearer +([A-Za-z0-9_.~+/=-]+)\s*$/i.exec(header);
  if (!match) throw new RevocationFailure(401, 'invalid_token', 'The Authorization header must carry a Bearer JWT', 'malformed_authorization');
  return match[1];
}

export async function verifyRevocationToken(
  token: string,
  connection: WireConnection,
  endpointUrl: string,
  keySets: OktaKeySets,
  replay: JtiReplayGuard,
): Promise<VerifiedRevocationToken> {
  const issuer = oktaIssuerOf(connection);
  const clientId = typeof connection.options.client_id === 'string' ? connection.options.client_id : undefined;
  const keys = keySets.forConnection(connection);
  if (!issuer || !clientId || !keys)
    throw new RevocationFailure(
      401,
      'invalid_token',
      `The connection "${connection.name}" has no Okta issuer, client_id or JWKS to check the token against`,
      'connection_not_configured',
    );

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      typ: GTR_JWT_TYPE,
      issuer,
      subject: clientId,
      audience: endpointUrl,
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'],
      requiredClaims: ['jti', 'iat', 'exp'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    throw failureFrom(error);
  }
  const jti = String(payload.jti);
  if (!replay.claim(issuer, jti, payload.exp!))
    throw new RevocationFailure(401, 'invalid_token', 'The token has already been used (jti replayed)', 'jti_replayed');
  return { jti, iss: issuer, exp: payload.exp! };
}

/** jti values seen per issuer, remembered until their token expires. */
export class JtiReplayGuard {
  #seen = new Map<string, number>();

  /** True the first time a jti is presented; false for a replay. */
  claim(issuer: string, jti: string, exp: number): boolean {
    const now = Date.now();
    for (const [key, until] of this.#seen) if (until < now) this.#seen.delete(key);
    const key = `${issuer} ${jti}`;
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, (exp + CLOCK_TOLERANCE_SECONDS) * 1000);
    return true;
  }

  clear(): void {
    this.#seen.clear();
  }
}

function failureFrom(error: unknown): RevocationFailure {
  const invalid = (description: string, reason: string) => new RevocationFailure(401, 'invalid_token', description, reason);
  if (error instanceof errors.JWTExpired) return invalid('The token has expired', 'expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reasons: Record<string, string> = {
      typ: 'wrong_typ',
      iss: 'wrong_iss',
      sub: 'wrong_sub',
      aud: 'wrong_aud',
      nbf: 'not_yet_valid',
      iat: 'bad_iat',
      jti: 'missing_jti',
      exp: 'missing_exp',
    };
    return invalid(`Invalid token: "${error.claim}" claim check failed (${error.reason})`, reasons[error.claim] ?? `bad_${error.claim}`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('Invalid token: signature verification failed', 'bad_signature');
  if (error instanceof errors.JWKSNoMatchingKey) return invalid("Invalid token: no key of the connection's key set matches it", 'unknown_key');
  if (error instanceof errors.JOSEAlgNotAllowed) return invalid('Invalid token: signing algorithm not allowed', 'alg_not_allowed');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return invalid('Invalid token: not a well-formed signed JWT', 'malformed_token');
  // What is left is the key set itself: unreachable, timed out, not a JWKS.
  return new RevocationFailure(500, 'server_error', "Unable to load the Okta org's key set", 'jwks_unavailable');
}
