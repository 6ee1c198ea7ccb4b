// Whether the app's authentication policy lets this user in with a password alone — the only
// factor the emulator's sign-in page offers. The policy is evaluated as Okta does
// (docs/fidelity.md#policies): the app's mapped policy, else the org's default one; its ACTIVE
// rules in priority order; the first whose conditions match the user decides. Conditions the
// emulator can evaluate: people (users and groups, include and exclude) and network ANYWHERE; a rule
// with any other condition (zones, devices, platforms, risk, expressions) never matches here.
// The sign-in page can call this to show the outcome; the authorization server refuses the
// authorization request when it says no.
import type { OktaStore } from '../store.ts';
import type { PolicyRecord, WireRule } from './policy-store.ts';

export type PasswordOnlyVerdict =
  | { allowed: true; policy: PolicyRecord; rule: WireRule }
  | { allowed: false; reason: 'denied' | 'needs-more-factors' | 'no-rule'; policy?: PolicyRecord; rule?: WireRule };

const EVALUATED_CONDITIONS = new Set(['people', 'network']);

export function passwordOnlySignIn(store: OktaStore, appId: string, userId: string): PasswordOnlyVerdict {
  const policy = store.policies.accessPolicyOf(appId);
  if (!policy || policy.wire.status !== 'ACTIVE') return { allowed: false, reason: 'no-rule', policy };
  const rule = store.policies.rulesInOrder(policy).find(r => r.status === 'ACTIVE' && matches(store, r, userId));
  if (!rule) return { allowed: false, reason: 'no-rule', policy };
  const appSignOn = rule.actions?.appSignOn;
  if (appSignOn?.access !== 'ALLOW') return { allowed: false, reason: 'denied', policy, rule };
  const method = (appSignOn.verificationMethod ?? {}) as {
    factorMode?: string;
    constraints?: Record<string, { types?: string[]; methods?: string[] } | undefined>[];
  };
  if (method.factorMode !== '1FA') return { allowed: false, reason: 'needs-more-factors', policy, rule };
  // One factor: with no constraints any one factor does; otherwise one constraint object must accept a password.
  const constraints = method.constraints ?? [];
  const passwordSatisfies = constraints.length === 0 || constraints.some(c => !c.possession && acceptsPassword(c.knowledge));
  return passwordSatisfies ? { allowed: true, policy, rule } : { allowed: false, reason: 'needs-more-factors', policy, rule };
}

function acceptsPassword(knowledge: { types?: string[]; methods?: string[] } | undefined): boolean {
  if (!knowledge) return true;
  const named = [...(knowledge.types ?? []), ...(knowledge.methods ?? [])].map(t => t.toUpperCase());
  return named.length === 0 || named.includes('PASSWORD');
}

function matches(store: OktaStore, rule: WireRule, userId: string): boolean {
  const conditions = (rule.conditions ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(conditions)) {
    if (value === null || value === undefined) continue;
    if (!EVALUATED_CONDITIONS.has(name)) return false;
  }
  const network = conditions.network as { connection?: string } | undefined;
  if (network && network.connection !== undefined && network.connection !== 'ANYWHERE') return false;
  const people = conditions.people as { users?: IncludeExclude; groups?: IncludeExclude } | undefined;
  if (!people) return true;
  const groups = [...store.groupMembers].filter(([, members]) => members.has(userId)).map(([groupId]) => groupId);
  if (people.users?.exclude?.includes(userId)) return false;
  if (people.groups?.exclude?.some(g => groups.includes(g))) return false;
  const include = [...(people.users?.include ?? []), ...(people.groups?.include ?? [])];
  if (!include.length) return true;
  return !!people.users?.include?.includes(userId) || !!people.groups?.include?.some(g => groups.includes(g));
}

interface IncludeExclude {
  include?: string[];
  exclude?: string[];
}
