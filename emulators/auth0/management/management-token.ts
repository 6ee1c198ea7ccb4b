// The client-credentials grant for the Management API audience (docs/fidelity.md#auth0-management-api-conventions).
// The Authentication API's POST /oauth/token owns the HTTP side (form or JSON parsing, client
// authentication transport) and calls issueManagementToken for grant_type=client_credentials
// when the audience is not one of the tenant's other APIs (authentication/client-credentials.ts).
import { SignJWT } from 'jose';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Auth0TenantCore } from '../tenant-context.ts';

export const MANAGEMENT_TOKEN_LIFETIME_SECONDS = 86400;

export interface ManagementTokenRequest {
  clientId: string;
  /** The secret as presented (client_secret_post or Basic). Absent → the client is not authenticated → 401. */
  clientSecret?: string;
  /** The `audience` parameter as sent; absent or empty → 403 (no default audience on the emulated tenant). */
  audience?: string;
}

export interface ManagementTokenSuccess {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

export type ManagementTokenResult = { status: 200; body: ManagementTokenSuccess } | { status: 401 | 403; body: OAuthErrorBody };

/**
 * Client-credentials grant for the Management API (`aud` = `context.managementAudience`).
 * Returns the `/oauth/token` response to send as JSON with that status:
 * 200 `{access_token, expires_in: 86400, scope, token_type: "Bearer"}`;
 * 401 `access_denied` "Unauthorized" (unknown client or wrong/missing secret);
 * 403 `unauthorized_client` (client lacks the client_credentials grant type);
 * 403 `access_denied` "Service not enabled within domain: <aud>" (unknown audience) or
 * `Client "<id>" is not authorized to access resource server "<aud>".` (no client grant).
 * The token is an RS256 JWT signed with `context.signingKey` (kid in the header), claims
 * iss, sub `<client_id>@clients`, aud, iat, exp (+86400), scope, gty `client-credentials`, azp.
 */
export async function issueManagementToken(context: Auth0TenantCore, request: ManagementTokenRequest): Promise<ManagementTokenResult> {
  const result = await decide(context, request);
  context.events.record('auth0.management.token', { client_id: request.clientId, audience: request.audience, status: result.status });
  return result;
}

async function decide(context: Auth0TenantCore, request: ManagementTokenRequest): Promise<ManagementTokenResult> {
  const refused = refuseClientCredentials(context, request);
  if (refused) return refused;
  const { clientId, audience } = request;
  if (!audience) {
    return {
      status: 403,
      body: { error: 'access_denied', error_description: 'No audience parameter was provided, and no default audience has been configured' },
    };
  }
  if (audience !== context.managementAudience) {
    return { status: 403, body: { error: 'access_denied', error_description: `Service not enabled within domain: ${audience}` } };
  }
  // The seeded app's grant, or one created through /api/v2/client-grants for the Management API.
  const granted = context.store.clients.get(clientId)?.managementScopes ?? context.store.clientGrantFor(clientId, audience, 'client')?.scope;
  if (!granted) {
    return {
      status: 403,
      body: { error: 'access_denied', error_description: `Client "${clientId}" is not authorized to access resource server "${audience}".` },
    };
  }

  const scope = granted.join(' ');
  const now = Math.floor(Date.now() / 1000);
  const accessToken = await new SignJWT({ scope, gty: 'client-credentials', azp: clientId })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: context.signingKey.kid })
    .setIssuer(context.issuer)
    .setSubject(`${clientId}@clients`)
    .setAudience(context.managementAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + MANAGEMENT_TOKEN_LIFETIME_SECONDS)
    .sign(context.signingKey.privateKey);
  return { status: 200, body: { access_token: accessToken, expires_in: MANAGEMENT_TOKEN_LIFETIME_SECONDS, scope, token_type: 'Bearer' } };
}

/**
 * What every client-credentials request must pass, whatever the audience: a known client with its
 * secret (else 401 access_denied "Unauthorized"), allowed the client_credentials grant type (else
 * 403 unauthorized_client). Undefined when it passes.
 */
export function refuseClientCredentials(context: Auth0TenantCore, { clientId, clientSecret }: ManagementTokenRequest): ManagementTokenResult | undefined {
  const client = context.store.clients.get(clientId);
  const storedSecret = client?.wire.client_secret;
  if (!client || typeof storedSecret !== 'string' || clientSecret === undefined || !sameSecret(storedSecret, clientSecret)) {
    return { status: 401, body: { error: 'access_denied', error_description: 'Unauthorized' } };
  }
  const grantTypes = client.wire.grant_types;
  if (Array.isArray(grantTypes) && !grantTypes.includes('client_credentials')) {
    return { status: 403, body: { error: 'unauthorized_client', error_description: "Grant type 'client_credentials' not allowed for the client." } };
  }
  return undefined;
}

/** Constant-time comparison (hashes first, so lengths do not leak either). */
function sameSecret(expected: string, presented: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(presented));
}
