// What `npm run emulators` and the emulators' image read from the environment besides the
// topology (docs/containers.md, "Use the emulators from any language"): credentials passed in, a CA to issue
// the certificate with, seeds; and the public host a container publishes its ports on. Each bad
// value is named with what is expected, all at once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { EmulatorSettingsError, settingsFromEnv } from './settings-from-env.ts';
import { TopologyError, topologyFromEnv } from './topology.ts';
import { ensureLocalTls } from './tls/local-ca.ts';

const TOKEN = 'a'.repeat(12) + 'B'.repeat(12) + '-_.~';

test('credentials passed in are used as given; absent ones are left to be generated', () => {
  expect(settingsFromEnv({})).toEqual({ credentials: {} });
  const settings = settingsFromEnv({
    EMULATOR_CONTROL_PLANE_TOKEN: TOKEN,
    EMULATOR_OKTA_API_TOKEN: `${TOKEN}okta`,
    EMULATOR_AUTH0_CLIENT_ID: 'test-management-client',
    EMULATOR_AUTH0_CLIENT_SECRET: `${TOKEN}auth0`,
  });
  expect(settings.credentials).toEqual({
    controlPlaneToken: TOKEN,
    okta: { apiToken: `${TOKEN}okta` },
    auth0: { managementClient: { clientId: 'test-management-client', clientSecret: `${TOKEN}auth0` } },
  });
});

test('every bad value is named at once, with what is expected, and no secret is echoed', () => {
  let error: unknown;
  try {
    settingsFromEnv({
      EMULATOR_CONTROL_PLANE_TOKEN: 'short-but-secret',
      EMULATOR_OKTA_API_TOKEN: 'has spaces in it and is long enough',
      EMULATOR_AUTH0_CLIENT_ID: 'x',
      EMULATOR_CA_CERT_FILE: '/nowhere/ca.pem',
      EMULATOR_SEEDS_FILE: '/nowhere/seeds.json',
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EmulatorSettingsError);
  const message = (error as Error).message;
  expect(message).toContain('EMULATOR_CONTROL_PLANE_TOKEN must be the control-plane token: 24 to 256 characters');
  expect(message).toContain("EMULATOR_OKTA_API_TOKEN must be the Okta org's admin API token");
  expect(message).toContain('EMULATOR_AUTH0_CLIENT_ID must be 16 to 64 characters');
  expect(message).toContain('EMULATOR_AUTH0_CLIENT_ID and EMULATOR_AUTH0_CLIENT_SECRET go together');
  expect(message).toContain('EMULATOR_CA_CERT_FILE names a file that does not exist here: /nowhere/ca.pem');
  expect(message).toContain('EMULATOR_CA_CERT_FILE and EMULATOR_CA_KEY_FILE go together');
  expect(message).toContain('EMULATOR_SEEDS_FILE names a file that does not exist here: /nowhere/seeds.json');
  expect(message).not.toContain('short-but-secret');
  expect(message).not.toContain('has spaces in it');
});

test('a mounted CA is read from its two files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-settings-'));
  try {
    const tls = await ensureLocalTls([], join(dir, 'tls'));
    const settings = settingsFromEnv({ EMULATOR_CA_CERT_FILE: tls.caCertPath, EMULATOR_CA_KEY_FILE: join(tls.dir, 'ca-key.pem') });
    expect(settings.certificateAuthority).toEqual({ certPem: tls.caCertPem, keyPem: readFileSync(join(tls.dir, 'ca-key.pem'), 'utf8') });
    writeFileSync(join(dir, 'seeds.json'), '{}');
    expect(settingsFromEnv({ EMULATOR_SEEDS_FILE: join(dir, 'seeds.json') }).seedsFile).toBe(join(dir, 'seeds.json'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a public host names the origin apart from the bound host; binding every address needs one', () => {
  expect(topologyFromEnv({ AUTH0_EMULATOR_HOST: '0.0.0.0', AUTH0_EMULATOR_PUBLIC_HOST: '127.0.0.2', AUTH0_EMULATOR_PORT: '9443' }).auth0).toEqual({
    host: '0.0.0.0',
    port: 9443,
    publicHost: '127.0.0.2',
  });
  expect(topologyFromEnv({}).okta).toEqual({ host: '127.0.0.3', port: 8444 });
  expect(() => topologyFromEnv({ OKTA_EMULATOR_HOST: '0.0.0.0' })).toThrow(TopologyError);
  expect(() => topologyFromEnv({ OKTA_EMULATOR_HOST: '0.0.0.0' })).toThrow(
    /OKTA_EMULATOR_HOST=0.0.0.0 listens on every address: set OKTA_EMULATOR_PUBLIC_HOST/,
  );
  expect(() => topologyFromEnv({ AUTH0_EMULATOR_PUBLIC_HOST: 'https://127.0.0.2:8443' })).toThrow(
    /AUTH0_EMULATOR_PUBLIC_HOST must be the host name or IP address clients use/,
  );
  expect(() => topologyFromEnv({ AUTH0_EMULATOR_PUBLIC_HOST: '0.0.0.0' })).toThrow(/AUTH0_EMULATOR_PUBLIC_HOST must be/);
});
