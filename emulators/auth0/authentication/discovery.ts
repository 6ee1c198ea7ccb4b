// GET /.well-known/openid-configuration and /.well-known/jwks.json as an Auth0 tenant publishes
// them (docs/fidelity.md#authentication-api-discovery-and-keys): issuer with the trailing slash, Auth0's endpoint paths, back-channel logout and
// global token revocation support, served as application/json (oauth4webapi rejects other types).
import express, { type Router } from 'express';
import type { Auth0TenantCore } from '../tenant-context.ts';

export function discoveryDocument(context: Auth0TenantCore): Record<string, unknown> {
  const at = (path: string) => `${context.origin}${path}`;
  return {
    issuer: context.issuer,
    authorization_endpoint: at('/authorize'),
    token_endpoint: at('/oauth/token'),
    device_authorization_endpoint: at('/oauth/device/code'),
    userinfo_endpoint: at('/userinfo'),
    mfa_challenge_endpoint: at('/mfa/challenge'),
    jwks_uri: at('/.well-known/jwks.json'),
    registration_endpoint: at('/oidc/register'),
    revocation_endpoint: at('/oauth/revoke'),
    scopes_supported: [
      'openid',
      'profile',
      'offline_access',
      'name',
      'given_name',
      'family_name',
      'nickname',
      'email',
      'email_verified',
      'picture',
      'created_at',
      'identities',
      'phone',
      'address',
    ],
    response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'token id_token', 'code token id_token'],
    code_challenge_methods_supported: ['S256', 'plain'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['public'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    claims_supported: [
      'aud',
      'auth_time',
      'created_at',
      'email',
      'email_verified',
      'exp',
      'family_name',
      'given_name',
      'iat',
      'identities',
      'iss',
      'name',
      'nickname',
      'phone_number',
      'picture',
      'sub',
    ],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
    id_token_signing_alg_values_supported: ['HS256', 'RS256', 'PS256'],
    token_endpoint_auth_signing_alg_values_supported: ['RS256', 'RS384', 'PS256'],
    backchannel_logout_supported: true,
    backchannel_logout_session_supported: true,
    end_session_endpoint: at('/oidc/logout'),
    backchannel_authentication_endpoint: at('/bc-authorize'),
    backchannel_token_delivery_modes_supported: ['poll'],
    global_token_revocation_endpoint: at('/oauth/global-token-revocation/connection/{connectionName}'),
    global_token_revocation_endpoint_auth_methods_supported: ['global-token-revocation+jwt'],
  };
}

export function discoveryRouter(context: Auth0TenantCore): Router {
  const router = express.Router();
  router.get('/.well-known/openid-configuration', (_req, res) => {
    res.json(discoveryDocument(context));
  });
  router.get('/.well-known/jwks.json', (_req, res) => {
    const { kty, n, e, kid, alg, use } = context.signingKey.publicJwk;
    res.json({ keys: [{ alg, kty, use, n, e, kid }] });
  });
  return router;
}
