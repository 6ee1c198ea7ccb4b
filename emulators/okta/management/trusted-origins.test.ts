// Trusted origins through @okta/okta-sdk-nodejs v8 (reference §2.5).
import okta from '@okta/okta-sdk-nodejs';
import { expect, test } from '../../../fixtures/emulators.ts';
import { sdkClient, sdkError, unique } from './sdk-test-kit.ts';

test.describe('Okta Management API: trusted origins', () => {
  test('creates, lists, reads and deletes a trusted origin', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const name = unique('demo-rp');
    const origin = `http://${unique('rp')}.localhost:3000`;
    const created = await client.trustedOriginApi.createTrustedOrigin({
      trustedOrigin: { name, origin, scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] },
    });
    expect(created).toBeInstanceOf(okta.TrustedOrigin);
    expect(created.id).toMatch(/^tos[A-Za-z0-9]{17}$/);
    expect(created).toMatchObject({ name, origin, status: 'ACTIVE', scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] });
    expect(created.createdBy).toMatch(/^00u/);
    expect(created.lastUpdatedBy).toBe(created.createdBy);
    expect(created.created).toBeInstanceOf(Date);
    expect(created._links?.self?.href).toBe(`${oktaOrg.origin}/api/v1/trustedOrigins/${created.id}`);
    expect(created._links?.deactivate?.href).toBe(`${oktaOrg.origin}/api/v1/trustedOrigins/${created.id}/lifecycle/deactivate`);

    const listed: string[] = [];
    for await (const o of await client.trustedOriginApi.listTrustedOrigins({ q: name })) listed.push(o!.id!);
    expect(listed).toEqual([created.id]);
    const byFilter: string[] = [];
    for await (const o of await client.trustedOriginApi.listTrustedOrigins({ filter: `origin eq "${origin}"` })) byFilter.push(o!.id!);
    expect(byFilter).toEqual([created.id]);
    expect((await client.trustedOriginApi.getTrustedOrigin({ trustedOriginId: created.id! })).origin).toBe(origin);

    const deactivated = await client.trustedOriginApi.deactivateTrustedOrigin({ trustedOriginId: created.id! });
    expect(deactivated.status).toBe('INACTIVE');

    await client.trustedOriginApi.deleteTrustedOrigin({ trustedOriginId: created.id! });
    const gone = await sdkError(() => client.trustedOriginApi.getTrustedOrigin({ trustedOriginId: created.id! }));
    expect([gone.status, gone.errorCode, gone.errorSummary]).toEqual([404, 'E0000007', `Not found: Resource not found: ${created.id} (TrustedOrigin)`]);
  });

  test('rejects a path in the origin, an unknown scope and a duplicate origin', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const invalid = await sdkError(() =>
      client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: 'bad', origin: 'https://rp.example/callback', scopes: [{ type: 'BOGUS' as 'CORS' }] } }),
    );
    expect([invalid.status, invalid.errorCode, invalid.errorSummary]).toEqual([400, 'E0000001', 'Api validation failed: origin']);
    expect(invalid.errorCauses?.map(c => c.errorSummary)).toEqual([
      "origin: 'https://rp.example/callback' is not a valid origin (scheme://host[:port])",
      "scopes: 'BOGUS' is not one of CORS, REDIRECT, IFRAME_EMBED",
    ]);

    const origin = `https://${unique('dup')}.example`;
    await client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: unique('one'), origin, scopes: [{ type: 'CORS' }] } });
    const duplicate = await sdkError(() => client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: unique('two'), origin, scopes: [{ type: 'CORS' }] } }));
    expect(duplicate.errorCauses?.map(c => c.errorSummary)).toEqual(['origin: An object with this field already exists in the current organization']);
  });
});
