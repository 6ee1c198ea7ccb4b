// Options of the OpenID Connect family of connections (`okta`, Okta Workforce, and `oidc`) as the
// real tenant stores them (docs/fidelity.md#auth0-connections):
// - what was sent, kept as sent (endpoints given explicitly win over discovered ones);
// - the provider's discovery document in `oidc_metadata`, fetched from `https://{domain}` (okta)
//   or `discovery_url` (oidc) when one is named, with the four request-parameter flags the tenant
//   appends when the document lacks them, and the endpoints taken from it when not sent;
//   no domain or discovery URL → no discovery (the real tenant accepts an okta connection without
//   a domain when its endpoints are given);
// - `schema_version: "oidc-V4"`, `type: "back_channel"`, the strategy's default `attribute_map`,
//   and `connection_settings.pkce` "auto" on create, "disabled" when a PATCH leaves it out;
// - no `token_endpoint_auth_method` unless sent.
// A PATCH replaces the options with what it sends plus these; the stored discovery document is
// kept unless the domain or discovery URL changed.
import type { Auth0TenantContext } from '../tenant-context.ts';
import { payloadError } from './errors.ts';
import { expectEnum, expectObject, expectStringArray, expectType, requireProperties } from './payload-validation.ts';
import { checkOktaDomain, discoverByUrl, discoverOktaOrg } from './okta-discovery.ts';

const DEFAULT_SCOPE = 'openid profile email';
const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'issuer'] as const;
export const OPENID_SCHEMA_VERSION = 'oidc-V4';
const DEFAULT_MAPPING_MODE: Record<string, string> = { okta: 'basic_profile', oidc: 'bind_all' };
/**
 * What the tenant appends, in this order, to a discovery document it stores, each only where the
 * document has none (docs/fidelity.md#auth0-connections): Okta's document gains the three it lacks
 * and keeps its `request_parameter_supported: true`.
 */
const STORED_METADATA_DEFAULTS = {
  claims_parameter_supported: false,
  request_parameter_supported: false,
  request_uri_parameter_supported: false,
  require_request_uri_registration: false,
} as const;

/**
 * Validates and completes the options of an `okta` or `oidc` connection. `previous`: the stored
 * options when this is a PATCH.
 */
export async function openIdConnectionOptions(
  context: Auth0TenantContext,
  strategy: 'okta' | 'oidc',
  value: unknown,
  previous?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const options = { ...expectObject(value ?? {}, 'options') };
  requireProperties(options, ['client_id'], 'options');
  expectType(options, 'client_id', 'string', 'options.client_id');
  expectType(options, 'client_secret', 'string', 'options.client_secret');
  expectType(options, 'scope', 'string', 'options.scope');
  expectEnum(options, 'type', ['back_channel', 'front_channel'], 'options.type');
  expectEnum(options, 'set_user_root_attributes', ['on_each_login', 'on_first_login', 'never_on_login'], 'options.set_user_root_attributes');
  expectEnum(options, 'token_endpoint_auth_method', ['client_secret_post', 'private_key_jwt'], 'options.token_endpoint_auth_method');
  expectStringArray(options, 'domain_aliases', 'options.domain_aliases');
  expectType(options, 'oidc_metadata', 'object', 'options.oidc_metadata');
  expectType(options, 'attribute_map', 'object', 'options.attribute_map');
  expectType(options, 'connection_settings', 'object', 'options.connection_settings');
  if (typeof options.icon_url === 'string' && options.icon_url && !/^https:\/\//i.test(options.icon_url))
    throw payloadError(`Object didn't pass validation for format absolute-https-uri-or-empty: ${options.icon_url}`, 'options.icon_url');

  const metadata = await discoveryDocument(context, strategy, options, previous);
  if (metadata) {
    options.oidc_metadata = metadata;
    for (const key of ENDPOINTS) if (options[key] === undefined && typeof metadata[key] === 'string') options[key] = metadata[key];
  }
  options.type ??= 'back_channel';
  options.scope ??= DEFAULT_SCOPE;
  options.attribute_map ??= { mapping_mode: DEFAULT_MAPPING_MODE[strategy] };
  options.connection_settings ??= { pkce: previous ? 'disabled' : 'auto' };
  options.schema_version = OPENID_SCHEMA_VERSION;
  return options;
}

/** The document to store: sent, kept from before (same source), or fetched now; none without a source. */
async function discoveryDocument(
  context: Auth0TenantContext,
  strategy: 'okta' | 'oidc',
  options: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): Promise<Record<string, unknown> | undefined> {
  const source = strategy === 'okta' ? 'domain' : 'discovery_url';
  if (options[source] === undefined || options[source] === null) return nonEmpty(options.oidc_metadata);
  let locator: string;
  if (strategy === 'okta') locator = checkOktaDomain(options.domain);
  else {
    expectType(options, 'discovery_url', 'string', 'options.discovery_url');
    locator = options.discovery_url as string;
  }
  const sameSource = previous !== undefined && String(previous[source] ?? '').toLowerCase() === locator.toLowerCase();
  // Sent back unchanged with the same source (read-merge-write), or kept from before: no new fetch.
  const known = nonEmpty(options.oidc_metadata) ?? (sameSource ? nonEmpty(previous?.oidc_metadata) : undefined);
  if (known && (sameSource || previous === undefined)) return known;
  const fetched = strategy === 'okta' ? await discoverOktaOrg(context, locator) : await discoverByUrl(context, locator);
  return asStored(fetched);
}

/** The fetched document as the tenant stores it: the provider's members, then the defaults it lacks. */
function asStored(document: Record<string, unknown>): Record<string, unknown> {
  const stored = { ...document };
  for (const [key, value] of Object.entries(STORED_METADATA_DEFAULTS)) if (!(key in stored)) stored[key] = value;
  return stored;
}

function nonEmpty(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && Object.keys(value).length ? (value as Record<string, unknown>) : undefined;
}
