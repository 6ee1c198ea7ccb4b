// User lifecycle operations beyond activate/deactivate, through @okta/okta-sdk-nodejs v8: the
// status each leads to, the errors of the wrong status, and the links a user then carries
// (docs/fidelity.md#user-lifecycle).
import { verifyPassword } from '../store.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { PASSWORD, apiFetch, sdkClient, sdkError, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';
import { controlPlaneFetch } from '../../../fixtures/control-plane-client.ts';

async function linksOf(oktaOrg: Parameters<typeof apiFetch>[0], userId: string): Promise<string[]> {
  return Object.keys((await (await apiFetch(oktaOrg, `/api/v1/users/${userId}`)).json())._links).sort();
}

test.describe('Okta Management API: user lifecycle', () => {
  test('suspends an ACTIVE user and unsuspends it, keeping its assignments; other statuses are 400 E0000001', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const app = await client.applicationApi.createApplication({ application: webApp() });
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('suspended')) });
    await client.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id! } });

    await client.userApi.suspendUser({ userId: user.id! });
    const suspended = await client.userApi.getUser({ userId: user.id! });
    expect(suspended.status).toBe('SUSPENDED');
    expect(suspended.statusChanged!.getTime()).toBeGreaterThanOrEqual(user.statusChanged!.getTime());
    expect(oktaOrg.store.isAssigned(app.id!, user.id!)).toBe(true);
    expect(await linksOf(oktaOrg, user.id!)).toEqual(['deactivate', 'resetFactors', 'schema', 'self', 'type', 'unsuspend']);

    const again = await sdkError(() => client.userApi.suspendUser({ userId: user.id! }));
    expect([again.status, again.errorCode, again.errorSummary]).toEqual([400, 'E0000001', 'Api validation failed: status']);
    // A suspended user can only be unsuspended or deactivated.
    const unlock = await sdkError(() => client.userApi.unlockUser({ userId: user.id! }));
    expect([unlock.status, unlock.errorCode]).toEqual([403, 'E0000032']);

    await client.userApi.unsuspendUser({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('ACTIVE');
    const notSuspended = await sdkError(() => client.userApi.unsuspendUser({ userId: user.id! }));
    expect([notSuspended.status, notSuspended.errorCode]).toEqual([400, 'E0000001']);

    const staged = await client.userApi.createUser({ body: userBody(uniqueLogin('staged')), activate: false });
    const stagedSuspend = await sdkError(() => client.userApi.suspendUser({ userId: staged.id! }));
    expect([stagedSuspend.status, stagedSuspend.errorCode]).toEqual([400, 'E0000001']);
    const unknown = await sdkError(() => client.userApi.suspendUser({ userId: '00uNoSuchUser0000000' }));
    expect([unknown.status, unknown.errorCode]).toEqual([404, 'E0000007']);
  });

  test('unlock of an ACTIVE user is 403 E0000032; a LOCKED_OUT user is unlocked to ACTIVE', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('locked')) });
    const active = await sdkError(() => client.userApi.unlockUser({ userId: user.id! }));
    expect([active.status, active.errorCode, active.errorSummary]).toEqual([403, 'E0000032', 'Unlock is not allowed for this user.']);

    // What the lockout policy does after too many failed sign-ins, through the control plane.
    const lockOut = await controlPlaneFetch(oktaOrg, `/users/${user.id}/lock-out`, { method: 'POST' });
    expect(await lockOut.json()).toEqual({ userId: user.id, status: 'LOCKED_OUT' });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('LOCKED_OUT');
    expect(await linksOf(oktaOrg, user.id!)).toEqual(['deactivate', 'resetFactors', 'resetPassword', 'schema', 'self', 'type', 'unlock']);

    await client.userApi.unlockUser({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('ACTIVE');
    expect(await verifyPassword(PASSWORD, oktaOrg.store.users.get(user.id!)!.passwordHash)).toBe(true);
  });

  test('expire_password answers the user, PASSWORD_EXPIRED; a user without a password cannot have it expired', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('expired')) });
    const expired = await client.userApi.expirePassword({ userId: user.id! });
    expect(expired.id).toBe(user.id);
    expect(expired.status).toBe('PASSWORD_EXPIRED');
    expect(expired._links?.changePassword?.href).toBe(`${oktaOrg.origin}/api/v1/users/${user.id}/credentials/change_password`);
    // The password itself is unchanged: the user must change it at the next sign-in.
    expect(await verifyPassword(PASSWORD, oktaOrg.store.users.get(user.id!)!.passwordHash)).toBe(true);
    expect((await client.userApi.expirePassword({ userId: user.id! })).status).toBe('PASSWORD_EXPIRED');

    const provisioned = await client.userApi.createUser({ body: userBody(uniqueLogin('no-password'), {}, null) });
    const refused = await sdkError(() => client.userApi.expirePassword({ userId: provisioned.id! }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000038']);
  });

  test('expire_password_with_temp_password gives a temporary password that replaces the old one', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('temporary')) });
    // The SDK reads this answer as a User and so loses the password: read the wire.
    const response = await apiFetch(oktaOrg, `/api/v1/users/${user.id}/lifecycle/expire_password_with_temp_password?revokeSessions=true`, { method: 'POST' });
    expect(response.status).toBe(200);
    const { tempPassword } = await response.json();
    expect(tempPassword).toMatch(/^[A-Za-z0-9]{8}$/);
    const stored = oktaOrg.store.users.get(user.id!)!;
    expect(stored.wire.status).toBe('PASSWORD_EXPIRED');
    expect(await verifyPassword(tempPassword, stored.passwordHash)).toBe(true);
    expect(await verifyPassword(PASSWORD, stored.passwordHash)).toBe(false);
    expect((await client.userApi.expirePasswordAndGetTemporaryPassword({ userId: user.id! })).status).toBeUndefined();
  });

  test('reset_factors answers 200 and leaves the status alone', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const user = await client.userApi.createUser({ body: userBody(uniqueLogin('factors')) });
    await client.userApi.resetFactors({ userId: user.id! });
    expect((await client.userApi.getUser({ userId: user.id! })).status).toBe('ACTIVE');
    const raw = await apiFetch(oktaOrg, `/api/v1/users/${user.id}/lifecycle/reset_factors`, { method: 'POST' });
    expect([raw.status, await raw.json()]).toEqual([200, {}]);
  });

  test('a single user carries the link relations of its status', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const active = await client.userApi.createUser({ body: userBody(uniqueLogin('links-active')) });
    expect(await linksOf(oktaOrg, active.id!)).toEqual([
      'changePassword',
      'changeRecoveryQuestion',
      'deactivate',
      'expirePassword',
      'forgotPassword',
      'resetFactors',
      'resetPassword',
      'schema',
      'self',
      'suspend',
      'type',
    ]);
    const provisioned = await client.userApi.createUser({ body: userBody(uniqueLogin('links-provisioned'), {}, null) });
    expect(await linksOf(oktaOrg, provisioned.id!)).toEqual(['deactivate', 'reactivate', 'resetFactors', 'resetPassword', 'schema', 'self', 'suspend', 'type']);
    const staged = await client.userApi.createUser({ body: userBody(uniqueLogin('links-staged')), activate: false });
    expect(await linksOf(oktaOrg, staged.id!)).toEqual(['activate', 'resetFactors', 'schema', 'self', 'type']);
    await client.userApi.deactivateUser({ userId: staged.id! });
    const raw = await (await apiFetch(oktaOrg, `/api/v1/users/${staged.id}`)).json();
    expect(Object.keys(raw._links).sort()).toEqual(['activate', 'delete', 'resetFactors', 'schema', 'self', 'type']);
    expect(raw._links.delete).toEqual({ href: `${oktaOrg.origin}/api/v1/users/${staged.id}`, method: 'DELETE' });
    expect(raw._links.type.href).toBe(`${oktaOrg.origin}/api/v1/meta/types/user/${raw.type.id}`);
  });
});
