// The SCIM User Okta's SCIM client sends for an Okta user (docs/fidelity.md#universal-logout-sender-and-scim-push): userName (the
// app username, by default the login), name, the primary work email, displayName, locale,
// externalId = the Okta user id (the `sub` of Okta's ID tokens), an empty groups list, and on
// create a placeholder password — Okta always sends one.
import { randomBytes } from 'node:crypto';
import type { UserRecord } from '../store.ts';

export const SCIM_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

export interface OktaScimUser {
  schemas: string[];
  id?: string;
  userName: string;
  name: { givenName?: string; familyName?: string };
  emails: { primary: boolean; value: string; type: string }[];
  displayName: string;
  locale: string;
  externalId: string;
  groups: unknown[];
  password?: string;
  active: boolean;
}

export function scimUserOf(user: UserRecord, userName: string, active: boolean): OktaScimUser {
  const profile = user.wire.profile;
  const givenName = typeof profile.firstName === 'string' ? profile.firstName : undefined;
  const familyName = typeof profile.lastName === 'string' ? profile.lastName : undefined;
  const displayName = typeof profile.displayName === 'string' && profile.displayName ? profile.displayName : [givenName, familyName].filter(Boolean).join(' ');
  return {
    schemas: [SCIM_USER_SCHEMA],
    userName,
    name: { ...(givenName !== undefined ? { givenName } : {}), ...(familyName !== undefined ? { familyName } : {}) },
    emails: profile.email ? [{ primary: true, value: profile.email, type: 'work' }] : [],
    displayName,
    locale: typeof profile.locale === 'string' && profile.locale ? profile.locale : 'en-US',
    externalId: user.wire.id,
    groups: [],
    active,
  };
}

/** The placeholder password of a create: eight random characters, never the user's password. */
export function placeholderPassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyz23456789';
  return [...randomBytes(8)].map(b => alphabet[b % alphabet.length]).join('');
}
