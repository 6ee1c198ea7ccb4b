// Discovery of the org authorization server (reference §3.2) as openid-client v6 performs it —
// the issuer compared exactly, no trailing slash — and the emulator's cold start.
import * as oidc from 'openid-client';
import { expect, test } from '../../../fixtures/emulators.ts';
import { startOktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements } from './org-arrangements.ts';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];

test('openid-client discovers the org authorization server: issuer without trailing slash, /oauth2/v1 endpoints, Okta’s fields', async ({ oktaOrg }) => {
  const app = await new OrgArrangements(oktaOrg).createOidcApp();
  expect(oktaOrg.issuer).toMatch(/^https:\/\/127\.0\.0\.3:\d+$/);
  const config = await oidc.discovery(new URL(oktaOrg.issuer), app.clientId, app.clientSecret);
  const metadata = config.serverMetadata();
  const base = oktaOrg.issuer;
  expect(metadata).toEqual({
    issuer: base,
    authorization_endpoint: `${base}/oauth2/v1/authorize`,
    token_endpoint: `${base}/oauth2/v1/token`,
    userinfo_endpoint: `${base}/oauth2/v1/userinfo`,
    registration_endpoint: `${base}/oauth2/v1/clients`,
    jwks_uri: `${base}/oauth2/v1/keys`,
    response_types_supported: ['code', 'id_token', 'code id_token', 'code token', 'id_token token', 'code id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'password', 'urn:ietf:params:oauth:grant-type:device_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    claims_supported: expect.arrayContaining(['iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name', 'preferred_username', 'email', 'at_hash']),
    code_challenge_methods_supported: ['S256'],
    introspection_endpoint: `${base}/oauth2/v1/introspect`,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint: `${base}/oauth2/v1/revoke`,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    end_session_endpoint: `${base}/oauth2/v1/logout`,
    request_parameter_supported: true,
    request_object_signing_alg_values_supported: ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
    device_authorization_endpoint: `${base}/oauth2/v1/device/authorize`,
    pushed_authorization_request_endpoint: `${base}/oauth2/v1/par`,
  });
  expect(metadata).not.toHaveProperty('authorization_response_iss_parameter_supported');
  // What the issuer must not be: Okta's default custom authorization server, or with a slash.
  const withSlash = await oidc.discovery(new URL(`${oktaOrg.issuer}/`), app.clientId, app.clientSecret);
  expect(withSlash.serverMetadata().issuer).toBe(base);
});

test('the OAuth 2.0 metadata URL serves the same document; ?client_id= must name an app', async ({ oktaOrg }) => {
  const app = await new OrgArrangements(oktaOrg).createOidcApp();
  const openid = await fetch(`${oktaOrg.issuer}/.well-known/openid-configuration`);
  expect(openid.headers.get('content-type')).toContain('application/json');
  const oauth = await fetch(`${oktaOrg.issuer}/.well-known/oauth-authorization-server`);
  expect(await oauth.json()).toEqual(await openid.json());

  expect((await fetch(`${oktaOrg.issuer}/.well-known/openid-configuration?client_id=${app.clientId}`)).status).toBe(200);
  const unknown = await fetch(`${oktaOrg.issuer}/.well-known/openid-configuration?client_id=0oaNoSuchClient00000`);
  expect(unknown.status).toBe(400);
  expect(await unknown.json()).toMatchObject({ errorCode: 'invalid_client', errorSummary: 'Invalid value for `client_id` parameter', errorLink: 'invalid_client', errorCauses: [] });
});

test('measure: cold start of the Okta emulator (startOktaOrg until listening)', async ({}, testInfo) => {
  const tls = await ensureLocalTls();
  const timings: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls });
    timings.push(performance.now() - started);
    try {
      const response = await fetch(`${org.issuer}/.well-known/openid-configuration`);
      expect(((await response.json()) as { issuer: string }).issuer).toBe(org.issuer);
    } finally {
      await org.close();
    }
  }
  const median = [...timings].sort((a, b) => a - b)[2];
  const line = `Okta emulator cold start: median ${median.toFixed(1)} ms over 5 starts (${timings.map(t => t.toFixed(1)).join(', ')} ms)`;
  testInfo.annotations.push({ type: 'measurement', description: line });
  console.log(line);
});
