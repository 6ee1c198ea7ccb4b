// The preflight's Okta checks: the org answers at OKTA_ORG_URL; the API token works and its admin
// may manage apps and trusted origins; the org runs Identity Engine (authentication policies, which
// each run brings one of: password only); the default authenticator enrollment policy does not make
// new users enrol a second factor at their first sign-in.
import type { Policy } from '@okta/okta-sdk-nodejs';
import type { HarnessConfig } from './config.ts';
import type { ManagementClients } from './management-clients.ts';
import { describeApiError } from './api-errors.ts';
import { httpStatusOf } from './not-found.ts';
import { probeFetch, probeOktaOrg } from './tenant-probe.ts';
import type { Report } from './preflight-check.ts';

const SUPER_ADMIN_FIX = 'create the token signed in as an admin with the Super Administrator role (Security → Administrators), see docs/live-tenants.md';

/** How the Admin Console names each authenticator key. */
const AUTHENTICATOR_NAMES: Record<string, string> = {
  okta_verify: 'Okta Verify',
  okta_email: 'Email',
  phone_number: 'Phone',
  google_otp: 'Google Authenticator',
  webauthn: 'FIDO2 (WebAuthn)',
  security_question: 'Security Question',
  duo: 'Duo',
};

export async function oktaChecks(config: HarnessConfig, clients: ManagementClients, report: Report): Promise<void> {
  const org = await probeOktaOrg(config.okta.orgUrl, probeFetch(config));
  if (!org.answers) {
    report({
      check: 'okta org',
      status: 'fail',
      detail: `no Okta org answers at ${config.okta.orgUrl}: ${org.why}`,
      fix: "OKTA_ORG_URL is the org's URL, e.g. https://dev-123456.okta.com (not the -admin one)",
    });
    return;
  }
  report({ check: 'okta org', status: 'pass', detail: `${config.okta.orgUrl} answers` });

  const okta = clients.okta;
  try {
    for await (const _app of await okta.applicationApi.listApplications({ limit: 1 })) break;
    for await (const _origin of await okta.trustedOriginApi.listTrustedOrigins({ limit: 1 })) break;
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401)
      report({
        check: 'okta api token',
        status: 'fail',
        detail: `OKTA_API_TOKEN is not accepted (${describeApiError(error, 'okta')})`,
        fix: 'Security → API → Tokens → Create token (tokens unused for 30 days expire), and put it in OKTA_API_TOKEN',
      });
    else report({ check: 'okta api token', status: 'fail', detail: describeApiError(error, 'okta'), fix: status === 403 ? SUPER_ADMIN_FIX : undefined });
    return;
  }
  report({ check: 'okta api token', status: 'pass', detail: 'reads apps and trusted origins' });

  await Promise.all([signInPolicies(okta, report), enrollment(okta, report)]);
}

async function signInPolicies(okta: ManagementClients['okta'], report: Report): Promise<void> {
  const check = 'okta sign-in policies';
  let policies: Policy[];
  try {
    policies = await all(okta, 'ACCESS_POLICY');
  } catch (error) {
    if (httpStatusOf(error) === 400)
      report({
        check,
        status: 'fail',
        detail: `the org has no authentication policies (${describeApiError(error, 'okta')}): it runs Classic Engine`,
        fix: 'use an Identity Engine org (every new org is one), see docs/live-tenants.md',
      });
    else report({ check, status: 'fail', detail: describeApiError(error, 'okta'), fix: httpStatusOf(error) === 403 ? SUPER_ADMIN_FIX : undefined });
    return;
  }
  const fallback = policies.find(p => p.system);
  report({
    check,
    status: 'pass',
    detail: `Identity Engine${fallback ? `; new apps get "${fallback.name}"` : ''}; each run brings its own policy (password only, no "Stay signed in?" prompt)`,
  });
}

async function enrollment(okta: ManagementClients['okta'], report: Report): Promise<void> {
  const check = 'okta authenticator enrollment';
  let policies: Policy[];
  try {
    policies = await all(okta, 'MFA_ENROLL');
  } catch (error) {
    report({ check, status: 'fail', detail: describeApiError(error, 'okta'), fix: httpStatusOf(error) === 403 ? SUPER_ADMIN_FIX : undefined });
    return;
  }
  const fallback = policies.find(p => p.system && p.status === 'ACTIVE');
  if (!fallback)
    return report({
      check,
      status: 'warn',
      detail: 'no default enrollment policy found',
      fix: 'Security → Authenticators → Enrollment: make sure test users are not asked to enrol more than a password',
    });
  const settings = (fallback as Policy & { settings?: { authenticators?: { key: string; enroll?: { self?: string } }[] } }).settings;
  const required = (settings?.authenticators ?? [])
    .filter(a => a.enroll?.self === 'REQUIRED' && a.key !== 'okta_password')
    .map(a => AUTHENTICATOR_NAMES[a.key] ?? a.key);
  const others = policies.filter(p => !p.system && p.status === 'ACTIVE').length;
  if (required.length)
    report({
      check,
      status: 'fail',
      detail: `"${fallback.name}" makes every new user enrol ${required.join(', ')} at the first sign-in; the test users sign in with a password only`,
      fix: `Security → Authenticators → Enrollment → ${fallback.name}: set ${required.join(', ')} to Optional (or add a policy above it, for a group of the test users, that requires the password only)`,
    });
  else
    report({
      check,
      status: 'pass',
      detail: `"${fallback.name}" requires the password only${others ? ` (${others} other polic${others === 1 ? 'y applies' : 'ies apply'} to chosen groups)` : ''}`,
    });
}

async function all(okta: ManagementClients['okta'], type: 'ACCESS_POLICY' | 'MFA_ENROLL'): Promise<Policy[]> {
  const found: Policy[] = [];
  for await (const p of await okta.policyApi.listPolicies({ type })) if (p) found.push(p);
  return found;
}
