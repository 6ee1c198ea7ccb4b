// Who may sign in to which app, decided on every authorization request of a signed-in user (fresh
// sign-in and SSO alike): the user must be assigned to the app, directly or through a group;
// otherwise Okta sends the browser back with access_denied "User is not assigned to the client
// application." (docs/fidelity.md#org-authorization-server). Then the app's authentication policy must let the user in with a
// password alone, the one factor the emulated sign-in offers (policies/app-sign-in-policy.ts).
// Apps created through /api/v1/apps use TRUSTED consent, so the grant of the requested scopes is
// made here, without a consent prompt.
import { errors, type Grant, type KoaContextWithOIDC } from 'oidc-provider';
import type { OktaStore } from '../store.ts';
import { activeAppOf } from './clients.ts';
import { oktaErrors } from './okta-error-texts.ts';
import { passwordOnlySignIn } from '../policies/app-sign-in-policy.ts';

export function loadExistingGrant(store: OktaStore) {
  return async (ctx: KoaContextWithOIDC): Promise<Grant> => {
    const { provider } = ctx.oidc;
    const session = ctx.oidc.session!;
    const client = ctx.oidc.client!;
    const accountId = session.accountId!;

    const app = activeAppOf(store, client.clientId);
    if (!app || !store.isAssigned(app.wire.id, accountId)) {
      throw new errors.AccessDenied(oktaErrors.userNotAssigned().error_description);
    }
    const policy = passwordOnlySignIn(store, app.wire.id, accountId);
    if (!policy.allowed) throw new errors.AccessDenied(policyRefusal(policy.reason));

    const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
    let grant = grantId ? await provider.Grant.find(grantId) : undefined;
    // A grant left in the browser session by another user (sign-in as someone else) is not theirs.
    if (grant && (grant.accountId !== accountId || grant.clientId !== client.clientId)) grant = undefined;
    grant ??= new provider.Grant({ accountId, clientId: client.clientId });

    const scopes = [...ctx.oidc.requestParamOIDCScopes].join(' ');
    if (scopes) grant.addOIDCScope(scopes);
    await grant.save();
    return grant;
  };
}

/**
 * A refusal by the app's authentication policy. A denying rule is Okta's policy-evaluation
 * failure; a rule that wants more than a password would make the real page ask for another factor
 * (or its enrolment), which the emulated page does not offer: it says so instead.
 */
function policyRefusal(reason: 'denied' | 'needs-more-factors' | 'no-rule'): string {
  if (reason === 'needs-more-factors')
    return "The app's authentication policy requires more than a password; the emulated sign-in offers the password only (assign the app a policy that allows password-only sign-in).";
  return 'Policy evaluation failed for this request, please check the policy configurations.';
}
