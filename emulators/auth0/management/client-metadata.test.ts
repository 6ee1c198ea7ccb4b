// `client_metadata` as Auth0 documents it: an object of at most 10 string values of at most 255
// characters, with field names of at most 255 allowed characters. Anything else (nested objects,
// 3000 levels deep as a probe sent) is 400 invalid_body, through the official SDK.
// docs/fidelity.md#auth0-applications
import { expect, managementFailure, test, uniqueName } from '../../../fixtures/auth0/management-sdk.ts';

test.describe('client_metadata limits', () => {
  const refused: [string, Record<string, unknown>, string][] = [
    ['a nested object', { deep: { deeper: 'x' } }, "Payload validation error: 'Expected type string but found type object' on property client_metadata.deep."],
    ['a number', { count: 3 }, "Payload validation error: 'Expected type string but found type integer' on property client_metadata.count."],
    [
      'a 256-character value',
      { long: 'v'.repeat(256) },
      "Payload validation error: 'String is too long (256 chars), maximum 255' on property client_metadata.long.",
    ],
    [
      '11 properties',
      Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
      "Payload validation error: 'Too many properties defined (11), maximum 10' on property client_metadata.",
    ],
    ['a field name with a dot', { 'a.b': 'v' }, "Payload validation error: 'Additional properties not allowed: a.b' on property client_metadata."],
  ];
  for (const [what, metadata, message] of refused)
    test(`${what} is 400 invalid_body, on create and on update`, async ({ management }) => {
      const create = await managementFailure(management.clients.create({ name: uniqueName('meta'), client_metadata: metadata }));
      expect(create.statusCode).toBe(400);
      expect(create.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body', message });
      const client = await management.clients.create({ name: uniqueName('meta') });
      const update = await managementFailure(management.clients.update(client.client_id!, { client_metadata: metadata }));
      expect(update.statusCode).toBe(400);
      expect((await management.clients.get(client.client_id!)).client_metadata ?? {}).toEqual({});
    });

  test('10 string values of 255 characters are kept; null (which removes a key) is accepted on update', async ({ management }) => {
    const metadata = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`key ${i}:-+=_*?"/\\()<>@`, 'v'.repeat(255)]));
    const client = await management.clients.create({ name: uniqueName('meta'), client_metadata: metadata });
    expect(client.client_metadata).toEqual(metadata);
    const first = Object.keys(metadata)[0];
    const updated = await management.clients.update(client.client_id!, { client_metadata: { [first]: null } as never });
    expect(Object.keys(updated.client_metadata ?? {})).not.toContain(first);
  });
});
