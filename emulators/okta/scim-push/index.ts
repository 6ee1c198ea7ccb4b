// Okta's SCIM push, wired to the org: provisioning reacts to every user lifecycle change the
// Management API emits (see provisioning.ts for what each one sends).
import type { OktaOrgContext } from '../org-context.ts';
import { provision } from './provisioning.ts';

export function startScimPush(context: OktaOrgContext): () => void {
  return context.userLifecycle.on(change => provision(context, change));
}
