// `npm start`: the demo, ready to use. Embedded (default): starts both emulators, provisions a
// run, starts the demo app, prints where to go and whom to sign in as; Ctrl-C tears it all down.
// HARNESS_TARGET=live: the preflight, then provisions against the .env tenants and starts the demo
// app; Ctrl-C (or SIGTERM, which `npm start` passes on: its script execs node) tears the run down
// unless --keep. A failed step is one line, with the command that removes what it left.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { log } from '../lib/redaction.ts';
import { topologyFromEnv } from '../emulators/topology.ts';
import { join } from 'node:path';
import { harnessDir } from '../lib/paths.ts';
import { formatProgress, teardownCommand, type HarnessTarget } from '../provisioning/index.ts';
import { STACK_START_ERRORS, startStack, type Stack } from './stack.ts';
import { startBreakPanel, type BreakPanel } from './break-panel.ts';
import { controlPlanes } from './broker-faults.ts';
import { openChromium } from './open-browser.ts';
import { relative } from 'node:path';

const USAGE = `Usage: npm start [-- --keep] [-- --open]
  HARNESS_TARGET=embedded (default)  emulators + provisioned run + demo app, all local and offline
  HARNESS_TARGET=live                provision against the tenants in .env, then start the demo app
  --keep                             on exit, leave the provisioned run in place (live only; remove it later with npm run teardown)
  --open                             open the demo in Chromium with the harness's profile, which trusts the local CA`;

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return void log.info(USAGE);
  const unknown = args.filter(a => a !== '--keep' && a !== '--open');
  if (unknown.length) throw new UsageError(`Unknown option ${unknown.join(' ')}.\n${USAGE}`);
  const keep = args.includes('--keep');
  const target = (process.env.HARNESS_TARGET?.trim() || 'embedded') as HarnessTarget;
  if (target !== 'embedded' && target !== 'live') throw new UsageError(`HARNESS_TARGET must be "embedded" or "live", got "${target}".`);
  if (keep && target === 'embedded') log.warn('note: --keep has no effect on the embedded target (the emulators keep nothing once stopped).');

  // Signals from the start: a stop asked for while the stack is still starting waits for it, then undoes it all.
  let stack: Stack | undefined;
  /** What npm start adds around the stack (the break-something panel, a browser it opened): stopped first. */
  const extras: (() => Promise<void>)[] = [];
  let stopAsked: string | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      log.warn(`Stopping immediately; \`${teardownCommand({ target, dir: stack?.dir ?? harnessDir() })}\` removes what is left.`);
      process.exit(130);
    }
    stopping = true;
    log.info(`\n${signal}: stopping${keep && target === 'live' ? ' (keeping the provisioned run)' : ' and tearing the run down'}…`);
    try {
      for (const stopExtra of extras) await stopExtra().catch(() => undefined);
      await stack!.stop({ keep: keep && target === 'live' });
      log.info('Stopped.');
      process.exit(0);
    } catch (error) {
      log.error(
        `Could not finish the teardown: ${error instanceof Error ? error.message : String(error)}\n\`${teardownCommand({ target, dir: stack!.dir })}\` finishes it.`,
      );
      process.exit(1);
    }
  };
  const onSignal = (signal: string) => {
    if (stack) return void stop(signal);
    if (!stopAsked) log.info(`\n${signal}: stopping as soon as the start finishes…`);
    stopAsked = signal;
  };
  process.on('SIGINT', () => onSignal('Ctrl-C'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  stack = await startStack({
    target,
    topology: target === 'embedded' ? topologyFromEnv() : undefined,
    onStep: line => log.info(line),
    onProgress: event => log.info(`  ${formatProgress(event)}`),
    warn: line => log.warn(line),
  });
  if (stopAsked) return void stop(stopAsked);
  let panel: BreakPanel | undefined;
  if (stack.emulators) {
    const planes = controlPlanes(
      { okta: stack.emulators.okta.origin, auth0: stack.emulators.auth0.origin },
      { token: stack.emulators.env.EMULATOR_CONTROL_PLANE_TOKEN, caCertPem: stack.emulators.tls.caCertPem },
    );
    panel = await startBreakPanel({ planes, demoAppUrl: stack.demoApp.url, host: new URL(stack.demoApp.url).hostname });
    extras.push(() => panel!.close());
  }
  printBanner(stack, keep, panel);
  if (args.includes('--open')) {
    try {
      const opened = openChromium(stack.demoApp.url, stack.emulators?.tls.caCertPath, process.env);
      extras.push(async () => void opened.process.kill());
      log.info(`Opened ${opened.executable} on ${stack.demoApp.url} (its profile trusts the local CA).`);
      if (opened.warning) log.warn(opened.warning);
    } catch (error) {
      log.warn(`--open: ${(error as Error).message}`);
    }
  }
}

function printBanner(stack: Stack, keep: boolean, panel?: BreakPanel) {
  const env = stack.run.runEnv;
  const lines = ['', `Demo app ready in ${(stack.timings.totalMs / 1000).toFixed(1)} s: ${stack.demoApp.url}`, `  Sign in as   ${env.TEST_USER_EMAIL}`];
  // The password is printed on purpose for the embedded target: a throwaway user of a local
  // emulator, and the person at the terminal needs it to sign in. Live passwords stay in run.env.
  const password = stack.target === 'embedded' ? env.TEST_USER_PASSWORD : `(in ${stack.run.runEnvPath}, mode 0600)`;
  lines.push(`  Password     ${password}`);
  lines.push(`  Connection   ${env.CONNECTION_DISPLAY_NAME} (${env.CONNECTION_NAME}); home realm discovery for @${env.TEST_USER_EMAIL.split('@')[1]}`);
  if (stack.emulators) {
    lines.push(`  Okta org     ${stack.emulators.okta.origin}   events: ${stack.emulators.okta.origin}/_emulator/events`);
    lines.push(`  Auth0        ${stack.emulators.auth0.origin}   events: ${stack.emulators.auth0.origin}/_emulator/events`);
    lines.push(`  The control plane (/_emulator) wants "Authorization: Bearer $EMULATOR_CONTROL_PLANE_TOKEN", from ${join(stack.dir, 'embedded.env')}`);
  }
  lines.push(`  How you signed in   ${stack.demoApp.url}/flow (after signing in; in the terminal: npm run flow -- --last)`);
  if (panel) lines.push(`  Break something     ${panel.url}`);
  if (stack.emulators) {
    const ca = relative(process.cwd(), stack.emulators.tls.caCertPath);
    lines.push(
      `  Your own browser?   The Auth0 and Okta pages use a certificate from the harness's local CA (${ca}), which your browser does not know:`,
      `                      it warns "Your connection is not private" (NET::ERR_CERT_AUTHORITY_INVALID). Trust the CA in your browser for this`,
      `                      demo (Chrome/Edge: Settings › Privacy and security › Security › Manage certificates › Authorities › Import;`,
      `                      Firefox: Settings › Privacy & Security › Certificates › View Certificates › Authorities › Import), then remove it after;`,
      `                      or run \`npm start -- --open\` for a Chromium that trusts it already.`,
    );
  }
  lines.push(
    stack.target === 'live' && keep
      ? 'Press Ctrl-C to stop the demo app (the provisioned run is kept).'
      : 'Press Ctrl-C to stop: the run is torn down' + (stack.emulators ? ' and the emulators stop.' : '.'),
  );
  process.stdout.write(lines.join('\n') + '\n');
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  if (error instanceof UsageError || STACK_START_ERRORS.some(kind => error instanceof kind)) log.error((error as Error).message);
  else log.error('npm start failed:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
