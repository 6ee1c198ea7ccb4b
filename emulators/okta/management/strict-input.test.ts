// Input the real Okta API refuses, which the emulator once accepted: script-scheme and wildcard
// redirect URIs, profile values beyond the base schema's lengths, a `limit` that is not a positive
// int32, a search given as `filter[a]=b`, and `credentials.password` as a plain string.
// docs/fidelity.md#users, #apps, #links.
import { expect, test } from '../../../fixtures/emulators.ts';
import { apiFetch, collect, sdkClient, sdkError, uniqueLogin, userBody, webApp } from '../../../fixtures/okta/management-sdk.ts';

test.describe('Okta Management API: what a real org refuses', () => {
  for (const uri of [
    'javascript:alert(document.domain)',
    'data:text/html,<script>alert(1)</script>',
    'https://*.example.com/callback',
    'https://app.example.com/*',
  ]) {
    test(`an app with the redirect URI ${uri} is 400 E0000001 naming redirect_uris`, async ({ oktaOrg }) => {
      const client = sdkClient(oktaOrg);
      const before = (await collect(await client.applicationApi.listApplications())).length;
      const error = await sdkError(() => client.applicationApi.createApplication({ application: webApp(undefined, uri) }));
      expect(error.status).toBe(400);
      expect(error.errorCode).toBe('E0000001');
      expect(error.errorSummary).toBe('Api validation failed: redirect_uris');
      expect((await collect(await client.applicationApi.listApplications())).length).toBe(before);
    });
  }

  test('profile values beyond the base schema: firstName/lastName over 50, login over 100 characters', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const long = 'x'.repeat(51);
    for (const [field, profile] of [
      ['firstName', { firstName: long }],
      ['lastName', { lastName: long }],
      ['login', { login: `${'a'.repeat(96)}@x.io` }],
    ] as const) {
      const login = uniqueLogin('long');
      const error = await sdkError(() => client.userApi.createUser({ body: userBody(login, profile) }));
      expect(error.status, field).toBe(400);
      expect(error.errorSummary).toBe(`Api validation failed: ${field}`);
    }
    // At the limit is fine.
    const ok = await client.userApi.createUser({ body: userBody(uniqueLogin('edge'), { firstName: 'y'.repeat(50), lastName: 'z'.repeat(50) }) });
    expect(ok.profile?.firstName).toHaveLength(50);
  });

  for (const limit of ['-1', '0', '2147483648', '1.5'])
    test(`GET /api/v1/users?limit=${limit} is 400 E0000001 naming limit`, async ({ oktaOrg }) => {
      const res = await apiFetch(oktaOrg, `/api/v1/users?limit=${limit}`);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ errorCode: 'E0000001', errorSummary: 'Api validation failed: limit' });
    });

  test('a limit above the endpoint maximum is capped (200 for users), as Okta documents', async ({ oktaOrg }) => {
    const res = await apiFetch(oktaOrg, '/api/v1/users?limit=200001');
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toContain('rel="self"');
  });

  for (const query of ['filter[a]=b', 'search[]=x', 'filter=status%20eq%20%22ACTIVE%22&filter=id%20eq%20%22x%22'])
    test(`a search given as ${query} is 400 E0000031, not the whole list`, async ({ oktaOrg }) => {
      const res = await apiFetch(oktaOrg, `/api/v1/users?${query}`);
      expect(res.status).toBe(400);
      expect((await res.json()).errorCode).toBe('E0000031');
    });

  for (const credentials of [{ password: 'Correct-Horse-9' }, 'Correct-Horse-9', { password: ['Correct-Horse-9'] }])
    test(`credentials ${JSON.stringify(credentials)} is 400 E0000003, never silently a user without a password`, async ({ oktaOrg }) => {
      const login = uniqueLogin('pw');
      const res = await apiFetch(oktaOrg, '/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ profile: { firstName: 'A', lastName: 'B', email: login, login }, credentials }),
      });
      expect(res.status).toBe(400);
      expect((await res.json()).errorCode).toBe('E0000003');
      expect(oktaOrg.store.findUser(login)).toBeUndefined();
    });
});
