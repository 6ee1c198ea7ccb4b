// The Okta side of a run, through @okta/okta-sdk-nodejs: the run's authentication policy (password
// only), the OIDC web app Auth0's connection signs in with, the trusted origin for the Auth0 domain,
// and the test users assigned to the app.
// Each function is one resource operation; provision/teardown/sweep decide the order.
import type { AccessPolicy, AccessPolicyRule, Application, Client, Group, OpenIdConnectApplication, Policy, TrustedOrigin, User } from '@okta/okta-sdk-nodejs';
import { deletedOrAbsent, isNotFound, undefinedIfNotFound } from './not-found.ts';
import { runIdOfName, runIdTime, runNames } from './naming.ts';
import { sameSet } from './same-set.ts';

export interface OktaAppSpec {
  label: string;
  /** https://{AUTH0_DOMAIN}/login/callback */
  redirectUri: string;
  /** Where federated logout may return (the demo app). */
  postLogoutRedirectUris: string[];
}

export interface OktaAppCredentials {
  id: string;
  clientId: string;
  /** Okta returns it on create, and (for client_secret_* apps) on GET. */
  clientSecret?: string;
  /** The authentication policy the app signs in under (`_links.accessPolicy`; Identity Engine orgs). */
  accessPolicyId?: string;
}

/** The app as Okta's API takes it: an OIDC web app for Auth0's okta connection. */
function oktaAppBody(spec: OktaAppSpec): OpenIdConnectApplication {
  return {
    name: 'oidc_client',
    label: spec.label,
    signOnMode: 'OPENID_CONNECT',
    credentials: {
      // What Auth0's okta connection sends at Okta's token endpoint (docs/fidelity.md#the-okta-connection-broker).
      oauthClient: { token_endpoint_auth_method: 'client_secret_post' },
    },
    settings: {
      oauthClient: {
        application_type: 'web',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [spec.redirectUri],
        post_logout_redirect_uris: spec.postLogoutRedirectUris,
      },
    },
  } as OpenIdConnectApplication;
}

export async function createOktaApp(client: Client, spec: OktaAppSpec): Promise<OktaAppCredentials> {
  const app = (await client.applicationApi.createApplication({ application: oktaAppBody(spec), activate: true })) as OpenIdConnectApplication;
  return appCredentials(app);
}

export async function getOktaApp(client: Client, appId: string): Promise<OpenIdConnectApplication | undefined> {
  return undefinedIfNotFound(async () => (await client.applicationApi.getApplication({ appId })) as OpenIdConnectApplication);
}

export function appCredentials(app: OpenIdConnectApplication): OktaAppCredentials {
  const oauth = app.credentials?.oauthClient;
  const accessPolicy = (app._links as { accessPolicy?: { href?: string } } | undefined)?.accessPolicy?.href;
  return {
    id: app.id!,
    clientId: oauth?.client_id ?? app.id!,
    clientSecret: oauth?.client_secret || undefined,
    accessPolicyId: accessPolicy?.split('/').pop(),
  };
}

/** Apps whose label is exactly `label` (Okta's `q` is a prefix match on name and label). */
export async function findOktaAppsByLabel(client: Client, label: string): Promise<Application[]> {
  const found: Application[] = [];
  for await (const app of await client.applicationApi.listApplications({ q: label, limit: 200 })) {
    if (app?.label === label) found.push(app);
  }
  return found;
}

/** Read-modify-write (PUT replaces the app): bring redirect and logout URIs back to the spec. */
export async function reconcileOktaApp(client: Client, app: OpenIdConnectApplication, spec: OktaAppSpec): Promise<boolean> {
  const settings = app.settings?.oauthClient;
  const want = oktaAppBody(spec).settings.oauthClient!;
  if (settings && sameSet(settings.redirect_uris, want.redirect_uris) && sameSet(settings.post_logout_redirect_uris, want.post_logout_redirect_uris))
    return false;
  const updated = { ...app, settings: { ...app.settings, oauthClient: { ...settings, ...want } } } as OpenIdConnectApplication;
  delete (updated as { _links?: unknown })._links;
  delete (updated as { _embedded?: unknown })._embedded;
  await client.applicationApi.replaceApplication({ appId: app.id!, application: updated });
  return true;
}

/** Okta refuses to delete an ACTIVE app (403 E0000056): deactivate first. 404 at either step = done. */
export async function deleteOktaApp(client: Client, appId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(async () => {
    await client.applicationApi.deactivateApplication({ appId });
    await client.applicationApi.deleteApplication({ appId });
  });
}

// ── the run's authentication policy ───────────────────────────────────────────────────────────
// A new app signs in under the org's default authentication policy, which on new orgs wants two
// factors ("Any two factors"): the test user would be asked to enrol Okta Verify. The run brings a
// policy of its own instead: one factor, a password, and no "Stay signed in?" prompt afterwards
// (docs/fidelity.md#policies).

export const SIGN_IN_RULE_NAME = 'Harness: password only';

function passwordOnlyRule(): AccessPolicyRule {
  return {
    name: SIGN_IN_RULE_NAME,
    type: 'ACCESS_POLICY',
    priority: 0,
    actions: {
      appSignOn: {
        access: 'ALLOW',
        verificationMethod: { type: 'ASSURANCE', factorMode: '1FA', reauthenticateIn: 'PT12H', constraints: [{ knowledge: { types: ['password'] } }] },
        keepMeSignedIn: { postAuth: 'NOT_ALLOWED' },
      },
    },
  } as AccessPolicyRule;
}

/** Creates the policy with its password-only rule; returns the policy's id. */
export async function createSignInPolicy(client: Client, name: string, description: string): Promise<string> {
  const policy = await client.policyApi.createPolicy({ policy: { type: 'ACCESS_POLICY', name, description } as AccessPolicy });
  await client.policyApi.createPolicyRule({ policyId: policy.id!, policyRule: passwordOnlyRule() });
  return policy.id!;
}

export async function getPolicy(client: Client, policyId: string): Promise<Policy | undefined> {
  return undefinedIfNotFound(() => client.policyApi.getPolicy({ policyId }));
}

/** Adds the password-only rule when someone removed it; true when it had to. */
export async function ensurePasswordOnlyRule(client: Client, policyId: string): Promise<boolean> {
  for await (const rule of await client.policyApi.listPolicyRules({ policyId })) if (rule?.name === SIGN_IN_RULE_NAME && rule.status === 'ACTIVE') return false;
  await client.policyApi.createPolicyRule({ policyId, policyRule: passwordOnlyRule() });
  return true;
}

/** Authentication policies whose name starts with `prefix` (Okta's `q` is a name prefix). */
export async function listSignInPoliciesWithPrefix(client: Client, prefix: string): Promise<Policy[]> {
  const found: Policy[] = [];
  for await (const p of await client.policyApi.listPolicies({ type: 'ACCESS_POLICY', q: prefix })) if (p?.name?.startsWith(prefix)) found.push(p);
  return found;
}

export async function findSignInPoliciesByName(client: Client, name: string): Promise<Policy[]> {
  return (await listSignInPoliciesWithPrefix(client, name)).filter(p => p.name === name);
}

/** PUT /apps/{appId}/policies/{policyId}: the app signs in under the policy. */
export async function assignSignInPolicy(client: Client, appId: string, policyId: string): Promise<void> {
  await client.applicationApi.assignApplicationPolicy({ appId, policyId });
}

/** Okta refuses to delete a policy an app still uses: teardown removes the apps first. */
export async function deleteSignInPolicy(client: Client, policyId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => client.policyApi.deletePolicy({ policyId }));
}

// ── trusted origins ───────────────────────────────────────────────────────────────────────────

export async function createTrustedOrigin(client: Client, name: string, origin: string): Promise<string> {
  const created = await client.trustedOriginApi.createTrustedOrigin({
    trustedOrigin: { name, origin, scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] } as never,
  });
  return created.id!;
}

export async function getTrustedOrigin(client: Client, trustedOriginId: string): Promise<TrustedOrigin | undefined> {
  return undefinedIfNotFound(() => client.trustedOriginApi.getTrustedOrigin({ trustedOriginId }));
}

/** Trusted origins whose origin (or name) is exactly `value`. `q` prefix-matches both. */
export async function findTrustedOrigins(client: Client, match: { origin?: string; name?: string }): Promise<TrustedOrigin[]> {
  const found: TrustedOrigin[] = [];
  const q = match.name ?? match.origin;
  for await (const t of await client.trustedOriginApi.listTrustedOrigins({ q, limit: 200 })) {
    if (!t) continue;
    if (match.origin !== undefined && t.origin?.replace(/\/$/, '') !== match.origin) continue;
    if (match.name !== undefined && t.name !== match.name) continue;
    found.push(t);
  }
  return found;
}

/**
 * Okta allows one trusted origin per origin, so concurrent runs against one Auth0 tenant share
 * it: the run that created it holds it (its name carries that run's id), later runs use it as is.
 * Runs that still use it: harness apps (any run but `except`) redirecting to `${origin}/login/callback`,
 * newest first.
 */
export async function harnessRunsUsingOrigin(client: Client, origin: string, except: (runId: string) => boolean): Promise<string[]> {
  const callback = `${origin}/login/callback`;
  const runs = new Set<string>();
  for (const app of await listOktaAppsWithPrefix(client, 'harness-')) {
    const runId = runIdOfName(app.label);
    if (!runId || except(runId) || app.label !== runNames(runId).oktaApp) continue;
    const redirects = (app as OpenIdConnectApplication).settings?.oauthClient?.redirect_uris ?? [];
    if (redirects.includes(callback)) runs.add(runId);
  }
  return [...runs].sort((a, b) => runIdTime(b)!.getTime() - runIdTime(a)!.getTime());
}

export type ReleaseResult = { result: 'deleted' | 'absent' | 'kept' } | { result: 'handed-over'; to: string; name: string };

/**
 * Let go of a trusted origin held by `runId`: hand it to the newest other run that still uses it
 * (renamed to that run, so its teardown or a sweep removes it later), or delete it. An origin held
 * by another run, or not by a harness run at all, is kept.
 */
export async function releaseTrustedOrigin(client: Client, trustedOriginId: string, isReleased: (runId: string) => boolean): Promise<ReleaseResult> {
  const current = await getTrustedOrigin(client, trustedOriginId);
  if (!current) return { result: 'absent' };
  const holder = runIdOfName(current.name);
  if (!holder || !isReleased(holder)) return { result: 'kept' };
  const [next] = await harnessRunsUsingOrigin(client, current.origin!.replace(/\/$/, ''), isReleased);
  if (next) {
    const name = runNames(next).oktaTrustedOrigin;
    await client.trustedOriginApi.replaceTrustedOrigin({
      trustedOriginId,
      trustedOrigin: { name, origin: current.origin, scopes: current.scopes } as TrustedOrigin,
    });
    return { result: 'handed-over', to: next, name };
  }
  return { result: await deleteTrustedOrigin(client, trustedOriginId) };
}

export async function deleteTrustedOrigin(client: Client, trustedOriginId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => client.trustedOriginApi.deleteTrustedOrigin({ trustedOriginId }));
}

// ── users ─────────────────────────────────────────────────────────────────────────────────────

export interface OktaUserSpec {
  login: string;
  firstName: string;
  lastName: string;
  password: string;
}

export async function createOktaUser(client: Client, spec: OktaUserSpec): Promise<string> {
  const user = await client.userApi.createUser({
    body: {
      profile: { firstName: spec.firstName, lastName: spec.lastName, email: spec.login, login: spec.login },
      credentials: { password: { value: spec.password } },
    },
    activate: true,
  });
  return user.id!;
}

/** By id or login; undefined when gone. */
export async function getOktaUser(client: Client, userId: string): Promise<User | undefined> {
  return undefinedIfNotFound(() => client.userApi.getUser({ userId }));
}

/** Admin password set (partial update, POST /api/v1/users/{id}): used when run.env lost the password. */
export async function setOktaUserPassword(client: Client, userId: string, password: string): Promise<void> {
  await client.userApi.updateUser({ userId, user: { credentials: { password: { value: password } } } });
}

export async function assignUserToOktaApp(client: Client, appId: string, userId: string): Promise<void> {
  await client.applicationApi.assignUserToApplication({ appId, appUser: { id: userId, scope: 'USER' } });
}

export async function isUserAssignedToOktaApp(client: Client, appId: string, userId: string): Promise<boolean> {
  try {
    await client.applicationApi.getApplicationUser({ appId, userId });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * Okta deletes a user in two steps: the first DELETE deactivates (DEPROVISIONED), the second
 * deletes. 404 at any point = done (a DEPROVISIONED user is deleted by the first DELETE).
 */
export async function deleteOktaUser(client: Client, userId: string): Promise<'deleted' | 'absent'> {
  let touched = false;
  for (let i = 0; i < 2; i++) {
    try {
      await client.userApi.deleteUser({ userId });
      touched = true;
    } catch (error) {
      if (isNotFound(error)) return touched ? 'deleted' : 'absent';
      throw error;
    }
  }
  return 'deleted';
}

// ── sweep listings (everything named with the harness prefix) ─────────────────────────────────

export async function listOktaAppsWithPrefix(client: Client, prefix: string): Promise<Application[]> {
  const found: Application[] = [];
  for await (const app of await client.applicationApi.listApplications({ q: prefix, limit: 200 })) {
    if (app?.label?.startsWith(prefix)) found.push(app);
  }
  return found;
}

/** Includes DEPROVISIONED users (search does, `q` does not). */
export async function listOktaUsersWithPrefix(client: Client, prefix: string): Promise<User[]> {
  const found: User[] = [];
  for await (const user of await client.userApi.listUsers({ search: `profile.login sw "${prefix}"`, limit: 200 })) {
    if (user?.profile?.login?.toLowerCase().startsWith(prefix)) found.push(user);
  }
  return found;
}

export async function listTrustedOriginsWithPrefix(client: Client, prefix: string): Promise<TrustedOrigin[]> {
  const found: TrustedOrigin[] = [];
  for await (const t of await client.trustedOriginApi.listTrustedOrigins({ q: prefix, limit: 200 })) {
    if (t?.name?.startsWith(prefix)) found.push(t);
  }
  return found;
}

export async function listOktaGroupsWithPrefix(client: Client, prefix: string): Promise<Group[]> {
  const found: Group[] = [];
  for await (const g of await client.groupApi.listGroups({ q: prefix, limit: 200 })) {
    if (g?.profile?.name?.startsWith(prefix)) found.push(g);
  }
  return found;
}

export async function deleteOktaGroup(client: Client, groupId: string): Promise<'deleted' | 'absent'> {
  return deletedOrAbsent(() => client.groupApi.deleteGroup({ groupId }));
}
