// The profile of a user's assignment to an OIDC app: the app user schema's attributes (the OIDC
// standard claims), filled from the Okta user by the default profile mapping each time it is read,
// so that a change to the user shows in the assignment as it does on a real org; what the
// assignment itself set wins. Recorded key set and defaults: docs/fidelity.md#app-assignments
import type { UserProfileRecord } from '../store.ts';

/** Okta attribute → app user attribute, for those the default mapping copies one to one. */
const COPIED: Record<string, string> = {
  given_name: 'firstName',
  middle_name: 'middleName',
  family_name: 'lastName',
  nickname: 'nickName',
  email: 'email',
  phone_number: 'primaryPhone',
  street_address: 'streetAddress',
  locality: 'city',
  region: 'state',
  postal_code: 'zipCode',
  country: 'countryCode',
  profile: 'profileUrl',
};

/** In the order a real org writes them. */
const ATTRIBUTES = [
  'street_address',
  'country',
  'website',
  'zoneinfo',
  'birthdate',
  'gender',
  'formatted',
  'profile',
  'locality',
  'given_name',
  'middle_name',
  'locale',
  'picture',
  'name',
  'nickname',
  'phone_number',
  'region',
  'postal_code',
  'family_name',
  'email',
];

export function appUserProfile(user: UserProfileRecord | undefined, assigned: Record<string, unknown> = {}): Record<string, unknown> {
  const text = (name: string) => (typeof user?.[name] === 'string' ? (user[name] as string) : null);
  const mapped: Record<string, unknown> = Object.fromEntries(ATTRIBUTES.map(name => [name, null]));
  for (const [attribute, source] of Object.entries(COPIED)) mapped[attribute] = text(source);
  const fullName = [text('firstName'), text('lastName')].filter(Boolean).join(' ');
  mapped.name = fullName || null;
  mapped.locale = text('locale') ?? 'en_US';
  mapped.zoneinfo = text('timezone') ?? 'America/Los_Angeles';
  return { ...mapped, ...assigned };
}
