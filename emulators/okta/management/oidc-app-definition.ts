// What an OIDC app definition must satisfy and what Okta fills in (docs/fidelity.md#apps): the
// checks of `POST /apps` and `PUT /apps/{id}`, and the stored app with Okta's defaults, in the
// key order of recorded real responses. Failing checks are collected and answered together as one
// 400 E0000001 with a cause per problem.
import { randomBytes } from 'node:crypto';
import type { WireApp } from '../store.ts';
import type { FieldProblem } from './errors.ts';
import { isObject, type JsonObject } from './request-input.ts';

const APPLICATION_TYPES = ['web', 'native', 'browser', 'service'] as const;
const GRANT_TYPES = [
  'authorization_code',
  'implicit',
  'refresh_token',
  'password',
  'client_credentials',
  'interaction_code',
  'urn:ietf:params:oauth:grant-type:device_code',
  'urn:ietf:params:oauth:grant-type:jwt-bearer',
  'urn:ietf:params:oauth:grant-type:saml2-bearer',
  'urn:ietf:params:oauth:grant-type:token-exchange',
  'urn:openid:params:grant-type:ciba',
];
/** What a `web` app may use; it must include authorization_code. */
const WEB_GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token'];
/** Grants that send the user through /authorize, and so need redirect URIs and response types. */
const REDIRECTING_GRANTS = ['authorization_code', 'implicit', 'interaction_code'];
const RESPONSE_TYPES = ['code', 'token', 'id_token'];
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];
const SECRET_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt'];
const CLIENT_ID_PATTERN = /^[A-Za-z0-9$\-_.+!*'(),]{6,100}$/;
const CLIENT_SECRET_PATTERN = /^[\x21-\x7e]{14,100}$/;
const URI_FIELDS = ['client_uri', 'logo_uri', 'policy_uri', 'tos_uri', 'initiate_login_uri', 'jwks_uri', 'frontchannel_logout_uri'];

export interface AppIdentity {
  id: string;
  orgId: string;
  signingKid: string;
  now: string;
}

/**
 * Checks `body` and builds the stored app. For a replace, `existing` supplies what cannot change
 * (id, client_id, application_type, created, status) and the secret unless a new one is given.
 */
export function defineOidcApp(
  body: JsonObject,
  identity: AppIdentity,
  options: { existing?: WireApp; clientIdTaken: (clientId: string) => boolean; status: 'ACTIVE' | 'INACTIVE' },
): { app: WireApp } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const existing = options.existing;

  if (body.name === undefined || body.name === null || body.name === '') problem('name', 'The field cannot be left blank');
  else if (body.name !== 'oidc_client')
    problem('name', `'${String(body.name)}' is not supported: this emulator manages OpenID Connect apps (name 'oidc_client') only`);
  if (body.signOnMode !== 'OPENID_CONNECT') problem('signOnMode', "Sign on mode must be 'OPENID_CONNECT' for an 'oidc_client' app");
  const label = typeof body.label === 'string' ? body.label : '';
  if (!label.trim()) problem('label', 'The field cannot be left blank');

  const settings = isObject(body.settings) ? body.settings : {};
  const oauth = isObject(settings.oauthClient) ? settings.oauthClient : undefined;
  const credentials = isObject(body.credentials) ? body.credentials : {};
  const credentialsOauth = isObject(credentials.oauthClient) ? credentials.oauthClient : {};
  if (!oauth) {
    problem('settings.oauthClient', 'The field cannot be left blank');
    return { problems };
  }

  const applicationType = oauth.application_type ?? existing?.settings?.oauthClient?.application_type ?? 'web';
  if (!APPLICATION_TYPES.includes(applicationType as (typeof APPLICATION_TYPES)[number]))
    problem('application_type', `'${String(applicationType)}' is not one of ${APPLICATION_TYPES.join(', ')}`);
  else if (existing && applicationType !== existing.settings?.oauthClient?.application_type)
    problem('application_type', 'The application type cannot be changed');

  const grantTypes = stringArray(oauth.grant_types);
  if (!grantTypes || grantTypes.length === 0) problem('grant_types', 'The field cannot be left blank');
  else {
    for (const grant of grantTypes) if (!GRANT_TYPES.includes(grant)) problem('grant_types', `'${grant}' is not a supported grant type`);
    if (applicationType === 'web') {
      for (const grant of grantTypes)
        if (GRANT_TYPES.includes(grant) && !WEB_GRANT_TYPES.includes(grant))
          problem('grant_types', `'${grant}' is not allowed for a web application (allowed: ${WEB_GRANT_TYPES.join(', ')})`);
      if (!grantTypes.includes('authorization_code')) problem('grant_types', "A web application must include the 'authorization_code' grant type");
    }
  }
  const redirecting = (grantTypes ?? []).some(grant => REDIRECTING_GRANTS.includes(grant));

  const redirectUris = stringArray(oauth.redirect_uris);
  if (oauth.redirect_uris !== undefined && oauth.redirect_uris !== null && !redirectUris) problem('redirect_uris', 'Must be an array of URIs');
  if (redirecting && (!redirectUris || redirectUris.length === 0)) problem('redirect_uris', 'At least one redirect URI is required for these grant types');
  for (const uri of redirectUris ?? []) {
    const trouble = redirectUriTrouble(uri);
    if (trouble) problem('redirect_uris', `'${uri}' ${trouble}`);
  }
  const postLogoutUris = stringArray(oauth.post_logout_redirect_uris);
  if (oauth.post_logout_redirect_uris !== undefined && oauth.post_logout_redirect_uris !== null && !postLogoutUris)
    problem('post_logout_redirect_uris', 'Must be an array of URIs');
  for (const uri of postLogoutUris ?? []) {
    const trouble = redirectUriTrouble(uri);
    if (trouble) problem('post_logout_redirect_uris', `'${uri}' ${trouble}`);
  }

  const responseTypes = stringArray(oauth.response_types);
  if (redirecting && (!responseTypes || responseTypes.length === 0)) problem('response_types', 'At least one response type is required for these grant types');
  for (const type of responseTypes ?? []) if (!RESPONSE_TYPES.includes(type)) problem('response_types', `'${type}' is not one of ${RESPONSE_TYPES.join(', ')}`);
  if (grantTypes?.includes('authorization_code') && responseTypes && !responseTypes.includes('code'))
    problem('response_types', "The 'authorization_code' grant type requires the 'code' response type");
  if (grantTypes?.includes('implicit') && responseTypes && !responseTypes.some(t => t === 'token' || t === 'id_token'))
    problem('response_types', "The 'implicit' grant type requires the 'token' or 'id_token' response type");

  for (const field of URI_FIELDS) {
    const value = oauth[field];
    if (value !== undefined && value !== null && (typeof value !== 'string' || !isAbsoluteUri(value)))
      problem(field, `'${String(value)}' is not an absolute URI`);
  }
  const consentMethod = oauth.consent_method ?? 'TRUSTED';
  if (consentMethod !== 'TRUSTED' && consentMethod !== 'REQUIRED') problem('consent_method', `'${String(consentMethod)}' is not one of REQUIRED, TRUSTED`);
  const issuerMode = oauth.issuer_mode ?? 'ORG_URL';
  if (!['ORG_URL', 'CUSTOM_URL', 'DYNAMIC'].includes(String(issuerMode)))
    problem('issuer_mode', `'${String(issuerMode)}' is not one of ORG_URL, CUSTOM_URL, DYNAMIC`);
  const wildcardRedirect = oauth.wildcard_redirect ?? 'DISABLED';
  if (wildcardRedirect !== 'DISABLED' && wildcardRedirect !== 'SUBDOMAIN')
    problem('wildcard_redirect', `'${String(wildcardRedirect)}' is not one of DISABLED, SUBDOMAIN`);

  const authMethod = credentialsOauth.token_endpoint_auth_method ?? 'client_secret_basic';
  if (!AUTH_METHODS.includes(String(authMethod))) problem('token_endpoint_auth_method', `'${String(authMethod)}' is not one of ${AUTH_METHODS.join(', ')}`);

  const existingClientId = existing?.credentials?.oauthClient?.client_id;
  const requestedClientId = credentialsOauth.client_id;
  let clientId: string = existingClientId ?? identity.id;
  if (requestedClientId !== undefined && requestedClientId !== null) {
    if (typeof requestedClientId !== 'string' || !CLIENT_ID_PATTERN.test(requestedClientId))
      problem('client_id', "Must be 6 to 100 characters from A-Z, a-z, 0-9 and $-_.+!*'(),");
    else if (existing && requestedClientId !== existingClientId) problem('client_id', 'The client_id of an app cannot be changed');
    else if (!existing && options.clientIdTaken(requestedClientId))
      problem('client_id', 'An object with this field already exists in the current organization');
    else clientId = requestedClientId;
  }

  const requestedSecret = credentialsOauth.client_secret;
  if (requestedSecret !== undefined && requestedSecret !== null && (typeof requestedSecret !== 'string' || !CLIENT_SECRET_PATTERN.test(requestedSecret)))
    problem('client_secret', 'Must be 14 to 100 printable characters');

  const pkceRequired = credentialsOauth.pkce_required ?? (applicationType === 'web' || applicationType === 'service' ? false : true);
  if (typeof pkceRequired !== 'boolean') problem('pkce_required', 'Must be true or false');

  if (problems.length) return { problems };

  // A secret exists exactly when the auth method uses one: the given one, else the one kept, else new.
  const usesSecret = SECRET_AUTH_METHODS.includes(String(authMethod));
  const clientSecret = usesSecret
    ? typeof requestedSecret === 'string'
      ? requestedSecret
      : (existing?.credentials?.oauthClient?.client_secret ?? newClientSecret())
    : undefined;

  const oauthClient = {
    client_uri: null,
    logo_uri: null,
    ...stripUndefined(oauth),
    application_type: applicationType,
    grant_types: grantTypes,
    redirect_uris: redirectUris ?? [],
    response_types: responseTypes ?? [],
    ...(postLogoutUris ? { post_logout_redirect_uris: postLogoutUris } : {}),
    consent_method: consentMethod,
    issuer_mode: issuerMode,
    wildcard_redirect: wildcardRedirect,
    idp_initiated_login: isObject(oauth.idp_initiated_login) ? oauth.idp_initiated_login : { mode: 'DISABLED', default_scope: [] },
    dpop_bound_access_tokens: oauth.dpop_bound_access_tokens ?? false,
    participate_slo: oauth.participate_slo ?? false,
  };

  const app = {
    id: identity.id,
    orn: `orn:okta:idp:${identity.orgId}:apps:oidc_client:${identity.id}`,
    name: 'oidc_client',
    label,
    status: options.status,
    created: existing?.created ?? identity.now,
    lastUpdated: identity.now,
    signOnMode: 'OPENID_CONNECT',
    features: [],
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null, ...(isObject(body.accessibility) ? body.accessibility : {}) },
    visibility: {
      autoLaunch: false,
      autoSubmitToolbar: false,
      hide: { iOS: true, web: true },
      appLinks: { oidc_client_link: true },
      ...(isObject(body.visibility) ? body.visibility : {}),
    },
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      signing: { kid: identity.signingKid },
      oauthClient: {
        autoKeyRotation: credentialsOauth.autoKeyRotation ?? true,
        client_id: clientId,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
        token_endpoint_auth_method: authMethod,
        pkce_required: pkceRequired,
      },
    },
    // Set by the admin console's Universal Logout settings on a real org; those are the control plane's here.
    universalLogout: null,
    settings: {
      app: {},
      notifications: { vpn: { network: { connection: 'DISABLED' }, message: null, helpUrl: null } },
      manualProvisioning: false,
      implicitAssignment: false,
      emOptInStatus: 'NONE',
      ...stripUndefined(settings),
      notes: { admin: null, enduser: null, ...(isObject(settings.notes) ? settings.notes : {}) },
      oauthClient,
    },
  };
  // The stored record follows Okta's JSON, which has members the SDK's model omits (settings.app,
  // manualProvisioning, null notes); the SDK drops those when it deserialises.
  return { app: app as unknown as WireApp };
}

export function newClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) return undefined;
  return value as string[];
}

function isAbsoluteUri(value: string): boolean {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Schemes that run code or read local data where a browser is sent: never a redirect target. */
const SCRIPT_SCHEMES = /^(javascript|data|vbscript|file|blob):/i;

/**
 * Okta's rules for redirect URIs: absolute, no fragment, no script scheme, and no wildcard — an
 * app accepts wildcards only with `wildcard_redirect` turned on, which the emulator does not offer
 * (docs/fidelity.md#apps).
 */
function redirectUriTrouble(uri: string): string | undefined {
  if (!isAbsoluteUri(uri)) return 'is not an absolute URI';
  if (SCRIPT_SCHEMES.test(uri.trim())) return 'is not a valid redirect URI';
  if (uri.includes('#')) return 'must not contain a fragment';
  if (uri.includes('*')) return 'must not contain a wildcard';
  return undefined;
}

function stripUndefined(value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
