// SCIM 2.0 schema and message URNs (RFC 7643, RFC 7644) and the media type.
export const SCIM_SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
} as const;

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Schema URNs whose attributes sit at the top level of a resource (no URN prefix needed). */
export const CORE_SCHEMAS = new Set<string>([SCIM_SCHEMAS.user.toLowerCase(), SCIM_SCHEMAS.group.toLowerCase()]);
/** Extension schemas whose attributes sit under the URN as a key. */
export const EXTENSION_SCHEMAS = new Set<string>([SCIM_SCHEMAS.enterpriseUser.toLowerCase()]);
