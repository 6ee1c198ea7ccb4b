// Okta users as OpenID Connect accounts. The org authorization server's ID token is thin
// (docs/fidelity.md#org-authorization-server-endpoints): base claims plus `email` (email scope) and `name` + `preferred_username` (profile scope),
// with Okta's own `ver`, `jti: "ID.…"`, `idp` and `at_hash`; everything else of the granted scopes
// comes only from /userinfo (same section). Only ACTIVE users are accounts: a session or token of a user
// who was deactivated or suspended since stops working.
import { randomBytes } from 'node:crypto';
import { errors, type Account, type AccountClaims, type FindAccount, type KoaContextWithOIDC } from 'oidc-provider';
import type { OktaStore, UserRecord } from '../store.ts';

/** Which claims each scope releases (oidc-provider's `claims` setting; also `claims_supported`). */
export const SCOPE_CLAIMS = {
  // ver, jti, amr, idp, auth_time and at_hash are ID token claims; userinfo never returns them.
  openid: ['sub', 'ver', 'jti', 'amr', 'idp', 'auth_time', 'at_hash'],
  profile: [
    'name',
    'nickname',
    'preferred_username',
    'given_name',
    'middle_name',
    'family_name',
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
  phone: ['phone_number'],
  groups: ['groups'],
};

/** Scopes that give /userinfo something to return (otherwise 403 insufficient_scope: docs/fidelity.md#org-authorization-server-endpoints). */
const USERINFO_SCOPES = ['profile', 'email', 'address', 'phone'];

export function findAccount(store: OktaStore): FindAccount {
  return async (ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> => {
    const user = store.users.get(sub);
    if (!user || user.wire.status !== 'ACTIVE') return undefined;
    return {
      accountId: sub,
      async claims(use: string, scope: string): Promise<AccountClaims> {
        const scopes = new Set(scope.split(' '));
        if (use === 'id_token') return idTokenClaims(user, scopes, store.orgId, ctx);
        if (!USERINFO_SCOPES.some(s => scopes.has(s))) {
          throw new errors.InsufficientScope('access token missing a userinfo scope', USERINFO_SCOPES.join(' '));
        }
        return userinfoClaims(store, user, scopes);
      },
    };
  };
}

function idTokenClaims(user: UserRecord, scopes: Set<string>, orgId: string, ctx: KoaContextWithOIDC): AccountClaims {
  const profile = user.wire.profile;
  return {
    sub: user.wire.id,
    ...(scopes.has('profile') ? { name: displayName(user) } : {}),
    ...(scopes.has('email') ? { email: profile.email } : {}),
    ver: 1,
    jti: 'ID.' + randomBytes(32).toString('base64url'),
    idp: orgId,
    ...(scopes.has('profile') ? { preferred_username: profile.login } : {}),
    // oidc-provider hashes at_hash claims itself; an opaque access token's value is its jti.
    ...(ctx.oidc.entities.AccessToken ? { at_hash: ctx.oidc.entities.AccessToken.jti } : {}),
  };
}

function userinfoClaims(store: OktaStore, user: UserRecord, scopes: Set<string>): AccountClaims {
  const profile = user.wire.profile;
  const text = (key: string): string | undefined => (typeof profile[key] === 'string' && profile[key] ? (profile[key] as string) : undefined);
  const claims: AccountClaims = { sub: user.wire.id };
  if (scopes.has('profile')) {
    Object.assign(
      claims,
      defined({
        name: displayName(user),
        nickname: text('nickName'),
        given_name: text('firstName'),
        middle_name: text('middleName'),
        family_name: text('lastName'),
        profile: text('profileUrl'),
        zoneinfo: text('timezone') ?? 'America/Los_Angeles',
        locale: (text('locale') ?? 'en-US').replace('_', '-'),
        preferred_username: profile.login,
        updated_at: Math.floor(Date.parse(user.wire.lastUpdated ?? user.wire.created ?? new Date().toISOString()) / 1000),
      }),
    );
  }
  if (scopes.has('email')) Object.assign(claims, { email: profile.email, email_verified: user.wire.status === 'ACTIVE' });
  if (scopes.has('address')) {
    const address = defined({
      street_address: text('streetAddress'),
      locality: text('city'),
      region: text('state'),
      postal_code: text('zipCode'),
      country: text('countryCode'),
    });
    if (Object.keys(address).length) claims.address = address;
  }
  if (scopes.has('phone')) {
    const phone = text('mobilePhone') ?? text('primaryPhone');
    if (phone) claims.phone_number = phone;
  }
  if (scopes.has('groups')) {
    claims.groups = [...store.groups.values()]
      .filter(group => store.groupMembers.get(group.id)?.has(user.wire.id))
      .map(group => String(group.profile?.name ?? group.id));
  }
  return claims;
}

/** Okta's `name` claim: the display name, else "first last", else the login. */
function displayName(user: UserRecord): string {
  const profile = user.wire.profile;
  if (typeof profile.displayName === 'string' && profile.displayName) return profile.displayName;
  const full = [profile.firstName, profile.lastName].filter(part => typeof part === 'string' && part).join(' ');
  return full || profile.login;
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
