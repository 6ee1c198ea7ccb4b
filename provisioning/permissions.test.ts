// The Auth0 scopes the README lists are what a run needs: a machine-to-machine app granted only
// those completes provision, re-provision (run.env lost), status, sweep and teardown; without any
// one of them some step is refused (read:clients excepted: read:client_keys covers client reads).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { clientId as newClientId, clientSecret as newClientSecret } from '../emulators/auth0/store.ts';
import { writeEmbeddedEnv } from '../emulators/start.ts';
import { test, expect, extraDir, type Emulators } from './provisioning-fixture.ts';
import { loadConfig, type HarnessConfig } from './config.ts';
import { AUTH0_MANAGEMENT_SCOPES } from './permissions.ts';
import { provision } from './provision.ts';
import { teardown } from './teardown.ts';
import { sweep } from './sweep.ts';
import { status } from './status.ts';

/** The emulator's equivalent of authorising an M2M app for the Management API with `scopes`. */
function configWithScopes(emulators: Emulators, dir: string, scopes: string[]): HarnessConfig {
  const credentials = { clientId: newClientId(), clientSecret: newClientSecret() };
  emulators.auth0.store.clients.set(credentials.clientId, {
    wire: { client_id: credentials.clientId, client_secret: credentials.clientSecret, name: 'Harness M2M (README scopes)', app_type: 'non_interactive', grant_types: ['client_credentials'] },
    managementScopes: scopes,
  });
  const env = { ...emulators.env, AUTH0_CLIENT_ID: credentials.clientId, AUTH0_CLIENT_SECRET: credentials.clientSecret };
  writeEmbeddedEnv(env, join(dir, 'embedded.env'));
  return loadConfig({ dir, env: {} });
}

/** Everything a run does with the Management API, in order. */
async function fullCycle(config: HarnessConfig, dir: string) {
  await provision({ config, dir });
  rmSync(join(dir, 'run.env')); // re-provision must read the demo app's secret back…
  await provision({ config, dir, baseUrl: 'http://localhost:3001' }); // …and update the app's URLs
  await status({ config, dir });
  await sweep({ config, dir, olderThanMs: 0, dryRun: true });
  await teardown({ config, dir });
}

test('the README\'s Auth0 scopes suffice for a whole run, and each one is needed', async ({ dir, emulators }) => {
  test.setTimeout(90_000);
  const scopes = Object.keys(AUTH0_MANAGEMENT_SCOPES);
  await fullCycle(configWithScopes(emulators, dir, scopes), dir);

  // delete:users is only exercised when a login created a user (login.test.ts covers that path).
  for (const missing of scopes.filter(s => s !== 'delete:users')) {
    const expected: RegExp | undefined =
      missing === 'read:clients'
        ? undefined // Auth0 accepts read:client_keys for every client read as well
        : missing === 'read:client_keys'
          ? /did not return the client secret .*grant read:client_keys/
          : /403 insufficient_scope/;
    const runDir = extraDir(dir, `without-${missing.replace(':', '-')}`);
    const config = configWithScopes(emulators, runDir, scopes.filter(s => s !== missing));
    const failure = await fullCycle(config, runDir).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    if (expected) expect(failure?.message, `without ${missing} the run should be refused`).toMatch(expected);
    else expect(failure, `without ${missing} the run should still work`).toBeUndefined();
    // Clean up with the full set, so the next iteration starts from an empty tenant.
    await teardown({ config: configWithScopes(emulators, runDir, scopes), dir: runDir });
  }
});
