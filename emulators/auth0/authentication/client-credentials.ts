// grant_type=client_credentials at POST /oauth/token: the Management API's audience (and any audience
// the tenant does not know) goes to the Management API's token issuer; an API of the tenant gets a
// machine-to-machine access token when a client grant allows it
// (docs/fidelity.md#authentication-api-apis-and-access-tokens).
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { Auth0TenantCore } from '../tenant-context.ts';
import type { WireResourceServer } from '../store.ts';
import { issueManagementToken, refuseClientCredentials, type ManagementTokenRequest, type ManagementTokenResult } from '../management/management-token.ts';
import { DEFAULT_TOKEN_LIFETIME } from '../management/resource-server-payload.ts';
import { addsPermissions, clientAccess, usesRfc9068Profile } from './api-access.ts';

export interface ClientCredentialsRequest extends ManagementTokenRequest {
  /** The `scope` parameter as sent, if any. */
  scope?: string;
}

export async function clientCredentialsGrant(context: Auth0TenantCore, request: ClientCredentialsRequest): Promise<ManagementTokenResult> {
  const api = request.audience && request.audience !== context.managementAudience ? context.store.resourceServerByIdentifier(request.audience) : undefined;
  if (!api) return issueManagementToken(context, request);
  const result = await apiToken(context, request, api);
  context.events.record('auth0.token', {
    grant_type: 'client_credentials',
    client_id: request.clientId,
    audience: request.audience,
    status: result.status,
    ...(result.status === 200 ? { scope: result.body.scope } : { error: result.body.error, detail: result.body.error_description }),
  });
  return result;
}

async function apiToken(context: Auth0TenantCore, request: ClientCredentialsRequest, api: WireResourceServer): Promise<ManagementTokenResult> {
  const refused = refuseClientCredentials(context, request);
  if (refused) return refused;
  const access = clientAccess(context.store, api, request.clientId, request.scope);
  if ('error' in access) return { status: 403, body: { error: access.error, error_description: access.description } };
  const scope = access.scopes.join(' ');
  const lifetime = api.token_lifetime ?? DEFAULT_TOKEN_LIFETIME;
  const now = Math.floor(Date.now() / 1000);
  // Auth0's default token profile, or the RFC 9068 one (client_id and jti instead of azp and gty).
  const rfc9068 = usesRfc9068Profile(api);
  const claims: Record<string, unknown> = rfc9068
    ? { client_id: request.clientId, jti: randomUUID(), scope }
    : { scope, gty: 'client-credentials', azp: request.clientId };
  if (addsPermissions(api)) claims.permissions = access.scopes;
  const accessToken = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: rfc9068 ? 'at+jwt' : 'JWT', kid: context.signingKey.kid })
    .setIssuer(context.issuer)
    .setSubject(`${request.clientId}@clients`)
    .setAudience(api.identifier)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetime)
    .sign(context.signingKey.privateKey);
  return { status: 200, body: { access_token: accessToken, expires_in: lifetime, scope, token_type: 'Bearer' } };
}
