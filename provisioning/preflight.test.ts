// The preflight names each misconfiguration with its fix in one line and creates nothing; on a
// good configuration it passes. The worker's emulators stand in for real tenants: the live target,
// a .env of their own (HARNESS_ENV_FILE), their CA trusted the way a corporate CA is
// (NODE_EXTRA_CA_CERTS, for the CLI in a child process).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientId as newClientId, clientSecret as newClientSecret } from '../emulators/auth0/store.ts';
import { test, expect, runCli, type Emulators } from '../fixtures/provisioning.ts';
import { auth0ScopesFor } from './auth0.ts';
import { preflight } from './preflight.ts';
import { formatCheck, type CheckResult } from './preflight-check.ts';
import { unusedPort } from '../fixtures/unused-port.ts';

/** A live .env for the emulators, with `overrides` (an empty value removes the variable). */
function liveEnv(dir: string, emulators: Emulators, overrides: Record<string, string> = {}): string {
  const vars: Record<string, string> = {
    AUTH0_DOMAIN: emulators.env.AUTH0_DOMAIN,
    AUTH0_CLIENT_ID: emulators.env.AUTH0_CLIENT_ID,
    AUTH0_CLIENT_SECRET: emulators.env.AUTH0_CLIENT_SECRET,
    OKTA_ORG_URL: emulators.env.OKTA_ORG_URL,
    OKTA_API_TOKEN: emulators.env.OKTA_API_TOKEN,
    ...overrides,
  };
  const path = join(dir, `${Object.keys(overrides).join('-') || 'good'}.env`);
  writeFileSync(
    path,
    Object.entries(vars)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return path;
}

async function runPreflight(dir: string, envFile: string): Promise<CheckResult[]> {
  // In process: the live target trusts the emulators' CA the way provisioning's SDK clients do on embedded.
  const report = await preflight({ env: { HARNESS_TARGET: 'live', HARNESS_ENV_FILE: envFile }, dir, scope: 'suite' });
  return report.results;
}

/** No write reached either emulator since the marks. */
function expectNothingCreated(emulators: Emulators, marks: { okta: number; auth0: number }) {
  const writes = [
    ...emulators.okta.events.list({ since: marks.okta, type: 'okta.management' }),
    ...emulators.auth0.events.list({ since: marks.auth0, type: 'auth0.management' }),
  ].filter(e => e.method !== 'GET');
  expect(writes).toEqual([]);
}

test('misconfigurations: each named with its fix in one line, and nothing created', async ({ dir, emulators }) => {
  test.setTimeout(60_000);
  // The CA as a corporate CA is trusted: the process was started with NODE_EXTRA_CA_CERTS (the runner sets it).
  expect(process.env.NODE_EXTRA_CA_CERTS).toBeTruthy();
  const withoutScope = { clientId: newClientId(), clientSecret: newClientSecret() };
  emulators.auth0.store.clients.set(withoutScope.clientId, {
    wire: {
      client_id: withoutScope.clientId,
      client_secret: withoutScope.clientSecret,
      name: 'M2M without read:users',
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
    },
    managementScopes: auth0ScopesFor({ scim: true }).filter(s => s !== 'read:users' && s !== 'create:scim_token'),
  });
  const [auth0Host] = emulators.env.AUTH0_DOMAIN.split(':');
  const oktaUrl = new URL(emulators.env.OKTA_ORG_URL);
  const [closedOnOkta, closedOnAuth0] = [await unusedPort(oktaUrl.hostname), await unusedPort(auth0Host)];
  const cases: { name: string; overrides: Record<string, string>; check: string; line: RegExp }[] = [
    {
      name: '-admin Okta URL',
      overrides: { OKTA_ORG_URL: 'https://dev-123456-admin.okta.com' },
      check: 'configuration',
      line: /OKTA_ORG_URL must be the org URL, not the Admin Console URL: remove "-admin"/,
    },
    {
      name: 'scheme in AUTH0_DOMAIN',
      overrides: { AUTH0_DOMAIN: `https://${emulators.env.AUTH0_DOMAIN}` },
      check: 'configuration',
      line: /AUTH0_DOMAIN must be .*; remove the scheme/,
    },
    {
      name: 'wrong Auth0 secret',
      overrides: { AUTH0_CLIENT_SECRET: 'not-the-secret' },
      check: 'auth0 credentials',
      line: /AUTH0_CLIENT_ID \/ AUTH0_CLIENT_SECRET are not accepted \(401 access_denied: Unauthorized\) — fix: copy both from Dashboard/,
    },
    {
      name: 'wrong Okta token',
      overrides: { OKTA_API_TOKEN: '00wrongtoken' },
      check: 'okta api token',
      line: /OKTA_API_TOKEN is not accepted \(Okta 401 E0000011 Invalid token provided.*\) — fix: Security → API → Tokens → Create token/,
    },
    {
      name: 'missing scopes',
      // With the SCIM specs on, their scopes count too.
      overrides: {
        AUTH0_CLIENT_ID: withoutScope.clientId,
        AUTH0_CLIENT_SECRET: withoutScope.clientSecret,
        HARNESS_LIVE_SCIM: '1',
        HARNESS_LIVE_OKTA_ADMIN_HOOK_URL: 'https://hook.example/okta',
      },
      check: 'auth0 scopes',
      line: /lacks read:users create:scim_token \(find the users .*; issue the SCIM token .*\) — fix: Dashboard → Applications → APIs → Auth0 Management API → Machine To Machine Applications → your app: tick read:users, create:scim_token/,
    },
    {
      name: 'unreachable Okta org',
      overrides: { OKTA_ORG_URL: `https://${oktaUrl.hostname}:${closedOnOkta}` },
      check: 'okta org',
      line: new RegExp(
        `no Okta org answers at https://127\\.0\\.0\\.3:${closedOnOkta}: cannot reach 127\\.0\\.0\\.3:${closedOnOkta}: connection refused .* — fix: OKTA_ORG_URL is the org's URL`,
      ),
    },
    {
      name: 'typo in AUTH0_DOMAIN',
      overrides: { AUTH0_DOMAIN: `${auth0Host}:${closedOnAuth0}` },
      check: 'auth0 tenant',
      line: new RegExp(`no Auth0 tenant answers at 127\\.0\\.0\\.2:${closedOnAuth0}: cannot reach .* — fix: AUTH0_DOMAIN is the tenant's own domain`),
    },
  ];
  const marks = { okta: emulators.okta.events.lastSeq, auth0: emulators.auth0.events.lastSeq };
  for (const c of cases) {
    const results = await runPreflight(dir, liveEnv(dir, emulators, c.overrides));
    const failed = results.filter(r => r.status === 'fail');
    expect(
      failed.map(r => r.check),
      c.name,
    ).toEqual([c.check]);
    const line = formatCheck(failed[0]);
    expect(line, c.name).toMatch(c.line);
    expect(line, `${c.name}: one line`).not.toContain('\n');
  }
  expectNothingCreated(emulators, marks);
});

test('the CLI: an empty .env lists every variable with its fix; a good one passes with a line per check; exit codes 1 and 0', async ({ dir, emulators }) => {
  test.setTimeout(60_000);
  const empty = join(dir, 'empty.env');
  writeFileSync(empty, '');
  const env = { HARNESS_TARGET: 'live', NODE_EXTRA_CA_CERTS: emulators.env.NODE_EXTRA_CA_CERTS };
  const marks = { okta: emulators.okta.events.lastSeq, auth0: emulators.auth0.events.lastSeq };

  const bad = await runCli(['preflight'], { dir, env: { ...env, HARNESS_ENV_FILE: empty } });
  expect(bad.code).toBe(1);
  for (const name of ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'OKTA_ORG_URL', 'OKTA_API_TOKEN'])
    expect(bad.stdout).toMatch(
      new RegExp(`✗ configuration — ${name} is missing: .* — fix: set it in \\.env \\(see \\.env\\.example\\) or in the environment\\n`),
    );
  expect(bad.stdout).toContain('Preflight: 5 problems to fix (see the lines marked ✗); nothing was created.');

  const good = await runCli(['preflight'], { dir, env: { ...env, HARNESS_ENV_FILE: liveEnv(dir, emulators) } });
  expect(good.code, good.stdout + good.stderr).toBe(0);
  for (const check of [
    'configuration',
    'auth0 tenant',
    'auth0 credentials',
    'auth0 scopes',
    'auth0 universal login',
    'okta org',
    'okta api token',
    'okta sign-in policies',
    'okta authenticator enrollment',
    'run folder',
  ])
    expect(good.stdout, check).toMatch(new RegExp(`^✓ ${check} — `, 'm'));
  expect(good.stdout).toMatch(/Preflight passed in \d+\.\d s/);
  expectNothingCreated(emulators, marks);
});

test('provision on the live target runs the preflight first: without read:users nothing is created (teardown could not finish)', async ({ dir, emulators }) => {
  test.setTimeout(60_000);
  const limited = { clientId: newClientId(), clientSecret: newClientSecret() };
  emulators.auth0.store.clients.set(limited.clientId, {
    wire: {
      client_id: limited.clientId,
      client_secret: limited.clientSecret,
      name: 'M2M without read:users',
      app_type: 'non_interactive',
      grant_types: ['client_credentials'],
    },
    managementScopes: auth0ScopesFor().filter(s => s !== 'read:users'),
  });
  const marks = { okta: emulators.okta.events.lastSeq, auth0: emulators.auth0.events.lastSeq };
  const envFile = liveEnv(dir, emulators, { AUTH0_CLIENT_ID: limited.clientId, AUTH0_CLIENT_SECRET: limited.clientSecret });
  const result = await runCli(['provision'], {
    dir,
    env: { HARNESS_TARGET: 'live', HARNESS_ENV_FILE: envFile, NODE_EXTRA_CA_CERTS: emulators.env.NODE_EXTRA_CA_CERTS },
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/^✗ auth0 scopes — the machine-to-machine app lacks read:users .* — fix: .*tick read:users, then Update$/m);
  expect(result.stderr).toContain('✗ The preflight found problems (above); nothing was created.');
  expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  expectNothingCreated(emulators, marks);
});

test('an enrollment policy that makes new users enrol Okta Verify is named, with where to change it', async ({ dir, emulators }) => {
  const fallback = [...emulators.okta.store.policies.policies.values()].find(p => p.wire.type === 'MFA_ENROLL' && p.wire.system)!;
  const before = structuredClone(fallback.wire.settings);
  fallback.wire.settings!.authenticators.find(a => a.key === 'okta_verify')!.enroll.self = 'REQUIRED';
  try {
    const results = await runPreflight(dir, liveEnv(dir, emulators));
    expect(results.filter(r => r.status === 'fail').map(formatCheck)).toEqual([
      '✗ okta authenticator enrollment — "Default Policy" makes every new user enrol Okta Verify at the first sign-in; the test users sign in with a password only — fix: Security → Authenticators → Enrollment → Default Policy: set Okta Verify to Optional (or add a policy above it, for a group of the test users, that requires the password only)',
    ]);
  } finally {
    fallback.wire.settings = before;
  }
});
