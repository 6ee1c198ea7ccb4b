// The org authorization server's metadata documents, key for key and value for value as real orgs
// serve them (docs/fidelity.md#org-authorization-server, which names the recordings):
//   GET /.well-known/openid-configuration       OpenID Connect discovery
//   GET /.well-known/oauth-authorization-server  OAuth 2.0 metadata (RFC 8414)
// They are not the same document on a real org: the OAuth one has no userinfo_endpoint, jwks_uri
// or id_token_* members, adds the `token` response type, the client-credentials and
// token-exchange grants and the Okta API scopes (OAuth for Okta), lists access-token claims, and
// advertises front-channel logout and identity chaining. Issuer without a trailing slash.
// Both advertise what a real org offers, including what this emulator does not serve (dynamic
// registration, device authorization, PAR, CIBA, DPoP, ID token encryption, implicit and hybrid
// flows, the password and MFA grants, …): clients configure themselves as against a real org,
// and docs/fidelity.md lists what would fail if they used it.
// `?client_id=` naming no active app answers 400 in Okta's error shape.
// Beside them, GET /.well-known/okta-organization: the org's id and pipeline (`idx`: Identity
// Engine), which Okta's SDKs and tools read to tell which engine an org runs.
import express, { type Router } from 'express';
import { errorBody } from '../management/errors.ts';
import type { OktaStore } from '../store.ts';
import { activeAppOf } from './clients.ts';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];
const SIGNING_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
const DPOP_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];
const OIDC_SCOPES = ['openid', 'email', 'profile', 'address', 'phone', 'offline_access', 'groups'];
const RESPONSE_MODES = ['query', 'fragment', 'form_post', 'okta_post_message'];

/** ID token and userinfo claims (OpenID Connect document). */
const ID_TOKEN_CLAIMS = [
  'iss',
  'ver',
  'sub',
  'aud',
  'iat',
  'exp',
  'jti',
  'auth_time',
  'amr',
  'idp',
  'nonce',
  'name',
  'nickname',
  'preferred_username',
  'given_name',
  'middle_name',
  'family_name',
  'email',
  'email_verified',
  'profile',
  'zoneinfo',
  'locale',
  'address',
  'phone_number',
  'picture',
  'website',
  'gender',
  'birthdate',
  'updated_at',
  'at_hash',
  'c_hash',
];
/** Access token claims (OAuth document). */
const ACCESS_TOKEN_CLAIMS = ['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub'];

/** The scopes of OAuth for Okta (access tokens for Okta's own APIs), as the OAuth document lists them. */
const OKTA_API_SCOPES = [
  'okta.users.manage',
  'okta.users.manage.self',
  'okta.users.read',
  'okta.users.read.self',
  'okta.linkedObjects.manage',
  'okta.linkedObjects.read',
  'okta.profileMappings.manage',
  'okta.profileMappings.read',
  'okta.userTypes.manage',
  'okta.userTypes.read',
  'okta.clients.manage',
  'okta.clients.register',
  'okta.clients.read',
  'okta.appGrants.manage',
  'okta.appGrants.read',
  'okta.policies.manage',
  'okta.policies.read',
  'okta.groups.manage',
  'okta.groups.read',
  'okta.inlineHooks.manage',
  'okta.inlineHooks.read',
  'okta.eventHooks.manage',
  'okta.eventHooks.read',
  'okta.events.read',
  'okta.logs.read',
  'okta.apps.manage',
  'okta.apps.read',
  'okta.governance.assignmentCandidates.read',
  'okta.accessRequests.tasks.manage',
  'okta.accessRequests.tasks.read',
  'okta.schemas.manage',
  'okta.schemas.read',
  'okta.idps.manage',
  'okta.idps.read',
  'okta.factors.manage',
  'okta.factors.read',
  'okta.riskProviders.manage',
  'okta.riskProviders.read',
  'okta.roles.manage',
  'okta.roles.read',
  'okta.orgs.manage',
  'okta.orgs.read',
  'okta.domains.manage',
  'okta.domains.read',
  'okta.brands.manage',
  'okta.brands.read',
  'okta.sessions.manage',
  'okta.sessions.read',
  'okta.templates.manage',
  'okta.templates.read',
  'okta.trustedOrigins.manage',
  'okta.trustedOrigins.read',
  'okta.threatInsights.manage',
  'okta.threatInsights.read',
  'okta.behaviors.manage',
  'okta.behaviors.read',
  'okta.networkZones.manage',
  'okta.networkZones.read',
  'okta.agentPools.manage',
  'okta.agentPools.read',
  'okta.reports.read',
  'okta.features.manage',
  'okta.features.read',
  'okta.certificateAuthorities.manage',
  'okta.certificateAuthorities.read',
  'okta.principalRateLimits.manage',
  'okta.principalRateLimits.read',
  'okta.rateLimits.manage',
  'okta.rateLimits.read',
  'okta.directories.manage',
  'okta.directories.groups.manage',
  'okta.apiTokens.manage',
  'okta.apiTokens.read',
  'okta.personal.adminSettings.manage',
  'okta.personal.adminSettings.read',
];

/** The run of members both documents have in the same order, between claims_supported and the optional features. */
function sharedMiddle(issuer: string): Record<string, unknown> {
  return {
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${issuer}/oauth2/v1/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${issuer}/oauth2/v1/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: `${issuer}/oauth2/v1/logout`,
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: SIGNING_ALGORITHMS,
    device_authorization_endpoint: `${issuer}/oauth2/v1/device/authorize`,
    pushed_authorization_request_endpoint: `${issuer}/oauth2/v1/par`,
  };
}

export function openIdConfiguration(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
    token_endpoint: `${issuer}/oauth2/v1/token`,
    userinfo_endpoint: `${issuer}/oauth2/v1/userinfo`,
    registration_endpoint: `${issuer}/oauth2/v1/clients`,
    jwks_uri: `${issuer}/oauth2/v1/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: RESPONSE_MODES,
    grant_types_supported: [
      'authorization_code',
      'implicit',
      'refresh_token',
      'password',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:openid:params:grant-type:ciba',
      'urn:okta:params:oauth:grant-type:otp',
      'http://auth0.com/oauth/grant-type/mfa-otp',
      'urn:okta:params:oauth:grant-type:oob',
      'http://auth0.com/oauth/grant-type/mfa-oob',
    ],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    id_token_encryption_alg_values_supported: ['RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512'],
    id_token_encryption_enc_values_supported: ['A256GCM'],
    scopes_supported: OIDC_SCOPES,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    claims_supported: ID_TOKEN_CLAIMS,
    ...sharedMiddle(issuer),
    backchannel_token_delivery_modes_supported: ['poll'],
    backchannel_authentication_request_signing_alg_values_supported: SIGNING_ALGORITHMS,
    dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
  };
}

export function oauthAuthorizationServerMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
    token_endpoint: `${issuer}/oauth2/v1/token`,
    registration_endpoint: `${issuer}/oauth2/v1/clients`,
    response_types_supported: ['code', 'token', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: RESPONSE_MODES,
    grant_types_supported: [
      'authorization_code',
      'implicit',
      'refresh_token',
      'password',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:device_code',
      'urn:okta:params:oauth:grant-type:otp',
      'http://auth0.com/oauth/grant-type/mfa-otp',
      'urn:okta:params:oauth:grant-type:oob',
      'http://auth0.com/oauth/grant-type/mfa-oob',
      'urn:ietf:params:oauth:grant-type:token-exchange',
    ],
    subject_types_supported: ['public'],
    scopes_supported: [...OKTA_API_SCOPES, ...OIDC_SCOPES],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    claims_supported: ACCESS_TOKEN_CLAIMS,
    ...sharedMiddle(issuer),
    dpop_signing_alg_values_supported: DPOP_ALGORITHMS,
    frontchannel_logout_supported: true,
    frontchannel_logout_session_supported: true,
    identity_chaining_requested_token_types_supported: ['urn:ietf:params:oauth:token-type:id-jag'],
  };
}

/** The org's public metadata, as a recorded Identity Engine org answers it. */
export function organizationMetadata(store: OktaStore, origin: string): Record<string, unknown> {
  return {
    id: store.orgId,
    cell: 'local',
    _links: { organization: { href: origin } },
    pipeline: 'idx',
    settings: {
      analyticsCollectionEnabled: false,
      bugReportingEnabled: true,
      omEnabled: false,
      pssoEnabled: false,
      desktopMFAEnabled: false,
      itpEnabled: false,
    },
  };
}

export function discoveryRouter(store: OktaStore, issuer: string): Router {
  const router = express.Router();
  router.get('/.well-known/okta-organization', (_req, res) => {
    res.json(organizationMetadata(store, issuer));
  });
  const documents = {
    '/.well-known/openid-configuration': openIdConfiguration(issuer),
    '/.well-known/oauth-authorization-server': oauthAuthorizationServerMetadata(issuer),
  };
  for (const [path, metadata] of Object.entries(documents)) {
    router.get(path, (req, res) => {
      const clientId = req.query.client_id;
      if (clientId !== undefined && !activeAppOf(store, clientId)) {
        res.status(400).json(errorBody('invalid_client', 'Invalid value for `client_id` parameter'));
        return;
      }
      res.set('Cache-Control', 'max-age=86400, must-revalidate').json(metadata);
    });
  }
  return router;
}
