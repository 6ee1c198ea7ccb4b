// What POST/PATCH /clients accept and what a new client looks like (docs/fidelity.md#auth0-applications):
// the defaults of a real create response, which depend on the app type and on third-party status,
// fields not sent left absent, `oidc_logout` echoed with its legacy twin `oidc_backchannel_logout`,
// https-only `initiate_login_uri`, PATCH clearing an object member sent as null, and Auth0's
// back-channel URL rules when `behaviour.strictBackchannelUrls` is on.
import { Management } from 'auth0';
import { isIP } from 'node:net';
import { payloadError } from './errors.ts';
import {
  expectEnum,
  expectObject,
  expectStringArray,
  expectStringLength,
  expectType,
  rejectUnknownProperties,
  requireProperties,
} from './payload-validation.ts';

type CreateKey = keyof Management.CreateClientRequestContent;
type UpdateKey = keyof Management.UpdateClientRequestContent;

/** Body members of POST /clients (the v7 SDK's CreateClientRequestContent). */
export const CREATE_CLIENT_FIELDS = [
  'name',
  'description',
  'logo_uri',
  'callbacks',
  'oidc_logout',
  'oidc_backchannel_logout',
  'session_transfer',
  'allowed_origins',
  'web_origins',
  'client_aliases',
  'allowed_clients',
  'allowed_logout_urls',
  'grant_types',
  'token_endpoint_auth_method',
  'is_token_endpoint_ip_header_trusted',
  'app_type',
  'is_first_party',
  'oidc_conformant',
  'jwt_configuration',
  'encryption_key',
  'sso',
  'cross_origin_authentication',
  'cross_origin_loc',
  'sso_disabled',
  'custom_login_page_on',
  'custom_login_page',
  'custom_login_page_preview',
  'form_template',
  'addons',
  'client_metadata',
  'mobile',
  'initiate_login_uri',
  'native_social_login',
  'fedcm_login',
  'refresh_token',
  'default_organization',
  'organization_usage',
  'organization_require_behavior',
  'organization_discovery_methods',
  'client_authentication_methods',
  'require_pushed_authorization_requests',
  'require_proof_of_possession',
  'signed_request_object',
  'token_vault_privileged_access',
  'compliance_level',
  'skip_non_verifiable_callback_uri_confirmation_prompt',
  'token_exchange',
  'par_request_expiry',
  'token_quota',
  'resource_server_identifier',
  'identity_assertion_authorization_grant',
  'anonymous_sessions',
  'third_party_security_mode',
  'redirection_policy',
  'express_configuration',
  'my_organization_configuration',
  'async_approval_notification_channels',
] as const satisfies readonly CreateKey[];

/** Body members of PATCH /clients/{id} (UpdateClientRequestContent): no client_id, but client_secret. */
export const UPDATE_CLIENT_FIELDS = [
  'name',
  'description',
  'client_secret',
  'logo_uri',
  'callbacks',
  'oidc_logout',
  'oidc_backchannel_logout',
  'session_transfer',
  'allowed_origins',
  'web_origins',
  'grant_types',
  'client_aliases',
  'allowed_clients',
  'allowed_logout_urls',
  'jwt_configuration',
  'encryption_key',
  'sso',
  'cross_origin_authentication',
  'cross_origin_loc',
  'sso_disabled',
  'custom_login_page_on',
  'token_endpoint_auth_method',
  'is_token_endpoint_ip_header_trusted',
  'app_type',
  'is_first_party',
  'oidc_conformant',
  'custom_login_page',
  'custom_login_page_preview',
  'token_quota',
  'identity_assertion_authorization_grant',
  'anonymous_sessions',
  'form_template',
  'addons',
  'client_metadata',
  'mobile',
  'initiate_login_uri',
  'native_social_login',
  'fedcm_login',
  'refresh_token',
  'default_organization',
  'organization_usage',
  'organization_require_behavior',
  'organization_discovery_methods',
  'client_authentication_methods',
  'require_pushed_authorization_requests',
  'require_proof_of_possession',
  'signed_request_object',
  'compliance_level',
  'skip_non_verifiable_callback_uri_confirmation_prompt',
  'token_exchange',
  'par_request_expiry',
  'express_configuration',
  'my_organization_configuration',
  'async_approval_notification_channels',
  'third_party_security_mode',
  'redirection_policy',
] as const satisfies readonly UpdateKey[];

const APP_TYPES = Object.values(Management.ClientAppTypeEnum);
const AUTH_METHODS = Object.values(Management.ClientTokenEndpointAuthMethodEnum);
const URL_LISTS = ['callbacks', 'allowed_logout_urls', 'web_origins', 'allowed_origins', 'client_aliases', 'allowed_clients', 'grant_types'];

/** grant_types of a real create response that sent none; public clients cannot use client_credentials. */
export function defaultGrantTypes(appType: unknown, strictThirdParty = false): string[] {
  if (strictThirdParty) return ['authorization_code'];
  // An application that stands for an API gets tokens through no grant of its own (recorded).
  if (appType === 'resource_server') return [];
  if (appType === 'spa' || appType === 'native') return ['authorization_code', 'implicit', 'refresh_token'];
  return ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];
}

/** jwt_configuration of a real create response that sent none; a strict third-party app gets RS256 and one hour. */
export const DEFAULT_JWT_CONFIGURATION = { secret_encoded: false, lifetime_in_seconds: 36000 };
const STRICT_THIRD_PARTY_JWT_CONFIGURATION = { secret_encoded: false, alg: 'RS256', lifetime_in_seconds: 3600 };
const RESOURCE_SERVER_JWT_CONFIGURATION = { secret_encoded: false, alg: 'RS256' };

/** refresh_token of a real create response that sent none: a first-party app other than machine-to-machine. */
export const DEFAULT_REFRESH_TOKEN = {
  rotation_type: 'non-rotating',
  expiration_type: 'non-expiring',
  leeway: 0,
  token_lifetime: 2592000,
  infinite_token_lifetime: true,
  infinite_idle_token_lifetime: true,
  idle_token_lifetime: 1296000,
};

/** The recorded refresh_token defaults that differ from DEFAULT_REFRESH_TOKEN, by app type and third-party status. */
export function defaultRefreshToken(appType: unknown, firstParty: boolean, strictThirdParty: boolean): Record<string, unknown> {
  if (strictThirdParty)
    return {
      ...DEFAULT_REFRESH_TOKEN,
      expiration_type: 'expiring',
      token_lifetime: 31557600,
      infinite_idle_token_lifetime: false,
      idle_token_lifetime: 2592000,
    };
  if (!firstParty && appType === 'spa')
    return {
      ...DEFAULT_REFRESH_TOKEN,
      rotation_type: 'rotating',
      expiration_type: 'expiring',
      infinite_token_lifetime: false,
      infinite_idle_token_lifetime: false,
    };
  if (appType === 'non_interactive') return { ...DEFAULT_REFRESH_TOKEN, token_lifetime: 31557600, idle_token_lifetime: 2592000 };
  return { ...DEFAULT_REFRESH_TOKEN };
}

/** Object members a PATCH may clear by sending null. */
const CLEARABLE_OBJECTS = [
  'jwt_configuration',
  'refresh_token',
  'client_metadata',
  'oidc_logout',
  'oidc_backchannel_logout',
  'addons',
  'mobile',
  'native_social_login',
  'encryption_key',
  'session_transfer',
  'signed_request_object',
  'client_authentication_methods',
  'token_exchange',
  'token_quota',
  'default_organization',
  'express_configuration',
  'my_organization_configuration',
];

export interface ClientRules {
  strictBackchannelUrls: boolean;
  rejectLocalhostInitiateLoginUri: boolean;
}

/** Validates a POST /clients body; returns it as an object. */
export function validateCreateClient(body: unknown, rules: ClientRules): Record<string, unknown> {
  const input = expectObject(body);
  rejectUnknownProperties(input, CREATE_CLIENT_FIELDS);
  requireProperties(input, ['name']);
  validateCommon(input, rules);
  return input;
}

/** Validates a PATCH /clients/{id} body. */
export function validateUpdateClient(body: unknown, rules: ClientRules): Record<string, unknown> {
  const input = expectObject(body);
  rejectUnknownProperties(input, UPDATE_CLIENT_FIELDS);
  // null clears an object member; the rest of the body is checked as on create.
  const present = Object.fromEntries(Object.entries(input).filter(([key, value]) => !(value === null && CLEARABLE_OBJECTS.includes(key))));
  validateCommon(present, rules);
  expectType(input, 'client_secret', 'string');
  return input;
}

function validateCommon(input: Record<string, unknown>, rules: ClientRules): void {
  expectType(input, 'name', 'string');
  expectStringLength(input, 'name', 1, 255, "name (The name of the client. Must contain at least one character. Does not allow '<' or '>'.)");
  if (typeof input.name === 'string' && /[<>]/.test(input.name)) throw payloadError(`String does not match pattern ^[^<>]+$: ${input.name}`, 'name');
  expectEnum(input, 'app_type', APP_TYPES);
  expectEnum(input, 'token_endpoint_auth_method', AUTH_METHODS);
  for (const key of URL_LISTS) expectStringArray(input, key);
  for (const key of ['is_first_party', 'oidc_conformant', 'sso_disabled', 'custom_login_page_on', 'sso', 'cross_origin_authentication'])
    expectType(input, key, 'boolean');
  for (const key of ['jwt_configuration', 'refresh_token', 'client_metadata', 'oidc_logout', 'oidc_backchannel_logout', 'addons'])
    expectType(input, key, 'object');
  if (input.client_metadata !== undefined && input.client_metadata !== null) validateClientMetadata(input.client_metadata as Record<string, unknown>);
  validateInitiateLoginUri(input.initiate_login_uri, rules);
  if (input.oidc_logout !== undefined) validateOidcLogout(input.oidc_logout as Record<string, unknown>, 'oidc_logout', rules);
  if (input.oidc_backchannel_logout !== undefined)
    validateOidcLogout(input.oidc_backchannel_logout as Record<string, unknown>, 'oidc_backchannel_logout', rules);
}

/** Field names of `client_metadata`: alphanumeric and :,-+=_*?"/\()<>@, tab and space. */
const METADATA_KEY = /^[A-Za-z0-9:,\-+=_*?"/\\()<>@\t ]{1,255}$/;
const METADATA_MAX_PROPERTIES = 10;
const METADATA_MAX_VALUE_LENGTH = 255;

/**
 * `client_metadata`: at most 10 properties, names of at most 255 allowed characters, string values
 * of at most 255 characters (null removes a key on PATCH). docs/fidelity.md#auth0-applications.
 */
function validateClientMetadata(metadata: Record<string, unknown>): void {
  const keys = Object.keys(metadata);
  if (keys.length > METADATA_MAX_PROPERTIES)
    throw payloadError(`Too many properties defined (${keys.length}), maximum ${METADATA_MAX_PROPERTIES}`, 'client_metadata');
  const badKey = keys.find(key => !METADATA_KEY.test(key));
  if (badKey !== undefined) throw payloadError(`Additional properties not allowed: ${badKey}`, 'client_metadata');
  for (const key of keys) {
    const value = metadata[key];
    if (value === null) continue;
    expectType(metadata, key, 'string', `client_metadata.${key}`);
    expectStringLength(metadata, key, 0, METADATA_MAX_VALUE_LENGTH, `client_metadata.${key}`);
  }
}

/** Only an absolute https URI (or empty) is accepted, with this exact message; localhost too behind a flag. */
function validateInitiateLoginUri(value: unknown, rules: ClientRules): void {
  if (value === undefined || value === '') return;
  const property = 'initiate_login_uri (Initiate login uri, must be https)';
  if (typeof value !== 'string') throw payloadError(`Expected type string but found type ${typeof value}`, property);
  let ok = false;
  try {
    const url = new URL(value);
    ok = url.protocol === 'https:' && !(rules.rejectLocalhostInitiateLoginUri && url.hostname === 'localhost');
  } catch {
    ok = false;
  }
  if (!ok) throw payloadError(`Object didn't pass validation for format absolute-https-uri-or-empty: ${value}`, property);
}

function validateOidcLogout(value: Record<string, unknown>, property: string, rules: ClientRules): void {
  expectStringArray(value, 'backchannel_logout_urls', `${property}.backchannel_logout_urls`);
  const urls = (value.backchannel_logout_urls as string[] | undefined) ?? [];
  const initiators = value.backchannel_logout_initiators;
  if (initiators !== undefined) {
    const i = expectObject(initiators, `${property}.backchannel_logout_initiators`);
    expectEnum(i, 'mode', ['custom', 'all'], `${property}.backchannel_logout_initiators.mode`);
    expectStringArray(i, 'selected_initiators', `${property}.backchannel_logout_initiators.selected_initiators`);
  }
  for (const [index, url] of urls.entries()) checkBackchannelUrl(url, `${property}.backchannel_logout_urls[${index}]`, rules);
  if (rules.strictBackchannelUrls && urls.length > 1)
    throw payloadError(`Array is too long (${urls.length}), maximum 1`, `${property}.backchannel_logout_urls`);
}

/**
 * Auth0 accepts only public https back-channel URLs (docs/fidelity.md#auth0-applications). Locally the relying party
 * listens on loopback over http, so these rules apply only with strictBackchannelUrls; a URL
 * must still be absolute.
 */
function checkBackchannelUrl(url: string, property: string, rules: ClientRules): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw payloadError(`Object didn't pass validation for format absolute-uri: ${url}`, property);
  }
  if (!rules.strictBackchannelUrls) return;
  if (parsed.protocol !== 'https:') throw payloadError(`Object didn't pass validation for format absolute-https-uri: ${url}`, property);
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))
    throw payloadError(`Back-channel logout URLs must not point to loopback or private network addresses: ${url}`, property);
  if (host === 'auth0.com' || host.endsWith('.auth0.com')) throw payloadError(`Back-channel logout URLs must not point to Auth0 domains: ${url}`, property);
}

function isPrivateAddress(host: string): boolean {
  const family = isIP(host);
  if (family === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (family === 6) return host === '::1' || host === '::' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:');
  return false;
}

/** A third-party app in strict security mode: its client id carries the `tpc_` prefix. */
export function isStrictThirdParty(input: Record<string, unknown>): boolean {
  return input.is_first_party === false && input.third_party_security_mode === 'strict';
}

/** A new client's wire form: what was sent, plus the defaults of a real create response. */
export function newClientWire(
  input: Record<string, unknown>,
  ids: { clientId: string; clientSecret: string; signingCertPem: string },
): Record<string, unknown> {
  const firstParty = input.is_first_party !== false;
  const strict = isStrictThirdParty(input);
  const wire: Record<string, unknown> = {
    ...input,
    client_id: ids.clientId,
    client_secret: ids.clientSecret,
    is_first_party: firstParty,
    is_token_endpoint_ip_header_trusted: input.is_token_endpoint_ip_header_trusted ?? false,
    // Third-party apps are always OIDC conformant.
    oidc_conformant: input.oidc_conformant ?? (!firstParty || input.app_type === 'resource_server'),
    sso_disabled: input.sso_disabled ?? false,
    cross_origin_authentication: input.cross_origin_authentication ?? false,
    custom_login_page_on: input.custom_login_page_on ?? true,
    jwt_configuration: {
      ...(strict ? STRICT_THIRD_PARTY_JWT_CONFIGURATION : input.app_type === 'resource_server' ? RESOURCE_SERVER_JWT_CONFIGURATION : DEFAULT_JWT_CONFIGURATION),
      ...(input.jwt_configuration as object | undefined),
    },
    grant_types: input.grant_types ?? defaultGrantTypes(input.app_type, strict),
    refresh_token: { ...defaultRefreshToken(input.app_type, firstParty, strict), ...(input.refresh_token as object | undefined) },
    ...(firstParty ? {} : { third_party_security_mode: input.third_party_security_mode ?? 'permissive' }),
    signing_keys: [{ cert: ids.signingCertPem }],
  };
  mirrorLogoutSettings(wire, input);
  return wire;
}

/**
 * A PATCH applied to a client: members sent replace the stored ones; an object member sent as null
 * is removed (with its twin, for the logout settings); `initiate_login_uri: ""` removes it;
 * `client_metadata` drops the keys sent as null.
 */
export function updatedClientWire(current: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(input)) {
    if (value === null) delete wire[key];
    else if (key === 'initiate_login_uri' && value === '') delete wire[key];
    else if (key === 'client_metadata') wire[key] = Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== null));
    else wire[key] = value;
  }
  if (input.oidc_logout === null || input.oidc_backchannel_logout === null) {
    delete wire.oidc_logout;
    delete wire.oidc_backchannel_logout;
  }
  mirrorLogoutSettings(wire, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)));
  return wire;
}

/**
 * Keeps `oidc_logout` and its legacy twin `oidc_backchannel_logout` in step: Auth0 answers a
 * create with `oidc_logout` by echoing it and adding `oidc_backchannel_logout: {backchannel_logout_urls}`.
 */
export function mirrorLogoutSettings(wire: Record<string, unknown>, input: Record<string, unknown>): void {
  const current = input.oidc_logout as { backchannel_logout_urls?: string[] } | undefined;
  const legacy = input.oidc_backchannel_logout as { backchannel_logout_urls?: string[] } | undefined;
  if (current) {
    wire.oidc_backchannel_logout = { backchannel_logout_urls: current.backchannel_logout_urls ?? [] };
  } else if (legacy) {
    const previous = (wire.oidc_logout as Record<string, unknown> | undefined) ?? {};
    wire.oidc_logout = { ...previous, backchannel_logout_urls: legacy.backchannel_logout_urls ?? [] };
  }
}
