// For the global token revocation tests: a GTR request as Okta sends it (docs/fidelity.md#universal-logout-sender-and-scim-push) —
// a JWT signed with the Okta org's ID-token key (header typ global-token-revocation+jwt; iss the org,
// sub the Okta app's client_id, aud the exact endpoint URL, jti, iat, nbf = now − 5 min,
// exp = now + 5 min) and a JSON body naming the user — with every part overridable so that a test
// can get one thing wrong at a time.
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { SigningKey } from '../../shared/signing-keys.ts';
import type { Federation } from '../authentication/federation-test-kit.ts';

export interface RevocationTokenOptions {
  /** Signing key; the Okta org's own by default. */
  key?: Pick<SigningKey, 'privateKey' | 'kid'>;
  typ?: string;
  iss?: string;
  sub?: string;
  aud?: string;
  jti?: string;
  /** Seconds relative to now. */
  iat?: number;
  nbf?: number;
  exp?: number;
}

/** The connection's revocation endpoint (the federation's own connection unless `name` says otherwise). */
export function revocationEndpoint(federation: Federation, name = federation.connection.name): string {
  return `${federation.emulators.auth0.origin}/oauth/global-token-revocation/connection/${name}`;
}

export async function revocationToken(federation: Federation, options: RevocationTokenOptions = {}): Promise<string> {
  const { okta } = federation.emulators;
  const key = options.key ?? okta.signingKey;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    jti: options.jti ?? randomUUID(),
    iss: options.iss ?? okta.issuer,
    sub: options.sub ?? federation.oktaApp.clientId,
    aud: options.aud ?? revocationEndpoint(federation),
    iat: now + (options.iat ?? 0),
    nbf: now + (options.nbf ?? -300),
    exp: now + (options.exp ?? 300),
  })
    .setProtectedHeader({ alg: 'RS256', typ: options.typ ?? 'global-token-revocation+jwt', kid: key.kid })
    .sign(key.privateKey);
}

/** `{"sub_id": {"format": "iss_sub", "iss": <okta>, "sub": <okta user id>}}` (or under `subject`). */
export function revocationBody(federation: Federation, member: 'sub_id' | 'subject' = 'sub_id', sub = federation.user.id): Record<string, unknown> {
  return { [member]: { format: 'iss_sub', iss: federation.emulators.okta.issuer, sub } };
}

export async function postRevocation(
  federation: Federation,
  request: { token?: string; body?: unknown; rawBody?: string; connectionName?: string; authorization?: string | null } = {},
): Promise<Response> {
  const name = request.connectionName ?? federation.connection.name;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const authorization = request.authorization === undefined ? `Bearer ${request.token ?? (await revocationToken(federation))}` : request.authorization;
  if (authorization !== null) headers.authorization = authorization;
  return fetch(revocationEndpoint(federation, name), {
    method: 'POST',
    headers,
    body: request.rawBody ?? JSON.stringify(request.body ?? revocationBody(federation)),
  });
}
