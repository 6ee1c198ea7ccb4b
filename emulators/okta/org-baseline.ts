// What every Okta org holds from the day it is created, before anyone calls the Management API:
// the super admin whose API token the API is called with (`GET /api/v1/users/me`, `createdBy` of
// trusted origins) and the built-in `Everyone` group, of which every user is a member. Both are
// put back, with the same ids, when the store is reset, as a real org never loses them.
// Shapes and texts: docs/fidelity.md#the-orgs-own-user-and-everyone
// (The store imports this module; the records are typed where the store keeps them.)

/** The token owner's profile (a real org's is the person who signed up for it). */
export const API_TOKEN_OWNER_PROFILE = { firstName: 'Org', lastName: 'Admin', login: 'org.admin@example.com', email: 'org.admin@example.com' };

export const EVERYONE_PROFILE = { name: 'Everyone', description: 'All users in your organization' };

export interface OrgIdentity {
  apiTokenOwnerId: string;
  everyoneGroupId: string;
  defaultUserTypeId: string;
  realmId: string;
  /** When the org was created: the owner's and the group's timestamps. */
  createdAt: string;
}

/**
 * The super admin: ACTIVE with a password nobody here knows (the record holds no hash, so no
 * sign-in can succeed), signed in once, when the org was set up.
 */
export function apiTokenOwner(org: OrgIdentity) {
  const time = org.createdAt;
  return {
    wire: {
      id: org.apiTokenOwnerId,
      status: 'ACTIVE' as const,
      created: time,
      activated: time,
      statusChanged: time,
      lastLogin: time,
      lastUpdated: time,
      passwordChanged: time,
      realmId: org.realmId,
      type: { id: org.defaultUserTypeId },
      profile: {
        firstName: API_TOKEN_OWNER_PROFILE.firstName,
        lastName: API_TOKEN_OWNER_PROFILE.lastName,
        mobilePhone: null,
        secondEmail: null,
        login: API_TOKEN_OWNER_PROFILE.login,
        email: API_TOKEN_OWNER_PROFILE.email,
      },
      credentials: { password: {}, provider: { type: 'OKTA' as const, name: 'OKTA' } },
    },
  };
}

export function everyoneGroup(org: OrgIdentity) {
  return {
    id: org.everyoneGroupId,
    created: org.createdAt,
    lastUpdated: org.createdAt,
    lastMembershipUpdated: org.createdAt,
    objectClass: ['okta:user_group'],
    type: 'BUILT_IN' as const,
    profile: { ...EVERYONE_PROFILE },
  };
}
