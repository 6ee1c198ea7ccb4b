// The org's policies and their rules, and which authentication policy each app uses. An app
// without a mapping uses the org's default authentication policy, as a new app does on a real org
// (docs/fidelity.md#policies). Kept in their wire form (without `_links`), like the rest of the store.
import type { AccessPolicyRule, Policy } from '@okta/okta-sdk-nodejs';
import type { Wire } from '../../shared/wire.ts';

export type PolicyType = 'ACCESS_POLICY' | 'MFA_ENROLL';

export type WirePolicy = Omit<Wire<Policy>, '_links' | '_embedded' | 'type' | 'status'> & {
  id: string;
  type: PolicyType;
  status: 'ACTIVE' | 'INACTIVE';
  priority: number;
  system: boolean;
  /** MFA_ENROLL: which authenticators users may or must enrol. */
  settings?: { type: 'AUTHENTICATORS'; authenticators: { key: string; enroll: { self: 'REQUIRED' | 'OPTIONAL' | 'NOT_ALLOWED' } }[] };
  conditions?: unknown;
};

export type WireRule = Omit<Wire<AccessPolicyRule>, '_links' | 'status' | 'priority'> & {
  id: string;
  status: 'ACTIVE' | 'INACTIVE';
  priority: number;
  system: boolean;
};

export interface PolicyRecord {
  wire: WirePolicy;
  rules: Map<string, WireRule>;
}

export class PolicyStore {
  readonly policies = new Map<string, PolicyRecord>();
  /** appId → the authentication policy mapped to it (absent: the default one). */
  readonly appPolicies = new Map<string, string>();

  clear(): void {
    this.policies.clear();
    this.appPolicies.clear();
  }

  ofType(type: PolicyType): PolicyRecord[] {
    return [...this.policies.values()].filter(p => p.wire.type === type).sort((a, b) => a.wire.priority - b.wire.priority);
  }

  /** The org's default authentication policy: the system one. */
  defaultAccessPolicy(): PolicyRecord | undefined {
    return this.ofType('ACCESS_POLICY').find(p => p.wire.system);
  }

  /** The authentication policy that governs sign-in to the app. */
  accessPolicyOf(appId: string): PolicyRecord | undefined {
    const mapped = this.appPolicies.get(appId);
    return (mapped ? this.policies.get(mapped) : undefined) ?? this.defaultAccessPolicy();
  }

  /** Apps mapped to the policy (the default policy also governs every unmapped app). */
  appsOf(policyId: string): string[] {
    return [...this.appPolicies].filter(([, id]) => id === policyId).map(([appId]) => appId);
  }

  /** Rules in evaluation order: priority ascending. */
  rulesInOrder(policy: PolicyRecord): WireRule[] {
    return [...policy.rules.values()].sort((a, b) => a.priority - b.priority);
  }
}
