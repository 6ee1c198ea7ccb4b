// The Okta org's signing keys as a GTR receiver sees them: the JWKS at the connection's jwks_uri
// (options.jwks_uri, else the stored discovery document's), fetched over HTTPS with the tenant's
// fetch — the same key set that verifies Okta's ID tokens (docs/fidelity.md#global-token-revocation). One remote key
// set per URL, cached briefly: a key Okta rotates in is picked up after the cooldown.
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { Fetch } from '../../shared/outbound-fetch.ts';
import { isObject } from '../json-object.ts';
import type { WireConnection } from '../store.ts';

/** How long a fetched key set is trusted without asking again. */
const CACHE_MAX_AGE_MS = 60_000;
/** Minimum time between two fetches when a token names an unknown kid. */
const COOLDOWN_MS = 5_000;

export class OktaKeySets {
  #sets = new Map<string, JWTVerifyGetKey>();

  constructor(private readonly fetch: Fetch) {}

  /** The verification key resolver for a connection's Okta org; undefined when it has no jwks_uri. */
  forConnection(connection: WireConnection): JWTVerifyGetKey | undefined {
    const url = jwksUriOf(connection);
    if (!url) return undefined;
    let set = this.#sets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), {
        cacheMaxAge: CACHE_MAX_AGE_MS,
        cooldownDuration: COOLDOWN_MS,
        timeoutDuration: 5000,
        [customFetch]: (input, init) => this.fetch(input, init as RequestInit),
      });
      this.#sets.set(url, set);
    }
    return set;
  }
}

export function jwksUriOf(connection: WireConnection): string | undefined {
  const options = connection.options;
  const metadata = isObject(options.oidc_metadata) ? options.oidc_metadata : {};
  const uri = typeof options.jwks_uri === 'string' && options.jwks_uri ? options.jwks_uri : metadata.jwks_uri;
  return typeof uri === 'string' && uri ? uri : undefined;
}

/** The Okta issuer the connection trusts: the one its ID tokens carry (https://{domain}, no slash). */
export function oktaIssuerOf(connection: WireConnection): string | undefined {
  const options = connection.options;
  const metadata = isObject(options.oidc_metadata) ? options.oidc_metadata : {};
  if (typeof options.issuer === 'string' && options.issuer) return options.issuer;
  if (typeof metadata.issuer === 'string' && metadata.issuer) return metadata.issuer;
  return typeof options.domain === 'string' && options.domain ? `https://${options.domain}` : undefined;
}
