// The Auth0 scopes AUTH0_SCOPES lists (docs/live-tenants.md and the preflight read it) are what the harness
// needs: a machine-to-machine app granted only the `run` scopes completes provision, re-provision
// (run.env lost), status, sweep, teardown and the preflight's tenant read, and only the `scim`
// ones added let the SCIM specs' set-up through; without any one of them some step is refused
// (read:clients excepted: read:client_keys covers client reads).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, extraDir, configWithScopes } from '../fixtures/provisioning.ts';
import type { HarnessConfig } from './config.ts';
import { AUTH0_SCOPES, auth0ScopesFor, createScimConfiguration, createScimToken, deleteScimConfiguration, getPromptSettings } from './auth0.ts';
import { openManagementClients } from './management-clients.ts';
import { readManifest } from './manifest.ts';
import { provision } from './provision.ts';
import { teardown } from './teardown.ts';
import { sweep } from './sweep.ts';
import { status } from './status.ts';

/** Everything a run does with the Management API, in order. */
async function fullCycle(config: HarnessConfig, dir: string) {
  const clients = openManagementClients(config);
  try {
    await getPromptSettings(clients.auth0); // the preflight's tenant read
  } finally {
    clients.close();
  }
  await provision({ config, dir });
  rmSync(join(dir, 'run.env')); // re-provision must read the demo app's secret back…
  await provision({ config, dir, baseUrl: 'http://localhost:3001' }); // …and update the app's URLs
  await status({ config, dir });
  await sweep({ config, dir, olderThanMs: 0, dryRun: true });
  await teardown({ config, dir });
}

/** What the SCIM specs do on the Auth0 side, on the run's connection. */
async function scimCycle(config: HarnessConfig, dir: string) {
  await provision({ config, dir });
  const connectionId = readManifest(dir)!.resources.find(r => r.kind === 'auth0.connection')!.id!;
  const clients = openManagementClients(config);
  try {
    await createScimConfiguration(clients.auth0, connectionId);
    await createScimToken(clients.auth0, connectionId, ['get:users', 'post:users']);
    await deleteScimConfiguration(clients.auth0, connectionId);
  } finally {
    clients.close();
  }
}

async function failureOf(run: () => Promise<unknown>): Promise<Error | undefined> {
  return run().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
}

test('the run scopes suffice for a whole run, and each one is needed', async ({ dir, emulators }) => {
  test.setTimeout(90_000);
  const scopes = auth0ScopesFor();
  await fullCycle(configWithScopes(emulators, dir, scopes), dir);

  // delete:users is only exercised when a login created a user (login.test.ts covers that path).
  for (const missing of scopes.filter(s => s !== 'delete:users')) {
    const expected: RegExp | undefined =
      missing === 'read:clients'
        ? undefined // Auth0 accepts read:client_keys for every client read as well
        : missing === 'read:client_keys'
          ? /did not return the client secret .*grant read:client_keys/
          : /403/;
    const runDir = extraDir(dir, `without-${missing.replace(':', '-')}`);
    const config = configWithScopes(
      emulators,
      runDir,
      scopes.filter(s => s !== missing),
    );
    const failure = await failureOf(() => fullCycle(config, runDir));
    if (expected) expect(failure?.message, `without ${missing} the run should be refused`).toMatch(expected);
    else expect(failure, `without ${missing} the run should still work`).toBeUndefined();
    // Clean up with the full set, so the next iteration starts from an empty tenant.
    await teardown({ config: configWithScopes(emulators, runDir, scopes), dir: runDir });
  }
});

test('the scim scopes are what the SCIM specs add, and each one is needed', async ({ dir, emulators }) => {
  test.setTimeout(60_000);
  const all = auth0ScopesFor({ scim: true });
  const scim = all.filter(s => AUTH0_SCOPES[s].need === 'scim');
  expect(scim.length).toBeGreaterThan(0);
  await scimCycle(configWithScopes(emulators, dir, all), dir);
  await teardown({ config: configWithScopes(emulators, dir, all), dir });

  for (const missing of scim) {
    const runDir = extraDir(dir, `without-${missing.replace(':', '-')}`);
    const failure = await failureOf(() =>
      scimCycle(
        configWithScopes(
          emulators,
          runDir,
          all.filter(s => s !== missing),
        ),
        runDir,
      ),
    );
    expect(failure?.message ?? '', `without ${missing} the SCIM set-up should be refused`).toContain(`expected any of: ${missing}`);
    await teardown({ config: configWithScopes(emulators, runDir, all), dir: runDir });
  }
});
