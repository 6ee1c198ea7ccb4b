// What POST/PATCH /resource-servers accept and what a new API looks like
// (docs/fidelity.md#auth0-apis-resource-servers): the defaults of a real create response, members
// not sent left absent, a PATCH replacing top-level members and removing those sent as null, and
// the encryption key's certificate answered as its thumbprint, never echoed.
import { Management } from 'auth0';
import { createHash, X509Certificate } from 'node:crypto';
import { payloadError } from './errors.ts';
import { expectEnum, expectObject, expectStringLength, expectType, jsonType, rejectUnknownProperties, requireProperties } from './payload-validation.ts';

type CreateKey = keyof Management.CreateResourceServerRequestContent;
type UpdateKey = keyof Management.UpdateResourceServerRequestContent;

const CREATE_FIELDS = [
  'name',
  'identifier',
  'scopes',
  'signing_alg',
  'signing_secret',
  'allow_offline_access',
  'allow_online_access',
  'allow_online_access_with_ephemeral_sessions',
  'token_lifetime',
  'token_lifetime_for_anonymous_access_tokens',
  'token_dialect',
  'skip_consent_for_verifiable_first_party_clients',
  'enforce_policies',
  'token_encryption',
  'consent_policy',
  'authorization_details',
  'proof_of_possession',
  'subject_type_authorization',
  'authorization_policy',
] as const satisfies readonly CreateKey[];
// token_lifetime_for_web is answered by the tenant and sent back by the Terraform provider (recorded).
const CREATE_BODY = [...CREATE_FIELDS, 'token_lifetime_for_web'];
const UPDATE_FIELDS = [
  'name',
  'scopes',
  'signing_alg',
  'signing_secret',
  'skip_consent_for_verifiable_first_party_clients',
  'allow_offline_access',
  'allow_online_access',
  'allow_online_access_with_ephemeral_sessions',
  'token_lifetime',
  'token_lifetime_for_anonymous_access_tokens',
  'token_dialect',
  'enforce_policies',
  'token_encryption',
  'consent_policy',
  'authorization_details',
  'proof_of_possession',
  'subject_type_authorization',
  'authorization_policy',
] as const satisfies readonly UpdateKey[];
const UPDATE_BODY = [...UPDATE_FIELDS, 'token_lifetime_for_web'];

/** Members a PATCH may remove by sending null (recorded for authorization_details, token_encryption, proof_of_possession). */
const NULLABLE = [
  'token_encryption',
  'consent_policy',
  'authorization_details',
  'proof_of_possession',
  'authorization_policy',
  'token_lifetime_for_anonymous_access_tokens',
];

export const SIGNING_ALGS = Object.values(Management.SigningAlgorithmEnum);
export const TOKEN_DIALECTS = ['access_token', 'access_token_authz', 'rfc9068_profile', 'rfc9068_profile_authz'];
const POLICIES = ['allow_all', 'require_client_grant', 'deny_all'];

export const DEFAULT_TOKEN_LIFETIME = 86400;
const DEFAULT_TOKEN_LIFETIME_FOR_WEB = 7200;

/** What a new API answers for who may get tokens: machine-to-machine only with a grant, users from any application (recorded). */
export function defaultSubjectTypeAuthorization(): Record<string, { policy: string }> {
  return { client: { policy: 'require_client_grant' }, user: { policy: 'allow_all' } };
}

export function validateCreateResourceServer(body: unknown): Record<string, unknown> {
  const input = expectObject(body);
  rejectUnknownProperties(input, CREATE_BODY);
  requireProperties(input, ['identifier']);
  expectType(input, 'identifier', 'string');
  expectStringLength(input, 'identifier', 1, 600, 'identifier');
  validateCommon(input);
  return input;
}

export function validateUpdateResourceServer(body: unknown): Record<string, unknown> {
  const input = expectObject(body);
  rejectUnknownProperties(input, UPDATE_BODY);
  validateCommon(Object.fromEntries(Object.entries(input).filter(([key, value]) => !(value === null && NULLABLE.includes(key)))));
  return input;
}

function validateCommon(input: Record<string, unknown>): void {
  expectType(input, 'name', 'string');
  if (typeof input.name === 'string' && /[<>]/.test(input.name)) throw payloadError(`String does not match pattern ^[^<>]+$: ${input.name}`, 'name');
  expectEnum(input, 'signing_alg', SIGNING_ALGS);
  expectEnum(input, 'token_dialect', TOKEN_DIALECTS);
  for (const key of [
    'allow_offline_access',
    'allow_online_access',
    'allow_online_access_with_ephemeral_sessions',
    'skip_consent_for_verifiable_first_party_clients',
    'enforce_policies',
  ])
    expectType(input, key, 'boolean');
  for (const key of ['token_lifetime', 'token_lifetime_for_web', 'token_lifetime_for_anonymous_access_tokens']) expectType(input, key, 'integer');
  for (const key of ['token_encryption', 'proof_of_possession', 'subject_type_authorization', 'authorization_policy']) expectType(input, key, 'object');
  expectType(input, 'authorization_details', 'array');
  if (input.scopes !== undefined) validateScopes(input.scopes);
  if (input.subject_type_authorization) validateSubjectTypeAuthorization(input.subject_type_authorization as Record<string, unknown>);
  if (input.signing_alg === 'HS256' && input.signing_secret !== undefined) expectStringLength(input, 'signing_secret', 16, 1024, 'signing_secret');
}

function validateScopes(value: unknown): void {
  if (!Array.isArray(value)) throw payloadError(`Expected type array but found type ${jsonType(value)}`, 'scopes');
  value.forEach((item, i) => {
    const scope = expectObject(item, `scopes[${i}]`);
    rejectUnknownProperties(scope, ['value', 'description'], `scopes[${i}]`);
    requireProperties(scope, ['value'], `scopes[${i}]`);
    expectType(scope, 'value', 'string', `scopes[${i}].value`);
    expectType(scope, 'description', 'string', `scopes[${i}].description`);
  });
}

function validateSubjectTypeAuthorization(value: Record<string, unknown>): void {
  rejectUnknownProperties(value, ['user', 'client', 'anonymous_user'], 'subject_type_authorization');
  for (const kind of ['user', 'client', 'anonymous_user']) {
    if (value[kind] === undefined) continue;
    const entry = expectObject(value[kind], `subject_type_authorization.${kind}`);
    expectEnum(entry, 'policy', POLICIES, `subject_type_authorization.${kind}.policy`);
  }
}

/** A new API's wire form: what was sent, plus the defaults of a real create response. */
export function newResourceServerWire(input: Record<string, unknown>, id: string): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    id,
    ...(input.name !== undefined ? { name: input.name } : {}),
    identifier: input.identifier,
    allow_offline_access: input.allow_offline_access ?? false,
    skip_consent_for_verifiable_first_party_clients: input.skip_consent_for_verifiable_first_party_clients ?? false,
    subject_type_authorization: { ...defaultSubjectTypeAuthorization(), ...(input.subject_type_authorization as object | undefined) },
    token_lifetime: input.token_lifetime ?? DEFAULT_TOKEN_LIFETIME,
    token_lifetime_for_web: input.token_lifetime_for_web ?? Math.min(DEFAULT_TOKEN_LIFETIME_FOR_WEB, Number(input.token_lifetime ?? DEFAULT_TOKEN_LIFETIME)),
    signing_alg: input.signing_alg ?? 'RS256',
  };
  for (const [key, value] of Object.entries(input)) if (!(key in wire) && value !== null && value !== undefined) wire[key] = value;
  if (input.token_encryption) wire.token_encryption = storedEncryption(input.token_encryption as Record<string, unknown>);
  return wire;
}

/** A PATCH applied to an API: members sent replace the stored ones, null removes them; who-may-get-tokens merges per kind. */
export function updatedResourceServerWire(current: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(input)) {
    if (value === null) delete wire[key];
    else if (key === 'subject_type_authorization') wire[key] = { ...(current[key] as object | undefined), ...(value as object) };
    else if (key === 'token_encryption') wire[key] = storedEncryption(value as Record<string, unknown>);
    else wire[key] = value;
  }
  return wire;
}

/** The encryption key's certificate is never echoed: the tenant answers its SHA-256 thumbprint (recorded). */
function storedEncryption(value: Record<string, unknown>): Record<string, unknown> {
  const key = (value.encryption_key ?? {}) as Record<string, unknown>;
  const { pem, ...rest } = key;
  return { ...value, encryption_key: { ...rest, ...(typeof pem === 'string' ? { thumbprint_sha256: thumbprint(pem) } : {}) } };
}

function thumbprint(pem: string): string {
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
  } catch {
    throw payloadError('The PEM is not a valid X.509 certificate', 'token_encryption.encryption_key.pem');
  }
}
