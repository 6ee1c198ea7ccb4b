// Faults in the ID tokens a party issues, for the flow inspector's "break the broker" lessons:
//   id_token {claim: "aud" | "exp" | "iss"}  the next ID token names another audience, has expired,
//                                             or names another issuer;
//   (each takes an optional `user`: then it concerns that user's tokens only)
//   clock_skew {seconds}                      the party's clock is off: every time claim it issues
//                                             (iat, exp, auth_time, nbf) is shifted, until cleared;
//   key_rotation {}                           (Okta) the party signs its ID tokens with a new key
//                                             (a new kid) from now on, published first in its key set.
// The token is re-issued after the provider answers: same claims but the broken one, signed with
// the party's real key — a real token that is wrong in exactly one way.
import { decodeJwt, decodeProtectedHeader, exportJWK, SignJWT } from 'jose';
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { generateSigningKey, type SigningKey } from './signing-keys.ts';
import { userOption, type FaultKinds, type Faults } from './faults.ts';

const CLAIMS = ['aud', 'exp', 'iss'] as const;
const TIME_CLAIMS = ['iat', 'exp', 'auth_time', 'nbf'] as const;

/** The audience and issuer a wrong token names. */
export const WRONG_AUDIENCE = 'urn:harness:another-application';
export const WRONG_ISSUER = 'https://another-issuer.invalid';

export interface IdTokenFaultsOptions {
  faults: Faults;
  signingKey: SigningKey;
  /** Offer key_rotation (the Okta org). */
  rotation?: boolean;
}

export class IdTokenFaults {
  #rotated: SigningKey | undefined;

  constructor(private readonly options: IdTokenFaultsOptions) {}

  kinds(): FaultKinds {
    const kinds: FaultKinds = {
      id_token: { check: o => [...(CLAIMS.includes(o.claim as never) ? [] : [`"claim" must be one of: ${CLAIMS.join(', ')}`]), ...userOption(o)] },
      clock_skew: {
        standing: true,
        check: o => [
          ...(Number.isInteger(o.seconds) && Math.abs(o.seconds as number) <= 86_400
            ? []
            : ['"seconds" must be a whole number of seconds, at most a day either way']),
          ...userOption(o),
        ],
      },
    };
    if (this.options.rotation) {
      kinds.key_rotation = {
        standing: true,
        check: () => [],
        onArm: async () => {
          this.#rotated = await generateSigningKey();
        },
        onClear: () => {
          this.#rotated = undefined;
        },
      };
    }
    return kinds;
  }

  /** The public keys to publish: a rotated key first, then the party's own. */
  async publishedKeys(keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    if (!this.#rotated) return keys;
    return [{ ...(await exportJWK(this.#rotated.publicKey)), kid: this.#rotated.kid, alg: 'RS256', use: 'sig' }, ...keys];
  }

  /** The ID token as the party issues it now: unchanged, or re-issued with the armed fault. */
  async issue(idToken: string): Promise<string> {
    const claims = { ...decodeJwt(idToken) } as Record<string, unknown>;
    const who = [claims.sub, claims.email, claims.preferred_username];
    const skew = this.options.faults.peek('clock_skew', who);
    const rotated = this.options.faults.peek('key_rotation') ? this.#rotated : undefined;
    const broken = this.options.faults.take('id_token', who);
    if (!skew && !rotated && !broken) return idToken;
    const header = decodeProtectedHeader(idToken);
    if (skew) for (const claim of TIME_CLAIMS) if (typeof claims[claim] === 'number') claims[claim] = (claims[claim] as number) + (skew.seconds as number);
    if (broken?.claim === 'aud') claims.aud = WRONG_AUDIENCE;
    if (broken?.claim === 'iss') claims.iss = WRONG_ISSUER;
    if (broken?.claim === 'exp') {
      const now = Math.floor(Date.now() / 1000);
      claims.iat = now - 3900;
      claims.exp = now - 300;
    }
    const key = rotated ?? this.options.signingKey;
    return new SignJWT(claims).setProtectedHeader({ ...(header.typ ? { typ: header.typ } : {}), alg: 'RS256', kid: key.kid }).sign(key.privateKey);
  }

  /** oidc-provider middleware: ID tokens of the token endpoint go through `issue`; the key set shows a rotated key. */
  middleware(): Middleware {
    return async (koaCtx, next) => {
      await next();
      const ctx = koaCtx as unknown as KoaContextWithOIDC;
      const body = ctx.body as { id_token?: unknown; keys?: Record<string, unknown>[] } | undefined;
      if (ctx.status !== 200 || !body || typeof body !== 'object') return;
      if (ctx.oidc?.route === 'token' && typeof body.id_token === 'string') body.id_token = await this.issue(body.id_token);
      if (ctx.oidc?.route === 'jwks' && Array.isArray(body.keys)) body.keys = await this.publishedKeys(body.keys);
    };
  }
}
