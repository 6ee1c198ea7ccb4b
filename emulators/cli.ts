// `npm run emulators`: both emulators in the foreground. When ready, writes
// .harness/embedded.env (the variables the SDKs, provisioning and the demo app read); Ctrl-C stops
// them and removes the file.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { log } from '../lib/redaction.ts';
import { StartupError } from './shared/https-server.ts';
import { embeddedEnvPath, removeEmbeddedEnv, startEmulators, writeEmbeddedEnv } from './start.ts';
import { allowRemoteFromEnv, TopologyError, topologyFromEnv } from './topology.ts';
import { EmulatorSettingsError, settingsFromEnv } from './settings-from-env.ts';
import { adoptCertificateAuthority, CertificateAuthorityError, certificateFingerprint } from './tls/local-ca.ts';
import { applySeeds, removeSeeded, SeedsError } from './seeds.ts';

async function main() {
  log.info('Starting the emulators (Okta org, Auth0 tenant)…');
  // `--allow-remote` (or EMULATORS_ALLOW_REMOTE=1): listen beyond loopback, with a warning line.
  const allowRemote = process.argv.includes('--allow-remote') || allowRemoteFromEnv();
  const topology = topologyFromEnv();
  const settings = settingsFromEnv();
  if (settings.certificateAuthority) await adoptCertificateAuthority(settings.certificateAuthority);
  const emulators = await startEmulators({ topology, warn: log.warn, allowRemote, ...settings.credentials });
  if (settings.seedsFile) {
    const seeded = await applySeeds(settings.seedsFile, emulators).catch(async (error: unknown) => {
      await emulators.close();
      throw error;
    });
    log.info(`Seeded from ${settings.seedsFile}: ${seeded}`);
  }
  const envPath = writeEmbeddedEnv(emulators.env);
  log.info(`Okta org emulator      ${emulators.okta.origin}   (org authorization server issuer: ${emulators.okta.issuer})`);
  log.info(`Auth0 tenant emulator  ${emulators.auth0.origin}   (AUTH0_DOMAIN=${emulators.auth0.domain})`);
  if (emulators.auth0.custom)
    log.info(`  its custom domain     ${emulators.auth0.custom.origin}   (AUTH0_CUSTOM_DOMAIN=${emulators.auth0.custom.domain}; logins only)`);
  log.info(
    `Local CA               ${emulators.tls.caCertPath}   (SHA-256 ${await certificateFingerprint(emulators.tls.caCertPem)}; also at ${emulators.okta.origin}/_emulator/ca.pem)`,
  );
  log.info(`Ready in ${emulators.startupMs} ms. Variables for the SDKs, provisioning and the demo app: ${envPath}`);
  // The variables without a secret, as lines to copy; the secrets stay in the file (mode 0600).
  for (const name of ['AUTH0_DOMAIN', 'AUTH0_CUSTOM_DOMAIN', 'OKTA_ORG_URL', 'NODE_EXTRA_CA_CERTS'] as const)
    if (emulators.env[name]) log.info(`  ${name}=${emulators.env[name]}`);
  log.info(`  AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, OKTA_API_TOKEN, EMULATOR_CONTROL_PLANE_TOKEN: in ${envPath}`);
  log.info('  e.g.  set -a; . .harness/embedded.env; set +a   then point @okta/okta-sdk-nodejs at $OKTA_ORG_URL with $OKTA_API_TOKEN');
  log.info(
    '  The control plane (/_emulator/*) wants  -H "Authorization: Bearer $EMULATOR_CONTROL_PLANE_TOKEN"  and, on writes,  -H "Content-Type: application/json"',
  );
  log.info('Press Ctrl-C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`\n${signal}: stopping the emulators…`);
    removeEmbeddedEnv();
    removeSeeded();
    await emulators.close();
    log.info('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if ([StartupError, TopologyError, EmulatorSettingsError, CertificateAuthorityError, SeedsError].some(kind => error instanceof kind))
    log.error((error as Error).message);
  else log.error('Could not start the emulators:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  removeEmbeddedEnv(embeddedEnvPath());
  process.exit(1);
});
