// Discovery of the org authorization server as openid-client v6 performs it — the issuer compared
// exactly, no trailing slash — and the two metadata documents a real org serves, with the key sets
// of recorded real ones (docs/fidelity.md#org-authorization-server); the emulator's cold start.
import * as oidc from 'openid-client';
import { expect, test } from '../../../fixtures/emulators.ts';
import { startOktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import { sdkClient } from '../../../fixtures/okta/management-sdk.ts';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none'];

/** The keys of a real org's OpenID Connect document, in its order. */
const OPENID_KEYS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'registration_endpoint',
  'jwks_uri',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'id_token_encryption_alg_values_supported',
  'id_token_encryption_enc_values_supported',
  'scopes_supported',
  'token_endpoint_auth_methods_supported',
  'claims_supported',
  'code_challenge_methods_supported',
  'introspection_endpoint',
  'introspection_endpoint_auth_methods_supported',
  'revocation_endpoint',
  'revocation_endpoint_auth_methods_supported',
  'end_session_endpoint',
  'request_parameter_supported',
  'request_object_signing_alg_values_supported',
  'device_authorization_endpoint',
  'pushed_authorization_request_endpoint',
  'backchannel_token_delivery_modes_supported',
  'backchannel_authentication_request_signing_alg_values_supported',
  'dpop_signing_alg_values_supported',
];
/** The keys of a real org's OAuth 2.0 document, in its order. */
const OAUTH_KEYS = [
  'issuer',
  'authorization_endpoint',
  'token_endpoint',
  'registration_endpoint',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'subject_types_supported',
  'scopes_supported',
  'token_endpoint_auth_methods_supported',
  'claims_supported',
  'code_challenge_methods_supported',
  'introspection_endpoint',
  'introspection_endpoint_auth_methods_supported',
  'revocation_endpoint',
  'revocation_endpoint_auth_methods_supported',
  'end_session_endpoint',
  'request_parameter_supported',
  'request_object_signing_alg_values_supported',
  'device_authorization_endpoint',
  'pushed_authorization_request_endpoint',
  'dpop_signing_alg_values_supported',
  'frontchannel_logout_supported',
  'frontchannel_logout_session_supported',
  'identity_chaining_requested_token_types_supported',
];

test('openid-client discovers the org authorization server: issuer without trailing slash, /oauth2/v1 endpoints, a real org’s keys', async ({ oktaOrg }) => {
  const app = await new OrgArrangements(oktaOrg).createOidcApp();
  expect(oktaOrg.issuer).toMatch(/^https:\/\/127\.0\.0\.3:\d+$/);
  const config = await oidc.discovery(new URL(oktaOrg.issuer), app.clientId, app.clientSecret);
  const metadata = config.serverMetadata();
  const base = oktaOrg.issuer;
  expect(Object.keys(metadata)).toEqual(OPENID_KEYS);
  expect(metadata).toMatchObject({
    issuer: base,
    authorization_endpoint: `${base}/oauth2/v1/authorize`,
    token_endpoint: `${base}/oauth2/v1/token`,
    userinfo_endpoint: `${base}/oauth2/v1/userinfo`,
    jwks_uri: `${base}/oauth2/v1/keys`,
    end_session_endpoint: `${base}/oauth2/v1/logout`,
    introspection_endpoint: `${base}/oauth2/v1/introspect`,
    revocation_endpoint: `${base}/oauth2/v1/revoke`,
    response_modes_supported: ['query', 'fragment', 'form_post', 'okta_post_message'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'profile', 'address', 'phone', 'offline_access', 'groups'],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    code_challenge_methods_supported: ['S256'],
    request_parameter_supported: true,
    dpop_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'],
  });
  expect(metadata.claims_supported).toEqual(
    expect.arrayContaining([
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
      'preferred_username',
      'email',
      'at_hash',
    ]),
  );
  // oidc-provider's own members, which a real org does not publish, are not there.
  expect(metadata).not.toHaveProperty('authorization_response_iss_parameter_supported');
  expect(metadata).not.toHaveProperty('claims_parameter_supported');
  // What the issuer must not be: Okta's default custom authorization server, or with a slash.
  const withSlash = await oidc.discovery(new URL(`${oktaOrg.issuer}/`), app.clientId, app.clientSecret);
  expect(withSlash.serverMetadata().issuer).toBe(base);
});

test('the OAuth 2.0 metadata document is a different one: no userinfo or JWKS, Okta API scopes, access-token claims', async ({ oktaOrg }) => {
  const openid = await (await fetch(`${oktaOrg.issuer}/.well-known/openid-configuration`)).json();
  const response = await fetch(`${oktaOrg.issuer}/.well-known/oauth-authorization-server`);
  expect(response.headers.get('content-type')).toContain('application/json');
  const oauth = await response.json();
  expect(Object.keys(oauth)).toEqual(OAUTH_KEYS);
  expect(oauth.issuer).toBe(openid.issuer);
  expect(oauth.response_types_supported).toContain('token');
  expect(oauth.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange']));
  expect(oauth.scopes_supported).toEqual(expect.arrayContaining(['okta.users.read', 'okta.apps.manage', ...openid.scopes_supported]));
  expect(oauth.scopes_supported).toHaveLength(82);
  expect(oauth.claims_supported).toEqual(['ver', 'jti', 'iss', 'aud', 'iat', 'exp', 'cid', 'uid', 'scp', 'sub']);
  // The OAuth client discovers it too, when told to use RFC 8414.
  const app = await new OrgArrangements(oktaOrg).createOidcApp();
  const config = await oidc.discovery(new URL(oktaOrg.issuer), app.clientId, app.clientSecret, undefined, { algorithm: 'oauth2' });
  expect(config.serverMetadata().token_endpoint).toBe(`${oktaOrg.issuer}/oauth2/v1/token`);
});

test('?client_id= must name an active app, on both documents', async ({ oktaOrg }) => {
  const app = await new OrgArrangements(oktaOrg).createOidcApp();
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    expect((await fetch(`${oktaOrg.issuer}${path}?client_id=${app.clientId}`)).status).toBe(200);
    const unknown = await fetch(`${oktaOrg.issuer}${path}?client_id=0oaNoSuchClient00000`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      errorCode: 'invalid_client',
      errorSummary: 'Invalid value for `client_id` parameter',
      errorLink: 'invalid_client',
      errorCauses: [],
    });
  }
});

test('the org’s metadata names it and its engine, as the SDK reads it', async ({ oktaOrg }) => {
  const client = sdkClient(oktaOrg);
  const metadata = await client.orgSettingApi.getWellknownOrgMetadata();
  expect(metadata).toMatchObject({ id: oktaOrg.store.orgId, pipeline: 'idx', _links: { organization: { href: oktaOrg.origin } } });
  const raw = await (await fetch(`${oktaOrg.origin}/.well-known/okta-organization`)).json();
  expect(Object.keys(raw)).toEqual(['id', 'cell', '_links', 'pipeline', 'settings']);
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
