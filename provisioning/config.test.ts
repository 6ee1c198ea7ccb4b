// Configuration: every missing or malformed variable listed at once with what is expected; a bad
// environment stops the CLI before any Management API call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, resourcesNamed, runCli } from '../fixtures/provisioning.ts';
import { ConfigError, liveEnvironment, loadConfig } from './config.ts';

function harnessDirWith(dir: string, embeddedEnv: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'embedded.env'), embeddedEnv);
  return dir;
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

test('a bad embedded.env: the exact listing of every problem, with what is expected', async ({ dir: scratch }) => {
  const dir = harnessDirWith(
    join(scratch, 'bad'),
    [
      'AUTH0_DOMAIN=https://tenant.example.com/',
      'AUTH0_CLIENT_ID=abc',
      'OKTA_ORG_URL=https://dev-1.okta.com/oauth2/default',
      'NODE_EXTRA_CA_CERTS=/nonexistent/ca.pem',
      'BASE_URL=localhost:3000',
    ].join('\n'),
  );
  const path = join(dir, 'embedded.env');
  expect(configError(() => loadConfig({ dir, env: {} }))).toBe(
    `The embedded target is not configured (${path}):\n` +
      '  - AUTH0_DOMAIN must be the Auth0 tenant\'s own domain without scheme or path, e.g. my-tenant.auth0.com, my-tenant.us.auth0.com or my-tenant.eu.auth0.com (or host:port); remove the scheme from "https://tenant.example.com/"\n' +
      '  - AUTH0_CLIENT_SECRET is missing: the client secret of that machine-to-machine application\n' +
      '  - OKTA_ORG_URL must be the Okta org URL https://host[:port] without a path, e.g. https://dev-123456.okta.com; remove the path from "https://dev-1.okta.com/oauth2/default" (a custom authorization server path such as /oauth2/default does not belong here)\n' +
      '  - OKTA_API_TOKEN is missing: an Okta API token (SSWS) of an admin who may manage apps, users and trusted origins\n' +
      "  - EMULATOR_CONTROL_PLANE_TOKEN is missing: the emulators' control-plane token (they write it when they start)\n" +
      `  - NODE_EXTRA_CA_CERTS must point at an existing file (the emulators' local CA certificate), got "/nonexistent/ca.pem"\n` +
      `  - BASE_URL must be the demo app's root URL, e.g. http://localhost:3000; use http:// or https://, got "localhost:3000"\n` +
      `Restart the emulators (\`npm run emulators\`) so that they rewrite ${path}.`,
  );
});

test('live target: .env plus environment (the environment wins); admin URLs, http and paths are refused; one trailing slash is fine', async ({ dir }) => {
  const envFile = join(dir, '.env');
  writeFileSync(
    envFile,
    'AUTH0_DOMAIN=from-file.eu.auth0.com\nAUTH0_CLIENT_ID=id\nAUTH0_CLIENT_SECRET=file-secret\nOKTA_ORG_URL=https://dev-1.okta.com/\nOKTA_API_TOKEN=file-token\n',
  );
  const config = loadConfig({ env: { HARNESS_TARGET: 'live', AUTH0_DOMAIN: 'from-env.us.auth0.com' }, envFile });
  expect(config).toMatchObject({
    target: 'live',
    auth0: { domain: 'from-env.us.auth0.com', clientId: 'id', clientSecret: 'file-secret' },
    okta: { orgUrl: 'https://dev-1.okta.com', domain: 'dev-1.okta.com' },
    baseUrl: 'http://localhost:3000',
    connection: { displayName: 'Okta Workforce' },
  });
  expect(config.caCertPem).toBeUndefined();

  const message = configError(() =>
    loadConfig({
      env: {
        HARNESS_TARGET: 'live',
        OKTA_ORG_URL: 'https://dev-1-admin.okta.com',
        PUBLIC_BASE_URL: 'http://harness.example.com',
        HARNESS_EMAIL_DOMAIN: 'not a domain',
      },
      envFile,
    }),
  );
  expect(message.split('\n').slice(1, -1)).toEqual([
    '  - OKTA_ORG_URL must be the org URL, not the Admin Console URL: remove "-admin" from "https://dev-1-admin.okta.com"',
    '  - PUBLIC_BASE_URL must be the https root URL where Auth0 can reach the demo app, e.g. https://harness.example.com; use https://, got "http://harness.example.com"',
    '  - HARNESS_EMAIL_DOMAIN must be a domain name for the test users\' emails (home realm discovery), e.g. hrd.example.com, got "not a domain"',
  ]);
  expect(configError(() => loadConfig({ env: { HARNESS_TARGET: 'live', OKTA_ORG_URL: 'http://dev-1.okta.com' }, envFile }))).toContain(
    'OKTA_ORG_URL must be the Okta org URL https://host[:port] without a path, e.g. https://dev-123456.okta.com; it must start with https://, got "http://dev-1.okta.com"',
  );
  expect(configError(() => loadConfig({ env: { HARNESS_TARGET: 'staging' } }))).toBe(
    'HARNESS_TARGET must be "embedded" (the default: local emulators) or "live" (sandbox tenants from .env), got "staging".',
  );
});

test('AUTH0_DOMAIN in every form a tenant has; AUTH0_CUSTOM_DOMAIN moves logins, never the Management API', async ({ dir }) => {
  const envFile = join(dir, '.env');
  writeFileSync(envFile, 'AUTH0_CLIENT_ID=id\nAUTH0_CLIENT_SECRET=s3cr3t-from-env-file-0001\nOKTA_ORG_URL=https://dev-1.okta.com\nOKTA_API_TOKEN=token\n');
  const live = (env: Record<string, string>) => loadConfig({ env: { HARNESS_TARGET: 'live', ...env }, envFile });
  for (const domain of [
    'my-tenant.auth0.com',
    'my-tenant.us.auth0.com',
    'my-tenant.eu.auth0.com',
    'my-tenant.au.auth0.com',
    'my-tenant.jp.auth0.com',
    'my-tenant.uk.auth0.com',
    'My-Tenant.EU.auth0.com',
    'my-tenant.eu.auth0.com/',
    '127.0.0.2:8443',
  ]) {
    const config = live({ AUTH0_DOMAIN: domain });
    expect(config.auth0.domain, domain).toBe(domain.toLowerCase().replace(/\/$/, ''));
    expect(config.auth0.loginDomain, 'without a custom domain, logins run on the tenant domain').toBe(config.auth0.domain);
    expect(config.auth0.customDomain).toBeUndefined();
  }
  const custom = live({ AUTH0_DOMAIN: 'my-tenant.eu.auth0.com', AUTH0_CUSTOM_DOMAIN: 'Login.Example.com' });
  expect(custom.auth0).toMatchObject({ domain: 'my-tenant.eu.auth0.com', customDomain: 'login.example.com', loginDomain: 'login.example.com' });

  const problems = (env: Record<string, string>) =>
    configError(() => live(env))
      .split('\n')
      .slice(1, -1);
  expect(problems({ AUTH0_DOMAIN: 'manage.auth0.com' })).toEqual([
    '  - AUTH0_DOMAIN must be the Auth0 tenant\'s own domain without scheme or path, e.g. my-tenant.auth0.com, my-tenant.us.auth0.com or my-tenant.eu.auth0.com (or host:port); "manage.auth0.com" is not a tenant domain (the Dashboard shows it under Settings → Domain)',
  ]);
  expect(problems({ AUTH0_DOMAIN: 'my-tenant.eu.auth0.com', AUTH0_CUSTOM_DOMAIN: 'https://login.example.com' })).toEqual([
    '  - AUTH0_CUSTOM_DOMAIN must be the tenant\'s custom domain without scheme or path, e.g. login.example.com; remove the scheme from "https://login.example.com"',
  ]);
});

test("HARNESS_ENV_FILE names the live target's .env (the environment still wins)", async ({ dir }) => {
  const envFile = join(dir, 'sandbox.env');
  writeFileSync(
    envFile,
    'AUTH0_DOMAIN=from-file.eu.auth0.com\nAUTH0_CLIENT_ID=id\nAUTH0_CLIENT_SECRET=s3cr3t-from-env-file-0001\nOKTA_ORG_URL=https://dev-1.okta.com\nOKTA_API_TOKEN=token\nBASE_URL=http://localhost:3999\n',
  );
  const config = loadConfig({ env: { HARNESS_TARGET: 'live', HARNESS_ENV_FILE: envFile, OKTA_API_TOKEN: 'from-env' } });
  expect(config).toMatchObject({
    source: envFile,
    auth0: { domain: 'from-file.eu.auth0.com' },
    okta: { apiToken: 'from-env' },
    baseUrl: 'http://localhost:3999',
  });
  expect(liveEnvironment({ HARNESS_ENV_FILE: envFile }).BASE_URL).toBe('http://localhost:3999');
});

test("embedded target: the emulators' file wins over stray shell variables; no file means the emulators are not running", async ({ dir }) => {
  const config = loadConfig({ dir, env: { AUTH0_DOMAIN: 'stray.example.com', OKTA_API_TOKEN: 'stray' } });
  expect(config.auth0.domain).not.toBe('stray.example.com');
  expect(config.okta.apiToken).not.toBe('stray');
  expect(config.caCertPem).toContain('BEGIN CERTIFICATE');

  const empty = join(dir, 'no-emulators');
  expect(configError(() => loadConfig({ dir: empty, env: {} }))).toBe(
    `The emulators are not running (no ${join(empty, 'embedded.env')}): start them with \`npm run emulators\` in another terminal, or use HARNESS_TARGET=live for sandbox tenants.`,
  );
});

test('the CLI with a bad environment prints the listing, exits non-zero and creates nothing', async ({ dir: scratch, emulators, oktaAdmin, auth0Admin }) => {
  test.setTimeout(60_000);
  const dir = harnessDirWith(
    join(scratch, 'bad-cli'),
    [
      // The tenants are real (the worker's emulators); only the Auth0 domain is malformed.
      `AUTH0_DOMAIN=https://${emulators.env.AUTH0_DOMAIN}`,
      `AUTH0_CLIENT_ID=${emulators.env.AUTH0_CLIENT_ID}`,
      `AUTH0_CLIENT_SECRET=${emulators.env.AUTH0_CLIENT_SECRET}`,
      `OKTA_ORG_URL=${emulators.env.OKTA_ORG_URL}`,
      `OKTA_API_TOKEN=`,
      `NODE_EXTRA_CA_CERTS=${emulators.env.NODE_EXTRA_CA_CERTS}`,
      `EMULATOR_CONTROL_PLANE_TOKEN=${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}`,
    ].join('\n'),
  );
  const before = await resourcesNamed(oktaAdmin, auth0Admin, 'harness-');
  const oktaSeq = emulators.okta.events.lastSeq;
  const auth0Seq = emulators.auth0.events.lastSeq;

  const result = await runCli(['provision'], { dir });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(
    `The embedded target is not configured (${join(dir, 'embedded.env')}):\n` +
      `  - AUTH0_DOMAIN must be the Auth0 tenant's own domain without scheme or path, e.g. my-tenant.auth0.com, my-tenant.us.auth0.com or my-tenant.eu.auth0.com (or host:port); remove the scheme from "https://${emulators.env.AUTH0_DOMAIN}"\n` +
      '  - OKTA_API_TOKEN is missing: an Okta API token (SSWS) of an admin who may manage apps, users and trusted origins\n' +
      `Restart the emulators (\`npm run emulators\`) so that they rewrite ${join(dir, 'embedded.env')}.\n`,
  );
  expect(emulators.okta.events.list({ since: oktaSeq, type: 'okta.management' })).toEqual([]);
  expect(emulators.auth0.events.list({ since: auth0Seq, type: 'auth0.management' })).toEqual([]);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, 'harness-')).toEqual(before);
});
