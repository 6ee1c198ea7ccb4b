// Authentication policies through @okta/okta-sdk-nodejs v8 (policyApi, applicationApi), and how
// the org's sign-in honours the one mapped to an app (docs/fidelity.md#policies).
import type { AccessPolicy, AccessPolicyRule, OpenIdConnectApplication, Policy } from '@okta/okta-sdk-nodejs';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { startOktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, relyingParty, signIn } from '../../../fixtures/okta/relying-party.ts';
import { sdkClient, sdkError, unique } from '../../../fixtures/okta/management-sdk.ts';

/** The rule provisioning gives a run's policy: allow, one factor, a password. */
const PASSWORD_ONLY: AccessPolicyRule = {
  name: 'password only',
  type: 'ACCESS_POLICY',
  actions: {
    appSignOn: {
      access: 'ALLOW',
      verificationMethod: { type: 'ASSURANCE', factorMode: '1FA', reauthenticateIn: 'PT12H', constraints: [{ knowledge: { types: ['password'] } }] } as never,
      keepMeSignedIn: { postAuth: 'NOT_ALLOWED' },
    },
  },
} as AccessPolicyRule;

async function collect<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of collection) if (item) out.push(item);
  return out;
}

test('an authentication policy: created with its Catch-all Rule (deny), a rule added, mapped to an app, listed, deleted after the app', async ({ oktaOrg }) => {
  const client = sdkClient(oktaOrg);
  const name = unique('harness-policy');
  const policy = (await client.policyApi.createPolicy({ policy: { type: 'ACCESS_POLICY', name, description: 'run-scoped' } as AccessPolicy })) as Policy;
  expect(policy.id).toMatch(/^rst[A-Za-z0-9]{17}$/);
  expect(policy).toMatchObject({ type: 'ACCESS_POLICY', name, description: 'run-scoped', status: 'ACTIVE', system: false });
  expect(policy.created).toBeInstanceOf(Date);
  expect(policy._links?.self?.href).toBe(`${oktaOrg.origin}/api/v1/policies/${policy.id}`);
  expect(policy._links?.rules?.href).toBe(`${oktaOrg.origin}/api/v1/policies/${policy.id}/rules`);

  const [catchAll] = await collect(await client.policyApi.listPolicyRules({ policyId: policy.id! }));
  expect(catchAll).toMatchObject({ name: 'Catch-all Rule', priority: 99, system: true, status: 'ACTIVE', type: 'ACCESS_POLICY' });
  expect((catchAll as AccessPolicyRule).actions?.appSignOn).toMatchObject({ access: 'DENY', verificationMethod: { factorMode: '1FA', type: 'ASSURANCE' } });

  const rule = (await client.policyApi.createPolicyRule({ policyId: policy.id!, policyRule: PASSWORD_ONLY })) as AccessPolicyRule;
  expect(rule.id).toMatch(/^rul/);
  expect(rule).toMatchObject({ name: 'password only', priority: 0, system: false, status: 'ACTIVE' });
  expect(rule.actions?.appSignOn).toMatchObject({ access: 'ALLOW', keepMeSignedIn: { postAuth: 'NOT_ALLOWED' }, verificationMethod: { factorMode: '1FA' } });
  const rules = await collect(await client.policyApi.listPolicyRules({ policyId: policy.id! }));
  expect(rules.map(r => r.name)).toEqual(['password only', 'Catch-all Rule']);

  const listed = await collect(await client.policyApi.listPolicies({ type: 'ACCESS_POLICY', q: name }));
  expect(listed.map(p => p.id)).toEqual([policy.id]);
  const all = await collect(await client.policyApi.listPolicies({ type: 'ACCESS_POLICY' }));
  expect(all.filter(p => p.system).map(p => p.name)).toEqual(['Default Policy']);

  const app = (await client.applicationApi.createApplication({
    application: {
      name: 'oidc_client',
      label: unique('policy-app'),
      signOnMode: 'OPENID_CONNECT',
      credentials: { oauthClient: {} },
      settings: {
        oauthClient: { application_type: 'web', grant_types: ['authorization_code'], redirect_uris: ['https://rp.example/cb'], response_types: ['code'] },
      },
    } as OpenIdConnectApplication,
  })) as OpenIdConnectApplication;
  const defaultPolicy = all.find(p => p.system)!;
  // A new app uses the org's default authentication policy.
  expect((app._links as Record<string, { href: string }>).accessPolicy.href).toBe(`${oktaOrg.origin}/api/v1/policies/${defaultPolicy.id}`);
  await client.applicationApi.assignApplicationPolicy({ appId: app.id!, policyId: policy.id! });
  const mapped = await client.applicationApi.getApplication({ appId: app.id! });
  expect((mapped._links as Record<string, { href: string }>).accessPolicy.href).toBe(`${oktaOrg.origin}/api/v1/policies/${policy.id}`);

  // Not while an app uses it; the default policy never.
  const inUse = await sdkError(() => client.policyApi.deletePolicy({ policyId: policy.id! }));
  expect([inUse.status, inUse.errorCode]).toEqual([400, 'E0000001']);
  const system = await sdkError(() => client.policyApi.deletePolicy({ policyId: defaultPolicy.id! }));
  expect([system.status, system.errorCode]).toEqual([403, 'E0000006']);

  await client.applicationApi.deactivateApplication({ appId: app.id! });
  await client.applicationApi.deleteApplication({ appId: app.id! });
  await client.policyApi.deletePolicy({ policyId: policy.id! });
  const gone = await sdkError(() => client.policyApi.getPolicy({ policyId: policy.id! }));
  expect([gone.status, gone.errorCode, gone.errorSummary]).toEqual([404, 'E0000007', `Not found: Resource not found: ${policy.id} (Policy)`]);
});

test('policy input Okta refuses: no type, an unknown type, no name, a rule asking two classes of one factor', async ({ oktaOrg }) => {
  const client = sdkClient(oktaOrg);
  // A collection fetches when iterated.
  const badType = await sdkError(async () => collect(await client.policyApi.listPolicies({ type: 'NOT_A_TYPE' as never })));
  expect([badType.status, badType.errorCode, badType.errorCauses?.[0]?.errorSummary]).toEqual([400, 'E0000001', 'type: Invalid policy type specified.']);
  const noName = await sdkError(() => client.policyApi.createPolicy({ policy: { type: 'ACCESS_POLICY', name: '' } as AccessPolicy }));
  expect([noName.status, noName.errorCode, noName.errorSummary]).toEqual([400, 'E0000001', 'Api validation failed: name']);
  const policy = await client.policyApi.createPolicy({ policy: { type: 'ACCESS_POLICY', name: unique('p') } as AccessPolicy });
  const tooMany = await sdkError(() =>
    client.policyApi.createPolicyRule({
      policyId: policy.id!,
      policyRule: {
        ...PASSWORD_ONLY,
        actions: {
          appSignOn: {
            access: 'ALLOW',
            verificationMethod: { type: 'ASSURANCE', factorMode: '1FA', constraints: [{ knowledge: { types: ['password'] }, possession: {} }] } as never,
          },
        },
      } as AccessPolicyRule,
    }),
  );
  expect([tooMany.status, tooMany.errorCode, tooMany.errorSummary]).toEqual([
    400,
    'E0000001',
    'Api validation failed: actions.appSignOn.verificationMethod.constraints',
  ]);
  await client.policyApi.deletePolicy({ policyId: policy.id! });
});

test('sign-in honours the app\'s policy: password alone passes a one-factor password rule, not "Any two factors", not a deny', async () => {
  // An org as new Identity Engine orgs come: the default policy wants two factors.
  const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls: await ensureLocalTls(), behaviour: { defaultAppSignInPolicy: 'two-factors' } });
  try {
    const arrange = new OrgArrangements(org);
    const { app, user } = await arrange.appWithAssignedUser();
    const rp = await relyingParty(org, app);
    const attempt = async (browser = new HttpBrowser()) => {
      const request = await authorizationRequest(rp);
      const page = await browser.navigate(request.url, { stopBefore: rp.stopAtCallback });
      const done = page.stopped ? page : await signIn(browser, rp, page, user);
      return Object.fromEntries(new URL(done.hops.at(-1)!.location!).searchParams);
    };

    expect(await attempt()).toMatchObject({ error: 'access_denied', error_description: expect.stringContaining('requires more than a password') });

    const policy = await arrange.client.policyApi.createPolicy({ policy: { type: 'ACCESS_POLICY', name: unique('run') } as AccessPolicy });
    await arrange.client.applicationApi.assignApplicationPolicy({ appId: app.appId, policyId: policy.id! });
    // Only the Catch-all Rule (deny): Okta's policy refusal.
    expect(await attempt()).toMatchObject({
      error: 'access_denied',
      error_description: 'Policy evaluation failed for this request, please check the policy configurations.',
    });

    await arrange.client.policyApi.createPolicyRule({ policyId: policy.id!, policyRule: PASSWORD_ONLY });
    expect(Object.keys(await attempt())).toContain('code');

    // A rule for other people does not match this user: the catch-all decides again.
    const other = await arrange.client.policyApi.createPolicy({ policy: { type: 'ACCESS_POLICY', name: unique('other') } as AccessPolicy });
    await arrange.client.policyApi.createPolicyRule({
      policyId: other.id!,
      policyRule: { ...PASSWORD_ONLY, conditions: { people: { users: { include: ['00uSomebodyElse00000'] } } } } as AccessPolicyRule,
    });
    await arrange.client.applicationApi.assignApplicationPolicy({ appId: app.appId, policyId: other.id! });
    expect((await attempt()).error).toBe('access_denied');
  } finally {
    await org.close();
  }
});
