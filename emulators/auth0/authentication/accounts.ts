// Auth0 users as oidc-provider accounts: the claims of ID tokens and /userinfo come from the user's
// root attributes, as Auth0 issues them (docs/fidelity.md#authentication-api-id-token-and-userinfo): ISO `updated_at`, `nickname`, `picture`,
// and given/family names only when known.
import type { Account, FindAccount } from 'oidc-provider';
import type { Auth0Store, WireUser } from '../store.ts';

/** Standard OIDC claims per scope; oidc-provider omits those the user does not have. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub'],
  profile: [
    'name',
    'given_name',
    'family_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

const CLAIM_NAMES = new Set(Object.values(CLAIMS_BY_SCOPE).flat());

export function findAccount(store: Auth0Store): FindAccount {
  return (_ctx, sub) => {
    const user = store.users.get(sub);
    return user ? accountOf(user) : undefined;
  };
}

function accountOf(user: WireUser): Account {
  return {
    accountId: user.user_id,
    claims: () => {
      const claims: Record<string, unknown> = { sub: user.user_id };
      for (const [name, value] of Object.entries(user)) {
        if (CLAIM_NAMES.has(name) && value !== undefined && value !== null && value !== '') claims[name] = value;
      }
      return claims as { sub: string };
    },
  };
}
