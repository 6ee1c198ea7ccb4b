// `npm run test:live-emulated`: the browser specs on the live target, with the emulators standing
// in for real sandbox tenants — the way a first nightly run meets them. It starts the emulators as
// remote tenants would be (free ports, a custom domain, an Okta org whose default policy wants two
// factors as new orgs have), creates the machine-to-machine app a person would, granted exactly the
// scopes the harness declares, stands up an https tunnel to the demo app (PUBLIC_BASE_URL), writes
// the .env a person would write (every capability flag on, the admin hook pointing at the Okta
// emulator), and runs the suite with HARNESS_TARGET=live, trusting the emulators' CA the way a
// corporate CA is trusted (NODE_EXTRA_CA_CERTS). A missing capability fails a spec instead of
// skipping it. Everything it started is stopped and its .env removed, also on failure or Ctrl-C.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { harnessDir, projectRoot } from '../lib/paths.ts';
import { log } from '../lib/redaction.ts';
import { writeSecret } from '../lib/secret-file.ts';
import { startEmulators, type Emulators } from '../emulators/start.ts';
import { nodeExtraCaCertsFile } from '../emulators/tls/local-ca.ts';
import { clientId as newClientId, clientSecret as newClientSecret } from '../emulators/auth0/store.ts';
import { auth0ScopesFor } from '../provisioning/auth0.ts';
import { LIVE_FLAGS } from '../provisioning/capabilities.ts';
import { CONNECTION_LOGO_URL } from '../fixtures/connection-logo.ts';
import { TEST_RUN_ENV } from '../fixtures/test-run.ts';
import { startHttpsTunnel, type HttpsTunnel } from './https-tunnel.ts';
import { unusedPort } from '../fixtures/unused-port.ts';

const FOLDER = join(harnessDir(), 'live-emulated');

async function main(args: string[]): Promise<number> {
  mkdirSync(FOLDER, { recursive: true });
  const envFile = join(FOLDER, '.env');
  let emulators: Emulators | undefined;
  let tunnel: HttpsTunnel | undefined;
  let suite: ReturnType<typeof spawn> | undefined;
  const forward = (signal: NodeJS.Signals) => suite?.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    log.info('Live target against the emulators: starting them as remote tenants…');
    emulators = await startEmulators({
      topology: { auth0: { host: '127.0.0.2', port: 0 }, okta: { host: '127.0.0.3', port: 0 }, auth0CustomDomain: { host: '127.0.0.4', port: 0 } },
      okta: { behaviour: { defaultAppSignInPolicy: 'two-factors' } },
      warn: log.warn,
    });
    // What docs/live-tenants.md (step 2.1) has a person do: a machine-to-machine app with exactly the listed scopes.
    const m2m = { clientId: newClientId(), clientSecret: newClientSecret() };
    emulators.auth0.store.clients.set(m2m.clientId, {
      wire: {
        client_id: m2m.clientId,
        client_secret: m2m.clientSecret,
        name: 'Harness (README scopes)',
        app_type: 'non_interactive',
        grant_types: ['client_credentials'],
      },
      managementScopes: auth0ScopesFor({ scim: true, inspector: true }),
    });
    const demoPort = await unusedPort();
    tunnel = await startHttpsTunnel({ tls: emulators.tls, host: '127.0.0.1', target: `http://localhost:${demoPort}` });
    const env: Record<string, string> = {
      AUTH0_DOMAIN: emulators.auth0.domain,
      AUTH0_CUSTOM_DOMAIN: emulators.auth0.custom!.domain,
      AUTH0_CLIENT_ID: m2m.clientId,
      AUTH0_CLIENT_SECRET: m2m.clientSecret,
      OKTA_ORG_URL: emulators.okta.origin,
      OKTA_API_TOKEN: emulators.okta.apiToken,
      BASE_URL: `http://localhost:${demoPort}`,
      PUBLIC_BASE_URL: tunnel.origin,
      HARNESS_CONNECTION_ICON_URL: CONNECTION_LOGO_URL,
      [LIVE_FLAGS.universalLogout]: '1',
      [LIVE_FLAGS.scim]: '1',
      [LIVE_FLAGS.adminHookUrl]: `${emulators.okta.origin}/_emulator/admin-hook`,
      [LIVE_FLAGS.adminHookToken]: emulators.okta.adminHookToken,
    };
    writeSecret(
      envFile,
      `# Written by npm run test:live-emulated for this run; removed when it ends.\n${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n')}\n`,
    );
    log.info(
      `  Auth0 ${emulators.auth0.origin} (custom domain ${emulators.auth0.custom!.origin}) · Okta ${emulators.okta.origin} · tunnel ${tunnel.origin} → ${env.BASE_URL}`,
    );

    const playwright = createRequire(import.meta.url).resolve('@playwright/test/cli');
    suite = spawn(process.execPath, [playwright, 'test', '--project=chromium', ...args], {
      cwd: projectRoot,
      stdio: 'inherit',
      env: {
        ...withoutTenantVariables(process.env),
        HARNESS_TARGET: 'live',
        HARNESS_ENV_FILE: envFile,
        NODE_EXTRA_CA_CERTS: nodeExtraCaCertsFile(emulators.tls),
        [LIVE_FLAGS.requireAll]: '1',
        [TEST_RUN_ENV.dir]: join(FOLDER, 'test-run'),
      },
    });
    const code = await new Promise<number>(resolve => suite!.on('close', (status, signal) => resolve(status ?? (signal ? 1 : 0))));
    log.info(code === 0 ? 'Live target against the emulators: passed.' : `Live target against the emulators: failed (exit ${code}).`);
    return code;
  } finally {
    rmSync(envFile, { force: true });
    rmSync(join(FOLDER, 'test-run'), { recursive: true, force: true });
    await tunnel?.close();
    await emulators?.close();
  }
}

/** The machine's own tenant variables must not leak into the stand-in run (the environment wins over .env). */
function withoutTenantVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  const tenant = /^(AUTH0_|OKTA_|BASE_URL$|PUBLIC_BASE_URL$|HARNESS_(LIVE_|CONNECTION_|EMAIL_DOMAIN|ENV_FILE))/;
  for (const name of Object.keys(copy)) if (tenant.test(name)) delete copy[name];
  return copy;
}

main(process.argv.slice(2)).then(
  code => process.exit(code),
  (error: unknown) => {
    log.error('test:live-emulated could not run:', error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
