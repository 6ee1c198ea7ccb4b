// Options of an `okta` (Okta Workforce) connection as Auth0 stores them (reference §10): the
// caller's options plus what Auth0 derives from `domain` — the org's discovery document in
// `oidc_metadata` and the endpoints taken from it — and the strategy's defaults.
import type { Auth0TenantContext } from '../auth0-tenant.ts';
import { payloadError } from './errors.ts';
import { expectEnum, expectObject, expectStringArray, expectType, requireProperties } from './payload-validation.ts';
import { checkOktaDomain, discoverOktaOrg } from './okta-discovery.ts';

const DEFAULT_SCOPE = 'openid profile email';
const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'issuer'] as const;

/**
 * Validates `options` of an okta connection and completes them. Discovery runs when a domain is
 * given and `oidc_metadata` is not (so on create, and on every options replacement that drops
 * it, e.g. a domain change); caller-supplied endpoints are kept as sent.
 */
export async function completeOktaOptions(context: Auth0TenantContext, value: unknown): Promise<Record<string, unknown>> {
  const options = { ...expectObject(value ?? {}, 'options') };
  requireProperties(options, ['client_id', 'domain'], 'options');
  expectType(options, 'client_id', 'string', 'options.client_id');
  expectType(options, 'client_secret', 'string', 'options.client_secret');
  expectType(options, 'scope', 'string', 'options.scope');
  expectEnum(options, 'type', ['back_channel'], 'options.type');
  expectEnum(options, 'set_user_root_attributes', ['on_each_login', 'on_first_login', 'never_on_login'], 'options.set_user_root_attributes');
  expectEnum(options, 'token_endpoint_auth_method', ['client_secret_post', 'private_key_jwt'], 'options.token_endpoint_auth_method');
  expectStringArray(options, 'domain_aliases', 'options.domain_aliases');
  expectType(options, 'oidc_metadata', 'object', 'options.oidc_metadata');
  if (typeof options.icon_url === 'string' && options.icon_url && !/^https:\/\//i.test(options.icon_url))
    throw payloadError(`Object didn't pass validation for format absolute-https-uri-or-empty: ${options.icon_url}`, 'options.icon_url');

  const domain = checkOktaDomain(options.domain);
  let metadata = options.oidc_metadata as Record<string, unknown> | undefined;
  if (!metadata || Object.keys(metadata).length === 0) {
    metadata = await discoverOktaOrg(context, domain);
    options.oidc_metadata = metadata;
  }
  for (const key of ENDPOINTS) if (options[key] === undefined && typeof metadata[key] === 'string') options[key] = metadata[key];
  options.type ??= 'back_channel';
  options.scope ??= DEFAULT_SCOPE;
  options.token_endpoint_auth_method ??= 'client_secret_post';
  return options;
}
