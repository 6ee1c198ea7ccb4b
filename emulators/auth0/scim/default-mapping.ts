// The default SCIM ↔ Auth0 attribute map of a connection's SCIM configuration, per strategy, as the
// recorded real tenant returns it (docs/fidelity.md#auth0-scim-configuration-and-tokens): 32 entries
// for `okta` (also used for `oidc` and `samlp`, which no recording shows), 30 for `waad` (`userName`
// from `upn`, the work email, no middle name or honorifics, a fax number). Enterprise attributes are
// written `…:User.employeeNumber`, as the tenant writes them. Returned by GET
// …/scim-configuration/default-mapping and used when a configuration is created without a mapping.
import type { Management } from 'auth0';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export const DEFAULT_USER_ID_ATTRIBUTE = 'externalId';

type MappingItem = Required<Pick<Management.ScimMappingItem, 'scim' | 'auth0'>>;

const WORK_ADDRESS: MappingItem[] = [
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
  { scim: `${ENTERPRISE}.employeeNumber`, auth0: 'app_metadata.employee_id' },
  { scim: `${ENTERPRISE}.costCenter`, auth0: 'app_metadata.cost_center' },
  { scim: `${ENTERPRISE}.organization`, auth0: 'app_metadata.organization' },
  { scim: `${ENTERPRISE}.division`, auth0: 'app_metadata.division' },
  { scim: `${ENTERPRISE}.department`, auth0: 'app_metadata.department' },
  { scim: `${ENTERPRISE}.manager`, auth0: 'app_metadata.manager' },
];

const NAME_AND_PHOTO: MappingItem[] = [
  { scim: 'externalId', auth0: 'app_metadata.external_id' },
  { scim: 'active', auth0: 'blocked' },
  { scim: 'displayName', auth0: 'name' },
  { scim: 'name.givenName', auth0: 'given_name' },
  { scim: 'name.familyName', auth0: 'family_name' },
];

/** The okta default (TestAccSCIMConfiguration, TestAccDataSCIMConfiguration). */
export const DEFAULT_SCIM_MAPPING: readonly MappingItem[] = [
  { scim: 'userName', auth0: 'preferred_username' },
  { scim: 'emails[primary eq true].value', auth0: 'email' },
  ...NAME_AND_PHOTO,
  { scim: 'name.middleName', auth0: 'app_metadata.middle_name' },
  { scim: 'name.honorificPrefix', auth0: 'app_metadata.honorific_prefix' },
  { scim: 'name.honorificSuffix', auth0: 'app_metadata.honorific_suffix' },
  { scim: 'nickName', auth0: 'nickname' },
  { scim: 'photos[type eq "photo"].value', auth0: 'picture' },
  { scim: 'phoneNumbers[primary eq true].value', auth0: 'app_metadata.primary_phone_number' },
  { scim: 'phoneNumbers[type eq "mobile"].value', auth0: 'app_metadata.mobile_phone_number' },
  ...WORK_ADDRESS,
];

/** The waad (Entra ID) default (TestAccSCIMToken). */
export const WAAD_DEFAULT_SCIM_MAPPING: readonly MappingItem[] = [
  { scim: 'userName', auth0: 'upn' },
  { scim: 'emails[type eq "work"].value', auth0: 'email' },
  ...NAME_AND_PHOTO,
  { scim: 'nickName', auth0: 'nickname' },
  { scim: 'photos[type eq "photo"].value', auth0: 'picture' },
  { scim: 'phoneNumbers[type eq "work"].value', auth0: 'app_metadata.work_phone_number' },
  { scim: 'phoneNumbers[type eq "mobile"].value', auth0: 'app_metadata.mobile_phone_number' },
  { scim: 'phoneNumbers[type eq "fax"].value', auth0: 'app_metadata.fax_number' },
  ...WORK_ADDRESS,
];

export function defaultMapping(strategy = 'okta'): { scim: string; auth0: string }[] {
  return (strategy === 'waad' ? WAAD_DEFAULT_SCIM_MAPPING : DEFAULT_SCIM_MAPPING).map(item => ({ ...item }));
}
