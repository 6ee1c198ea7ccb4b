// The default SCIM ↔ Auth0 attribute map of a connection's SCIM configuration (reference auth0.md
// §17; `userName → preferred_username` and `emails[primary eq true].value → email` are confirmed by
// the SDK's own fixtures, the app_metadata names follow the dashboard's default map as quoted in
// public code [field]). Returned by GET …/scim-configuration/default-mapping and used when a
// configuration is created without a mapping.
import type { Management } from 'auth0';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const DEFAULT_USER_ID_ATTRIBUTE = 'externalId';

export const DEFAULT_SCIM_MAPPING: readonly Required<Pick<Management.ScimMappingItem, 'scim' | 'auth0'>>[] = [
  { scim: 'userName', auth0: 'preferred_username' },
  { scim: 'emails[primary eq true].value', auth0: 'email' },
  { scim: 'active', auth0: 'blocked' },
  { scim: 'displayName', auth0: 'name' },
  { scim: 'name.givenName', auth0: 'given_name' },
  { scim: 'name.familyName', auth0: 'family_name' },
  { scim: 'nickName', auth0: 'nickname' },
  { scim: 'photos[type eq "photo"].value', auth0: 'picture' },
  { scim: 'externalId', auth0: 'app_metadata.external_id' },
  { scim: 'phoneNumbers[type eq "work"].value', auth0: 'app_metadata.work_phone_number' },
  { scim: 'phoneNumbers[type eq "home"].value', auth0: 'app_metadata.home_phone_number' },
  { scim: 'phoneNumbers[type eq "mobile"].value', auth0: 'app_metadata.mobile_phone_number' },
  { scim: 'addresses[type eq "work"].streetAddress', auth0: 'app_metadata.street_address' },
  { scim: 'addresses[type eq "work"].locality', auth0: 'app_metadata.city' },
  { scim: 'addresses[type eq "work"].region', auth0: 'app_metadata.state' },
  { scim: 'addresses[type eq "work"].postalCode', auth0: 'app_metadata.postal_code' },
  { scim: 'addresses[type eq "work"].formatted', auth0: 'app_metadata.postal_address' },
  { scim: 'addresses[type eq "work"].country', auth0: 'app_metadata.country' },
  { scim: 'profileUrl', auth0: 'app_metadata.profile_url' },
  { scim: 'userType', auth0: 'app_metadata.user_type' },
  { scim: 'title', auth0: 'app_metadata.title' },
  { scim: 'preferredLanguage', auth0: 'app_metadata.language' },
  { scim: 'locale', auth0: 'app_metadata.locale' },
  { scim: 'timezone', auth0: 'app_metadata.timezone' },
  { scim: `${ENTERPRISE}:employeeNumber`, auth0: 'app_metadata.employee_id' },
  { scim: `${ENTERPRISE}:costCenter`, auth0: 'app_metadata.cost_center' },
  { scim: `${ENTERPRISE}:organization`, auth0: 'app_metadata.organization' },
  { scim: `${ENTERPRISE}:division`, auth0: 'app_metadata.division' },
  { scim: `${ENTERPRISE}:department`, auth0: 'app_metadata.department' },
  { scim: `${ENTERPRISE}:manager.value`, auth0: 'app_metadata.manager' },
];

export function defaultMapping(): { scim: string; auth0: string }[] {
  return DEFAULT_SCIM_MAPPING.map(item => ({ ...item }));
}
