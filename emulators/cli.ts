// `npm run emulators`: both emulators in the foreground. When ready, writes
// .harness/embedded.env (the variables the SDKs, provisioning and the demo app read); Ctrl-C stops
// them and removes the file.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { log } from '../lib/redaction.ts';
import { StartupError } from './shared/https-server.ts';
import { embeddedEnvPath, removeEmbeddedEnv, startEmulators, writeEmbeddedEnv } from './start.ts';
import { allowRemoteFromEnv, TopologyError, topologyFromEnv } from './topology.ts';

async function main() {
  log.info('Starting the emulators (Okta org, Auth0 tenant)…');
  // `--allow-remote` (or EMULATORS_ALLOW_REMOTE=1): listen beyond loopback, with a warning line.
  const allowRemote = process.argv.includes('--allow-remote') || allowRemoteFromEnv();
  const emulators = await startEmulators({ topology: topologyFromEnv(), warn: log.warn, allowRemote });
  const envPath = writeEmbeddedEnv(emulators.env);
  log.info(`Okta org emulator      ${emulators.okta.origin}   (org authorization server issuer: ${emulators.okta.issuer})`);
  log.info(`Auth0 tenant emulator  ${emulators.auth0.origin}   (AUTH0_DOMAIN=${emulators.auth0.domain})`);
  if (emulators.auth0.custom) log.info(`  its custom domain     ${emulators.auth0.custom.origin}   (AUTH0_CUSTOM_DOMAIN=${emulators.auth0.custom.domain}; logins only)`);
  log.info(`Local CA               ${emulators.tls.caCertPath}`);
  log.info(`Ready in ${emulators.startupMs} ms. Variables for the SDKs, provisioning and the demo app: ${envPath}`);
  log.info('  e.g.  set -a; . .harness/embedded.env; set +a   then point @okta/okta-sdk-nodejs at $OKTA_ORG_URL with $OKTA_API_TOKEN');
  log.info('  The control plane (/_emulator/*) wants  -H "Authorization: Bearer $EMULATOR_CONTROL_PLANE_TOKEN"  and, on writes,  -H "Content-Type: application/json"');
  log.info('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`\n${signal}: stopping the emulators…`);
    removeEmbeddedEnv();
    await emulators.close();
    log.info('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof TopologyError) log.error(error.message);
  else log.error('Could not start the emulators:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  removeEmbeddedEnv(embeddedEnvPath());
  process.exit(1);
});
