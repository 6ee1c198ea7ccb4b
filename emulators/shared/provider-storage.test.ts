// oidc-provider's in-memory storage drops expired records on its own, so that the codes and
// interactions of finished logins (never read again) do not make memory grow with every login.
import { expect, test } from '@playwright/test';
import { ProviderStorage } from './provider-storage.ts';

test('expired records are swept out as new ones are written; live ones stay', () => {
  const storage = new ProviderStorage(() => undefined);
  storage.set('Session', 'live', { accountId: 'u1', uid: 'uid-live' }, 3600);
  for (let i = 0; i < 500; i++) storage.set('AuthorizationCode', `spent-${i}`, { grantId: `g${i}` }, -1);
  expect(storage.held('AuthorizationCode')).toBe(500);
  for (let i = 0; i < 600; i++) storage.set('Interaction', `fresh-${i}`, {}, 3600);
  expect(storage.held('AuthorizationCode')).toBe(0);
  expect(storage.held('Interaction')).toBe(600);
  expect(storage.get('Session', 'live')).toEqual({ accountId: 'u1', uid: 'uid-live' });
  expect(storage.idBySessionUid('uid-live')).toBe('live');
});
