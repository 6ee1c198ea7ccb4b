// The tenant's discovery document and JWKS as Auth0 publishes them (docs/fidelity.md#authentication-api-discovery-and-keys): issuer with the
// trailing slash, Auth0's paths, back-channel logout and global token revocation, JSON content type.
import { expect, test } from '../../../fixtures/emulators.ts';

test.describe('Discovery and JWKS', () => {
  test('/.well-known/openid-configuration describes the tenant the way Auth0 does', async ({ emulators }) => {
    const { auth0 } = emulators;
    const response = await fetch(`${auth0.origin}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const doc = await response.json();
    const at = (path: string) => `https://${auth0.domain}${path}`;
    expect(doc).toMatchObject({
      issuer: `https://${auth0.domain}/`,
      authorization_endpoint: at('/authorize'),
      token_endpoint: at('/oauth/token'),
      userinfo_endpoint: at('/userinfo'),
      jwks_uri: at('/.well-known/jwks.json'),
      revocation_endpoint: at('/oauth/revoke'),
      end_session_endpoint: at('/oidc/logout'),
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['public'],
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      global_token_revocation_endpoint: at('/oauth/global-token-revocation/connection/{connectionName}'),
      global_token_revocation_endpoint_auth_methods_supported: ['global-token-revocation+jwt'],
    });
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
    expect(doc.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post']));
    expect(doc.id_token_signing_alg_values_supported).toContain('RS256');
  });

  test('/.well-known/jwks.json publishes the key the tenant signs with, and only public members', async ({ emulators }) => {
    const { auth0 } = emulators;
    const response = await fetch(`${auth0.origin}/.well-known/jwks.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { keys } = await response.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toEqual({ alg: 'RS256', kty: 'RSA', use: 'sig', kid: auth0.signingKey.kid, n: auth0.signingKey.publicJwk.n, e: 'AQAB' });
  });
});
