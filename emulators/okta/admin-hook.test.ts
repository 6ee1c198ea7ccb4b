// The Okta emulator's admin hook takes exactly the requests the live target's admin-console client
// sends (fixtures/okta-admin-console.ts, operator hook mode): one POST {action, …} with a bearer
// token. Driven here through that client, unchanged, as the live path uses it.
import { expect, test } from '../../fixtures/emulators.ts';
import { AdminConsoleError, oktaAdminConsole } from '../../fixtures/okta-admin-console.ts';
import type { HarnessConfig } from '../../provisioning/config.ts';
import { OrgArrangements } from '../../fixtures/okta/org-arrangements.ts';
import type { OktaOrg } from './okta-org.ts';

function liveConsole(org: OktaOrg, token = org.adminHookToken) {
  const config = { target: 'live', okta: { orgUrl: org.origin } } as HarnessConfig;
  return oktaAdminConsole(config, { HARNESS_LIVE_OKTA_ADMIN_HOOK_URL: `${org.origin}/_emulator/admin-hook`, HARNESS_LIVE_OKTA_ADMIN_HOOK_TOKEN: token });
}

test('every action of the live admin hook lands on the emulator as the admin console would set it', async ({ oktaOrg }) => {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const hook = liveConsole(oktaOrg);

  await hook.enableUniversalLogout(app.appId, { endpoint: 'https://tenant.example/oauth/global-token-revocation/connection/okta', subjectFormat: 'iss_sub' });
  expect(oktaOrg.store.apps.get(app.appId)!.universalLogout).toEqual({
    endpoint: 'https://tenant.example/oauth/global-token-revocation/connection/okta',
    subjectFormat: 'iss_sub',
    subjectMember: 'sub_id',
  });
  await hook.enableProvisioning(app.appId, { baseUrl: 'https://tenant.example/scim/v2/connections/con_1/', bearerToken: 'scim-token-for-the-hook-test' });
  expect(oktaOrg.store.apps.get(app.appId)!.scim).toEqual({
    baseUrl: 'https://tenant.example/scim/v2/connections/con_1',
    bearerToken: 'scim-token-for-the-hook-test',
  });

  const seq = oktaOrg.events.lastSeq;
  await hook.clearUserSessions(user.id, { includeLogoutEnabledApps: false });
  expect(oktaOrg.events.list({ since: seq, type: 'okta.admin_hook' }).map(e => e.action)).toEqual(['clear-user-sessions']);

  await hook.disableProvisioning(app.appId);
  await hook.disableUniversalLogout(app.appId);
  expect(oktaOrg.store.apps.get(app.appId)!.scim).toBeUndefined();
  expect(oktaOrg.store.apps.get(app.appId)!.universalLogout).toBeUndefined();
});

test('the hook refuses a wrong or missing token (401), an unknown action or member (400) and an unknown app (404)', async ({ oktaOrg }) => {
  await expect(liveConsole(oktaOrg, 'not-the-token').disableUniversalLogout('0oaNoSuchApp')).rejects.toThrow(AdminConsoleError);
  await expect(liveConsole(oktaOrg, 'not-the-token').disableUniversalLogout('0oaNoSuchApp')).rejects.toThrow(/answered 401 \{"error":"invalid_token"/);
  const post = (body: unknown, authorization?: string) =>
    fetch(`${oktaOrg.origin}/_emulator/admin-hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
  const unauthenticated = await post({ action: 'clear-user-sessions', userId: 'x' });
  expect([unauthenticated.status, unauthenticated.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
  const bearer = `Bearer ${oktaOrg.adminHookToken}`;
  expect(await (await post({ action: 'reset-everything' }, bearer)).json()).toMatchObject({
    error: 'invalid_request',
    error_description: expect.stringContaining('"action" must be one of enable-universal-logout'),
  });
  expect((await post({ action: 'enable-provisioning' }, bearer)).status).toBe(400);
  const unknownApp = await post({ action: 'disable-provisioning', appId: '0oaNoSuchApp' }, bearer);
  expect([unknownApp.status, (await unknownApp.json()).error]).toEqual([404, 'not_found']);
});
