// The run's API on Auth0 (a resource server) and the applications' access to it, through the
// `auth0` SDK's ManagementClient. The API lets users' applications in only by client grant (Auth0's
// application access policy for user flows, `subject_type_authorization.user: require_client_grant`),
// and each of the run's applications gets a client grant with `subject_type: "user"` for its scope.
// The Management API scopes these calls need are in AUTH0_SCOPES (auth0.ts) with the others.
// Client grants go with their application or API, so teardown deletes neither directly.
import type { Management, ManagementClient } from 'auth0';
import { deletedOrAbsent, undefinedIfNotFound } from './not-found.ts';

/** The permission the run's applications are granted: read who called the demo API. */
export const DEMO_API_SCOPE = 'read:whoami';
/** A permission the API defines and no application is granted: its endpoint always refuses them (403). */
export const DEMO_API_UNGRANTED_SCOPE = 'read:reports';

export interface Auth0ApiSpec {
  name: string;
  /** The API's identifier, the `audience` applications ask tokens for. */
  identifier: string;
}

function auth0ApiBody(spec: Auth0ApiSpec): Management.CreateResourceServerRequestContent {
  return {
    name: spec.name,
    identifier: spec.identifier,
    scopes: [
      { value: DEMO_API_SCOPE, description: 'Read who called the API and with which scopes' },
      { value: DEMO_API_UNGRANTED_SCOPE, description: 'Read reports (granted to no application of the run)' },
    ],
    signing_alg: 'RS256',
    // Refresh tokens for this API: the apps renew their access tokens without a new login.
    allow_offline_access: true,
    skip_consent_for_verifiable_first_party_clients: true,
    // Only applications granted access get tokens, for users and for machines alike.
    subject_type_authorization: { user: { policy: 'require_client_grant' }, client: { policy: 'require_client_grant' } },
  };
}

export async function createAuth0Api(mgmt: ManagementClient, spec: Auth0ApiSpec): Promise<string> {
  const created = await mgmt.resourceServers.create(auth0ApiBody(spec));
  return created.id!;
}

export async function getAuth0Api(mgmt: ManagementClient, id: string): Promise<Management.GetResourceServerResponseContent | undefined> {
  return undefinedIfNotFound(() => mgmt.resourceServers.get(id));
}

export async function findAuth0ApisByName(mgmt: ManagementClient, name: string): Promise<Management.ResourceServer[]> {
  return (await listAuth0Apis(mgmt)).filter(api => api.name === name);
}

export async function listAuth0ApisWithPrefix(mgmt: ManagementClient, prefix: string): Promise<Management.ResourceServer[]> {
  return (await listAuth0Apis(mgmt)).filter(api => api.name?.startsWith(prefix));
}

async function listAuth0Apis(mgmt: ManagementClient): Promise<Management.ResourceServer[]> {
  const all: Management.ResourceServer[] = [];
  for await (const api of await mgmt.resourceServers.list({ per_page: 100 })) all.push(api);
  return all;
}

export async function deleteAuth0Api(mgmt: ManagementClient, id: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => mgmt.resourceServers.delete(id));
}

/**
 * The application may get tokens for the API on a user's behalf, with `scopes`: a client grant
 * with `subject_type: "user"`, created unless it exists (`known: false` skips the look-up, for an
 * application or API created moments ago).
 */
export async function ensureUserAccessGrant(
  mgmt: ManagementClient,
  grant: { clientId: string; audience: string; scopes: string[]; known: boolean },
): Promise<'created' | 'exists'> {
  if (grant.known) {
    const existing = await mgmt.clientGrants.list({ client_id: grant.clientId, audience: grant.audience, subject_type: 'user' });
    if (existing.data.length) return 'exists';
  }
  await mgmt.clientGrants.create({ client_id: grant.clientId, audience: grant.audience, scope: grant.scopes, subject_type: 'user' });
  return 'created';
}
