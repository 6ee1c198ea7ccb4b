// The connection's attribute map applied both ways: an Auth0 user rendered as a SCIM User, and a
// SCIM User's attributes written onto an Auth0 user. Mapped Auth0 attributes are root attributes
// (`email`, `given_name`, …) or metadata members (`app_metadata.department`). `active` ↔ `blocked`
// is inverted, as Auth0 documents ("When active contains a value of true or false, Auth0 reverses
// the value"). The SCIM `id` is always the Auth0 user_id; attributes the map does not name are
// ignored in requests and absent from responses.
import type { ScimConfigurationRecord, WireUser } from '../store.ts';
import { isObject, parseAttributePath, setAt, valueAt, type AttributePath, type JsonObject } from './scim-filter.ts';
import { scimErrors } from './scim-error.ts';
import { SCIM_SCHEMAS } from './scim-schemas.ts';

/** Auth0 attributes a mapping may not target: Auth0 owns them. */
export const UNMAPPABLE_AUTH0_ATTRIBUTES = new Set([
  'user_id',
  'identities',
  'created_at',
  'updated_at',
  'last_login',
  'last_ip',
  'logins_count',
  'multifactor',
  'last_password_reset',
]);
/** SCIM attributes a mapping may not name: the server sets them. */
export const UNMAPPABLE_SCIM_ATTRIBUTES = new Set(['id', 'meta', 'schemas', 'password']);
/** Root attributes that only take strings. */
const STRING_ROOT_ATTRIBUTES = new Set(['email', 'name', 'given_name', 'family_name', 'nickname', 'picture', 'preferred_username', 'username', 'phone_number']);

export interface MappingEntry {
  scim: AttributePath;
  scimText: string;
  /** Auth0 attribute as segments: ["email"] or ["app_metadata", "department"]. */
  auth0: string[];
  auth0Text: string;
  /** SCIM active ↔ Auth0 blocked. */
  inverted: boolean;
}

export function compileMapping(mapping: ScimConfigurationRecord['mapping']): MappingEntry[] {
  return mapping.map(({ scim, auth0 }) => {
    const scimPath = parseAttributePath(scim);
    const inverted = auth0 === 'blocked' && !scimPath.schema && !scimPath.subAttribute && scimPath.attribute.toLowerCase() === 'active';
    return { scim: scimPath, scimText: scim, auth0: auth0.split('.'), auth0Text: auth0, inverted };
  });
}

/** The SCIM path of the configuration's user_id_attribute (e.g. externalId). */
export function userIdAttributePath(config: ScimConfigurationRecord): AttributePath {
  return parseAttributePath(config.user_id_attribute);
}

/** The Auth0 user as a SCIM User resource. */
export function scimUserOf(user: WireUser, mapping: MappingEntry[], location: string): JsonObject {
  const resource: JsonObject = { schemas: [SCIM_SCHEMAS.user], id: user.user_id };
  for (const entry of mapping) {
    let value = auth0ValueOf(user, entry.auth0);
    if (entry.inverted) value = value !== true;
    if (value === undefined || value === null) continue;
    setAt(resource, entry.scim, value);
  }
  const enterpriseKey = Object.keys(resource).find(k => k.toLowerCase() === SCIM_SCHEMAS.enterpriseUser.toLowerCase());
  if (enterpriseKey) resource.schemas = [SCIM_SCHEMAS.user, SCIM_SCHEMAS.enterpriseUser];
  resource.meta = { resourceType: 'User', created: user.created_at, lastModified: user.updated_at, location };
  return resource;
}

/**
 * What a SCIM User says about each mapped Auth0 attribute: the value, or undefined when the
 * resource does not carry the SCIM attribute.
 */
export function auth0AttributesOf(resource: JsonObject, mapping: MappingEntry[]): Map<MappingEntry, unknown> {
  const out = new Map<MappingEntry, unknown>();
  for (const entry of mapping) {
    let value = valueAt(resource, entry.scim);
    if (entry.inverted && value !== undefined) {
      const active = booleanOf(value);
      if (active === undefined) throw scimErrors.invalidValue(`"${entry.scimText}" must be a boolean`);
      value = !active;
    }
    if (value !== undefined && entry.auth0.length === 1 && STRING_ROOT_ATTRIBUTES.has(entry.auth0[0]) && typeof value !== 'string')
      throw scimErrors.invalidValue(`"${entry.scimText}" must be a string (it maps to ${entry.auth0Text})`);
    out.set(entry, value);
  }
  return out;
}

/**
 * Writes the mapped attributes onto the user. `replace` (PUT, PATCH): a mapped attribute the
 * resource no longer carries is removed from the user; otherwise it is left alone.
 */
export function writeAttributes(user: WireUser, attributes: Map<MappingEntry, unknown>, replace: boolean): void {
  for (const [entry, value] of attributes) {
    if (value === undefined) {
      if (replace) setAuth0Value(user, entry.auth0, undefined);
    } else setAuth0Value(user, entry.auth0, value);
  }
}

function auth0ValueOf(user: WireUser, segments: string[]): unknown {
  let node: unknown = user;
  for (const segment of segments) {
    if (!isObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}

function setAuth0Value(user: WireUser, segments: string[], value: unknown): void {
  const target = user as unknown as JsonObject;
  if (segments.length === 1) {
    if (value === undefined) delete target[segments[0]];
    else target[segments[0]] = value;
    return;
  }
  // Metadata members: copy the containers so that earlier renderings of the user are not changed.
  const [root, ...rest] = segments;
  const container: JsonObject = isObject(target[root]) ? { ...(target[root] as JsonObject) } : {};
  let node = container;
  for (const segment of rest.slice(0, -1)) {
    node[segment] = isObject(node[segment]) ? { ...(node[segment] as JsonObject) } : {};
    node = node[segment] as JsonObject;
  }
  const last = rest[rest.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  if (Object.keys(container).length) target[root] = container;
  else delete target[root];
}

/** SCIM booleans, including the "True"/"False" strings some clients send. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}
