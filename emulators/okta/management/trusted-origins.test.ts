// Trusted origins through @okta/okta-sdk-nodejs v8 (docs/fidelity.md#trusted-origins).
import okta from '@okta/okta-sdk-nodejs';
import { expect, test } from '../../../fixtures/emulators.ts';
import { sdkClient, sdkError, unique } from '../../../fixtures/okta/management-sdk.ts';

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

  test('filters on name, origin, status and the type of a scope, with eq, and and or', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const tag = unique('filtered');
    const create = (name: string, scopes: ('CORS' | 'REDIRECT' | 'IFRAME_EMBED')[]) =>
      client.trustedOriginApi.createTrustedOrigin({
        trustedOrigin: { name: `${tag}-${name}`, origin: `https://${unique(name)}.example`, scopes: scopes.map(type => ({ type })) },
      });
    const both = await create('both', ['CORS', 'REDIRECT']);
    const redirect = await create('redirect', ['REDIRECT']);
    const cors = await create('cors', ['CORS']);
    await client.trustedOriginApi.deactivateTrustedOrigin({ trustedOriginId: cors.id! });
    const ids = async (filter: string) => {
      const found: string[] = [];
      for await (const o of await client.trustedOriginApi.listTrustedOrigins({ q: tag, filter })) found.push(o!.id!);
      return found;
    };
    expect(await ids('type eq "REDIRECT"')).toEqual([both.id, redirect.id]);
    expect(await ids('type eq "CORS" and status eq "ACTIVE"')).toEqual([both.id]);
    expect(await ids(`name eq "${tag}-redirect" or status eq "INACTIVE"`)).toEqual([redirect.id, cors.id]);
    expect(await ids('type eq "IFRAME_EMBED"')).toEqual([]);
    const unsupported = await sdkError(() => ids('type sw "RED"'));
    expect([unsupported.status, unsupported.errorCode]).toEqual([400, 'E0000031']);
  });

  test('rejects a path in the origin, an unknown scope and a duplicate origin', async ({ oktaOrg }) => {
    const client = sdkClient(oktaOrg);
    const invalid = await sdkError(() =>
      client.trustedOriginApi.createTrustedOrigin({
        trustedOrigin: { name: 'bad', origin: 'https://rp.example/callback', scopes: [{ type: 'BOGUS' as 'CORS' }] },
      }),
    );
    expect([invalid.status, invalid.errorCode, invalid.errorSummary]).toEqual([400, 'E0000001', 'Api validation failed: origin']);
    expect(invalid.errorCauses?.map(c => c.errorSummary)).toEqual([
      "origin: 'https://rp.example/callback' is not a valid origin (scheme://host[:port])",
      "scopes: 'BOGUS' is not one of CORS, REDIRECT, IFRAME_EMBED",
    ]);

    const origin = `https://${unique('dup')}.example`;
    await client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: unique('one'), origin, scopes: [{ type: 'CORS' }] } });
    const duplicate = await sdkError(() =>
      client.trustedOriginApi.createTrustedOrigin({ trustedOrigin: { name: unique('two'), origin, scopes: [{ type: 'CORS' }] } }),
    );
    expect(duplicate.errorCauses?.map(c => c.errorSummary)).toEqual(['origin: An object with this field already exists in the current organization']);
  });
});
