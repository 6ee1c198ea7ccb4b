// A run folder whose manifest names other tenants than the configuration. A typo in AUTH0_DOMAIN,
// fixed since, must not block the next run forever: what the run left on the configured tenants is
// removed and a new run starts, with no hand edits. A manifest whose other tenant answers is a run on
// a real tenant: nothing of it is touched. The emulators stand in for live tenants (HARNESS_ENV_FILE).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, resourcesNamed, runCli, type Emulators } from '../fixtures/provisioning.ts';
import { loadConfig } from './config.ts';
import { provision, ProvisionError } from './provision.ts';
import { teardown } from './teardown.ts';
import { readManifest } from './manifest.ts';
import { runNames } from './naming.ts';
import { StepError } from './api-errors.ts';
import { unusedPort } from '../fixtures/unused-port.ts';

function liveEnvFile(
  dir: string,
  name: string,
  emulators: Emulators,
  auth0?: Pick<Emulators['env'], 'AUTH0_DOMAIN' | 'AUTH0_CLIENT_ID' | 'AUTH0_CLIENT_SECRET'>,
): string {
  const env = {
    ...emulators.env,
    ...(auth0 && { AUTH0_DOMAIN: auth0.AUTH0_DOMAIN, AUTH0_CLIENT_ID: auth0.AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET: auth0.AUTH0_CLIENT_SECRET }),
  };
  const path = join(dir, `${name}.env`);
  writeFileSync(
    path,
    ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'OKTA_ORG_URL', 'OKTA_API_TOKEN'].map(k => `${k}=${env[k as keyof typeof env]}`).join('\n') +
      '\n',
  );
  return path;
}

const live = (envFile: string) => loadConfig({ env: { HARNESS_TARGET: 'live', HARNESS_ENV_FILE: envFile } });

test('a typo in AUTH0_DOMAIN, then the corrected .env: provision finishes the stuck run on Okta and starts afresh, no hand edits', async ({
  dir,
  emulators,
  oktaAdmin,
  auth0Admin,
}) => {
  test.setTimeout(90_000);
  const closed = await unusedPort(emulators.env.AUTH0_DOMAIN.split(':')[0]);
  const typo = liveEnvFile(dir, 'typo', emulators, { ...emulators.env, AUTH0_DOMAIN: `${emulators.env.AUTH0_DOMAIN.split(':')[0]}:${closed}` });
  // As a run without the preflight (an older version, or the library) would: Okta first, then Auth0 fails.
  const failure = await provision({ config: live(typo), dir }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(StepError);
  const stuck = readManifest(dir)!;
  const stuckPrefix = runNames(stuck.runId).prefix;
  expect((await resourcesNamed(oktaAdmin, auth0Admin, stuckPrefix)).map(l => l.replace(/ harness-.*/, ''))).toEqual([
    'okta app',
    'okta sign-in policy',
    'okta trusted origin',
    'okta user',
  ]);

  // The fixed .env, through the command a person runs.
  const fixed = await runCli(['provision'], {
    dir,
    env: { HARNESS_TARGET: 'live', HARNESS_ENV_FILE: liveEnvFile(dir, 'fixed', emulators), NODE_EXTRA_CA_CERTS: emulators.env.NODE_EXTRA_CA_CERTS },
  });
  expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
  expect(fixed.stdout).toContain(
    `! manifest: run ${stuck.runId} — names other tenants (Auth0 127.0.0.2:${closed}, Okta ${emulators.env.OKTA_ORG_URL}): finishing it where that is safe`,
  );
  expect(fixed.stdout).toMatch(/· auth0 client harness-.*-demo already gone — on 127\.0\.0\.2:\d+, which does not answer: nothing to remove there/);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, stuckPrefix)).toEqual([]);
  const fresh = readManifest(dir)!;
  expect(fresh.runId).not.toBe(stuck.runId);
  expect(fresh.auth0Domain).toBe(emulators.env.AUTH0_DOMAIN);
  expect(fresh.resources.every(r => r.status === 'created')).toBe(true);
  await teardown({ config: live(liveEnvFile(dir, 'fixed', emulators)), dir });
});

test('a manifest whose other Auth0 tenant answers is a run on a real tenant: refused, with the command for it, and nothing deleted', async ({
  dir,
  emulators,
  isolatedEmulators: other,
  oktaAdmin,
  auth0Admin,
}) => {
  test.setTimeout(60_000);
  const elsewhere = live(liveEnvFile(dir, 'elsewhere', emulators, other.env));
  const { runId } = await provision({ config: elsewhere, dir });
  const prefix = runNames(runId).prefix;
  const before = await resourcesNamed(oktaAdmin, auth0Admin, prefix); // the Okta side, on the shared org
  expect(before.length).toBeGreaterThan(0);

  const here = live(liveEnvFile(dir, 'here', emulators));
  const refused = await provision({ config: here, dir }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(ProvisionError);
  expect((refused as Error).message).toContain(`and ${other.env.AUTH0_DOMAIN} still answers`);
  expect((refused as Error).message).toContain(`HARNESS_TARGET=live HARNESS_DIR=${dir} npm run teardown`);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual(before);
  expect(readManifest(dir)!.runId).toBe(runId);
  await teardown({ config: elsewhere, dir });
});
