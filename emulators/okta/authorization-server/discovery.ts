// GET /.well-known/openid-configuration (and /.well-known/oauth-authorization-server): the org
// authorization server's metadata, field for field and in the order of Okta's example (reference
// §3.2, OpenAPI `OrgASOidcMetadata`). Issuer without a trailing slash. The real org advertises
// endpoints and grants that this emulator does not serve (registration, device authorization, PAR,
// implicit/hybrid response types, the password and device grants); they are advertised all the
// same, so that clients configure themselves as they would against a real org (see README).
// `?client_id=` naming no app answers 400 in Okta's error shape.
import express, { type Router } from 'express';
import { errorBody } from '../management/errors.ts';
import type { OktaStore } from '../store.ts';
import { ORG_SCOPES } from './authorize-checks.ts';
import { activeAppOf } from './clients.ts';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];

const CLAIMS_SUPPORTED = [
  'iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name', 'nickname', 'preferred_username',
  'given_name', 'middle_name', 'family_name', 'email', 'email_verified', 'profile', 'zoneinfo', 'locale', 'address', 'phone_number',
  'picture', 'website', 'gender', 'birthdate', 'updated_at', 'at_hash', 'c_hash',
];

export function orgAuthorizationServerMetadata(issuer: string): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/v1/authorize`,
    token_endpoint: `${issuer}/oauth2/v1/token`,
    userinfo_endpoint: `${issuer}/oauth2/v1/userinfo`,
    registration_endpoint: `${issuer}/oauth2/v1/clients`,
    jwks_uri: `${issuer}/oauth2/v1/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'password', 'urn:ietf:params:oauth:grant-type:device_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ORG_SCOPES,
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    claims_supported: CLAIMS_SUPPORTED,
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${issuer}/oauth2/v1/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${issuer}/oauth2/v1/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: `${issuer}/oauth2/v1/logout`,
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
    device_authorization_endpoint: `${issuer}/oauth2/v1/device/authorize`,
    pushed_authorization_request_endpoint: `${issuer}/oauth2/v1/par`,
  };
}

export function discoveryRoutes(store: OktaStore, issuer: string): Router {
  const router = express.Router();
  const metadata = orgAuthorizationServerMetadata(issuer);
  router.get(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'], (req, res) => {
    const clientId = req.query.client_id;
    if (clientId !== undefined && !activeAppOf(store, clientId)) {
      res.status(400).json(errorBody('invalid_client', 'Invalid value for `client_id` parameter'));
      return;
    }
    res.set('Cache-Control', 'max-age=86400, must-revalidate').json(metadata);
  });
  return router;
}
