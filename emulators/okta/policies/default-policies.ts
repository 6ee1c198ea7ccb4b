// The policies every org has from the start (docs/fidelity.md#policies): a default authentication
// policy, mapped to every new app, whose catch-all rule decides how many factors a sign-in needs,
// and a default authenticator enrollment policy. Two kinds of org are real:
//   one-factor  — the catch-all allows any one factor (orgs upgraded from Classic Engine; "Password only");
//   two-factors — "Any two factors", the default of new Identity Engine orgs: a password alone is not enough.
import { oktaId } from '../store.ts';
import { now } from '../../shared/wire.ts';
import type { PolicyStore, WireRule } from './policy-store.ts';

export type DefaultAppSignInPolicy = 'one-factor' | 'two-factors';

/**
 * The default password policy's lockout: "Lock out user after 10 unsuccessful attempts", no
 * automatic unlock (docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api).
 */
export const DEFAULT_PASSWORD_POLICY_LOCKOUT = { maxAttempts: 10 } as const;

export function seedDefaultPolicies(policies: PolicyStore, kind: DefaultAppSignInPolicy): void {
  const created = now();
  const accessPolicyId = oktaId('rst');
  const catchAll: WireRule = {
    id: oktaId('rul'),
    name: 'Catch-all Rule',
    status: 'ACTIVE',
    priority: 99,
    system: true,
    type: 'ACCESS_POLICY',
    created,
    lastUpdated: created,
    conditions: null as never,
    actions: {
      appSignOn: {
        access: 'ALLOW',
        verificationMethod:
          kind === 'two-factors'
            ? ({ factorMode: '2FA', type: 'ASSURANCE', reauthenticateIn: 'PT12H', constraints: [] } as never)
            : ({ factorMode: '1FA', type: 'ASSURANCE', reauthenticateIn: 'PT12H', constraints: [] } as never),
      },
    },
  };
  policies.policies.set(accessPolicyId, {
    wire: {
      id: accessPolicyId,
      type: 'ACCESS_POLICY',
      status: 'ACTIVE',
      name: kind === 'two-factors' ? 'Any two factors' : 'Default Policy',
      description: 'The default policy applies in all situations if no other policy applies.',
      priority: 1,
      system: true,
      conditions: null,
      created,
      lastUpdated: created,
    },
    rules: new Map([[catchAll.id, catchAll]]),
  });

  const enrollmentId = oktaId('00p');
  policies.policies.set(enrollmentId, {
    wire: {
      id: enrollmentId,
      type: 'MFA_ENROLL',
      status: 'ACTIVE',
      name: 'Default Policy',
      description: 'The default policy applies in all situations if no other policy applies.',
      priority: 1,
      system: true,
      settings: {
        type: 'AUTHENTICATORS',
        authenticators: [
          { key: 'okta_password', enroll: { self: 'REQUIRED' } },
          { key: 'okta_email', enroll: { self: 'OPTIONAL' } },
          { key: 'okta_verify', enroll: { self: 'OPTIONAL' } },
        ],
      },
      created,
      lastUpdated: created,
    },
    rules: new Map(),
  });
}
