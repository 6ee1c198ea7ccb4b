// Okta Universal Logout, the sending side: an app's Logout settings (control plane, the admin
// console's stand-in), the "Clear User Sessions … Also include logout enabled apps" trigger, and
// the Global Token Revocation request it sends — JWT header and claims, body, one request per
// logout-enabled assigned app — received by a recording HTTPS listener. DELETE
// /api/v1/users/{id}/sessions sends none.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { hostedSignInStateToken } from '../../../fixtures/okta-hosted-sign-in.ts';
import { test, expect } from '../../../fixtures/emulators.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, authorizeAndSignIn, relyingParty } from '../../../fixtures/okta/relying-party.ts';
import type { OktaOrg } from '../okta-org.ts';
import { startRecordingReceiver } from './recording-receiver.ts';
import { controlPlaneFetch } from '../../../fixtures/control-plane-client.ts';

async function controlPlane(org: OktaOrg, method: string, path: string, body?: unknown) {
  const response = await controlPlaneFetch(org, path, { method, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

test.describe('Universal Logout (Okta sends Global Token Revocation)', () => {
  test('Clear User Sessions with logout-enabled apps: Okta sessions end and each such assigned app gets one signed GTR request', async ({ oktaOrg }) => {
    const receiver = await startRecordingReceiver(await ensureLocalTls());
    try {
      const arrange = new OrgArrangements(oktaOrg);
      const { app, user } = await arrange.appWithAssignedUser();
      const notLogoutEnabled = await arrange.createOidcApp();
      await arrange.assign(notLogoutEnabled, user);
      const notAssigned = await arrange.createOidcApp();
      const endpoint = `${receiver.origin}/oauth/global-token-revocation/connection/okta-wf`;
      const configured = await controlPlane(oktaOrg, 'PUT', `/apps/${app.appId}/universal-logout`, { endpoint, subjectFormat: 'iss_sub' });
      expect(configured).toEqual({
        status: 200,
        body: { appId: app.appId, logoutMode: 'okta_system_or_admin_initiated', endpoint, subjectFormat: 'iss_sub', subjectMember: 'sub_id' },
      });
      await controlPlane(oktaOrg, 'PUT', `/apps/${notAssigned.appId}/universal-logout`, { endpoint: `${receiver.origin}/other` });

      const rp = await relyingParty(oktaOrg, app);
      const browser = new HttpBrowser();
      await authorizeAndSignIn(browser, rp, user);

      // The Management API's session clearing is not Universal Logout.
      const cleared = await fetch(`${oktaOrg.origin}/api/v1/users/${user.id}/sessions`, {
        method: 'DELETE',
        headers: { authorization: `SSWS ${oktaOrg.apiToken}` },
      });
      expect(cleared.status).toBe(204);
      expect(receiver.requests).toEqual([]);

      await authorizeAndSignIn(browser, rp, user);
      const since = oktaOrg.events.lastSeq;
      const before = Math.floor(Date.now() / 1000);
      const result = await controlPlane(oktaOrg, 'POST', `/users/${user.id}/clear-sessions`, { includeLogoutEnabledApps: true });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        userId: user.id,
        oktaSessionsEnded: 1,
        universalLogout: [
          { appId: app.appId, label: expect.any(String), endpoint, subjectFormat: 'iss_sub', subjectMember: 'sub_id', status: 204, outcome: 'success' },
        ],
      });

      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(request.method).toBe('POST');
      expect(`${receiver.origin}${request.path}`).toBe(endpoint);
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body)).toEqual({ sub_id: { format: 'iss_sub', iss: oktaOrg.issuer, sub: user.id } });
      const token = /^Bearer (.+)$/.exec(String(request.headers.authorization))![1];
      expect(decodeProtectedHeader(token)).toEqual({ typ: 'global-token-revocation+jwt', alg: 'RS256', kid: oktaOrg.signingKey.kid });
      // Verifiable with the org's published ID-token keys, exactly as a receiver does it.
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${oktaOrg.issuer}/oauth2/v1/keys`)), {
        typ: 'global-token-revocation+jwt',
        issuer: oktaOrg.issuer,
        audience: endpoint,
        subject: app.clientId,
      });
      expect(payload.jti).toEqual(expect.any(String));
      expect(payload.iat).toBeGreaterThanOrEqual(before);
      expect(payload.nbf).toBe(payload.iat! - 300);
      expect(payload.exp).toBe(payload.iat! + 300);

      // The Okta session is gone: the next authorization shows the sign-in page.
      const next = await browser.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback });
      expect(next.stopped).toBe(false);
      expect(hostedSignInStateToken(next), 'Okta’s sign-in page').toBeDefined();

      expect(oktaOrg.events.list({ since, type: 'okta.universal_logout' })).toEqual([
        expect.objectContaining({ appId: app.appId, endpoint, status: 204, outcome: 'success', userId: user.id, subjectFormat: 'iss_sub' }),
      ]);
      expect(JSON.stringify(oktaOrg.events.list({ since }))).not.toContain(token);
    } finally {
      await receiver.close();
    }
  });

  test('subject format Email (Okta’s default) under the older "subject" member; a refusal is reported with its status', async ({ oktaOrg }) => {
    const receiver = await startRecordingReceiver(await ensureLocalTls());
    try {
      receiver.respond(() => ({ status: 400 }));
      const arrange = new OrgArrangements(oktaOrg);
      const { app, user } = await arrange.appWithAssignedUser();
      const endpoint = `${receiver.origin}/gtr`;
      const configured = await controlPlane(oktaOrg, 'PUT', `/apps/${app.appId}/universal-logout`, { endpoint, subjectMember: 'subject' });
      expect(configured.body).toMatchObject({ subjectFormat: 'email', subjectMember: 'subject' });

      const result = await controlPlane(oktaOrg, 'POST', `/users/${user.id}/clear-sessions`, { includeLogoutEnabledApps: true });
      expect(result.body.universalLogout).toEqual([expect.objectContaining({ appId: app.appId, status: 400, outcome: 'failure' })]);
      expect(JSON.parse(receiver.requests[0].body)).toEqual({ subject: { format: 'email', email: user.login } });

      // Without the option, only the Okta sessions are cleared.
      const quiet = await controlPlane(oktaOrg, 'POST', `/users/${user.login}/clear-sessions`, {});
      expect(quiet.body).toEqual({ userId: user.id, oktaSessionsEnded: 0, universalLogout: [] });
      expect(receiver.requests).toHaveLength(1);

      // An unreachable endpoint is a failure with a reason, not an emulator error.
      await receiver.close();
      const unreachable = await controlPlane(oktaOrg, 'POST', `/users/${user.id}/clear-sessions`, { includeLogoutEnabledApps: true });
      expect(unreachable.status).toBe(200);
      expect(unreachable.body.universalLogout).toEqual([expect.objectContaining({ outcome: 'failure', error: expect.any(String) })]);
      expect(unreachable.body.universalLogout[0]).not.toHaveProperty('status');
    } finally {
      await receiver.close();
    }
  });

  test('the control plane checks the settings and names what is wrong', async ({ oktaOrg }) => {
    const arrange = new OrgArrangements(oktaOrg);
    const app = await arrange.createOidcApp();
    const put = (body: unknown) => controlPlane(oktaOrg, 'PUT', `/apps/${app.appId}/universal-logout`, body);
    expect(await put({ endpoint: 'http://example.test/gtr' })).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: expect.stringContaining('https') },
    });
    expect(await put({ endpoint: 'https://example.test/gtr#x' })).toMatchObject({ status: 400 });
    expect(await put({ endpoint: 'https://example.test/gtr', subjectFormat: 'opaque' })).toMatchObject({ status: 400 });
    expect(await put({ endpoint: 'https://example.test/gtr', subjectMember: 'user' })).toMatchObject({ status: 400 });
    expect((await controlPlane(oktaOrg, 'PUT', '/apps/0oaNOSUCHAPP00000000/universal-logout', { endpoint: 'https://example.test/' })).status).toBe(404);
    expect((await controlPlane(oktaOrg, 'GET', `/apps/${app.appId}/universal-logout`)).status).toBe(404);
    expect((await put({ endpoint: 'https://example.test/gtr' })).status).toBe(200);
    expect((await controlPlane(oktaOrg, 'GET', `/apps/${app.appId}/universal-logout`)).body.endpoint).toBe('https://example.test/gtr');
    expect((await controlPlane(oktaOrg, 'DELETE', `/apps/${app.appId}/universal-logout`)).status).toBe(204);
    expect((await controlPlane(oktaOrg, 'GET', `/apps/${app.appId}/universal-logout`)).status).toBe(404);
    expect((await controlPlane(oktaOrg, 'POST', '/users/00uNOSUCHUSER0000000/clear-sessions', {})).status).toBe(404);
    const user = await arrange.createUser();
    expect((await controlPlane(oktaOrg, 'POST', `/users/${user.id}/clear-sessions`, { includeLogoutEnabledApps: 'yes' })).status).toBe(400);
  });
});
