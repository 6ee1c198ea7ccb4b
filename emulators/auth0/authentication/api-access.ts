// Who may get an access token for an API (a resource server of the tenant), with which scopes:
// Auth0's application access policies (`subject_type_authorization`) and client grants
// (docs/fidelity.md#authentication-api-apis-and-access-tokens). `user` access covers every flow
// on a user's behalf (/authorize, refresh tokens); `client` access is the client-credentials grant.
import type { Auth0Store, WireResourceServer } from '../store.ts';

export type AccessDecision = { api: WireResourceServer; scopes: string[] } | { error: 'access_denied'; description: string };

const notAuthorized = (clientId: string, audience: string) => `Client "${clientId}" is not authorized to access resource server "${audience}".`;

/** An unknown audience at /authorize: Auth0's words. */
export const serviceNotFound = (audience: string) => `Service not found: ${audience}`;

/**
 * Scopes `clientId` may hold for `audience` on a user's behalf: every scope of the API under
 * `allow_all` (the default), the client grant's (`subject_type: user`) as a ceiling under
 * `require_client_grant`, none under `deny_all`. System APIs (the Management API) are not offered
 * to users here: their user-delegated scopes are not emulated.
 */
export function userAccess(store: Auth0Store, audience: string, clientId: string): AccessDecision {
  const api = store.resourceServerByIdentifier(audience);
  if (!api) return { error: 'access_denied', description: serviceNotFound(audience) };
  const policy = api.subject_type_authorization?.user?.policy ?? 'allow_all';
  if (api.is_system || policy === 'deny_all') return { error: 'access_denied', description: notAuthorized(clientId, audience) };
  if (policy === 'allow_all') return { api, scopes: apiScopes(api) };
  const grant = store.clientGrantFor(clientId, audience, 'user');
  if (!grant) return { error: 'access_denied', description: notAuthorized(clientId, audience) };
  return { api, scopes: grantedScopes(api, grant) };
}

/**
 * The client-credentials grant for an API: a client grant (`subject_type: client`) is needed unless
 * the policy denies all; a `scope` parameter must stay within the grant ("Client has not been
 * granted scopes: …"), without one the token carries every granted scope.
 */
export function clientAccess(store: Auth0Store, api: WireResourceServer, clientId: string, requestedScope: string | undefined): AccessDecision {
  const policy = api.subject_type_authorization?.client?.policy ?? 'require_client_grant';
  const grant = store.clientGrantFor(clientId, api.identifier, 'client');
  if (policy === 'deny_all' || !grant) return { error: 'access_denied', description: notAuthorized(clientId, api.identifier) };
  const granted = grantedScopes(api, grant);
  if (requestedScope === undefined) return { api, scopes: granted };
  const requested = requestedScope.split(' ').filter(Boolean);
  const missing = requested.filter(s => !granted.includes(s));
  if (missing.length) return { error: 'access_denied', description: `Client has not been granted scopes: ${missing.join(' ')}` };
  return { api, scopes: requested };
}

/** Whether the API's access tokens carry `permissions` (RBAC's "Add Permissions in the Access Token"). */
export function addsPermissions(api: WireResourceServer): boolean {
  return api.enforce_policies === true && (api.token_dialect === 'access_token_authz' || api.token_dialect === 'rfc9068_profile_authz');
}

export function usesRfc9068Profile(api: WireResourceServer): boolean {
  return api.token_dialect === 'rfc9068_profile' || api.token_dialect === 'rfc9068_profile_authz';
}

function apiScopes(api: WireResourceServer): string[] {
  return (api.scopes ?? []).map(s => s.value);
}

/** A grant is a ceiling: its scopes that the API still defines, or all of them with allow_all_scopes. */
function grantedScopes(api: WireResourceServer, grant: { scope?: string[]; allow_all_scopes?: boolean }): string[] {
  const defined = apiScopes(api);
  if (grant.allow_all_scopes) return defined;
  return (grant.scope ?? []).filter(s => defined.includes(s));
}
