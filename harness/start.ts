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

const USAGE = `Usage: npm start [-- --keep]
  HARNESS_TARGET=embedded (default)  emulators + provisioned run + demo app, all local and offline
  HARNESS_TARGET=live                provision against the tenants in .env, then start the demo app
  --keep                             on exit, leave the provisioned run in place (live only; remove it later with npm run teardown)`;

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return void log.info(USAGE);
  const unknown = args.filter(a => a !== '--keep');
  if (unknown.length) throw new UsageError(`Unknown option ${unknown.join(' ')}.\n${USAGE}`);
  const keep = args.includes('--keep');
  const target = (process.env.HARNESS_TARGET?.trim() || 'embedded') as HarnessTarget;
  if (target !== 'embedded' && target !== 'live') throw new UsageError(`HARNESS_TARGET must be "embedded" or "live", got "${target}".`);
  if (keep && target === 'embedded') log.warn('note: --keep has no effect on the embedded target (the emulators keep nothing once stopped).');

  // Signals from the start: a stop asked for while the stack is still starting waits for it, then undoes it all.
  let stack: Stack | undefined;
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
      await stack!.stop({ keep: keep && target === 'live' });
      log.info('Stopped.');
      process.exit(0);
    } catch (error) {
      log.error(`Could not finish the teardown: ${error instanceof Error ? error.message : String(error)}\n\`${teardownCommand({ target, dir: stack!.dir })}\` finishes it.`);
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
  printBanner(stack, keep);
}

function printBanner(stack: Stack, keep: boolean) {
  const env = stack.run.runEnv;
  const lines = [
    '',
    `Demo app ready in ${(stack.timings.totalMs / 1000).toFixed(1)} s: ${stack.demoApp.url}`,
    `  Sign in as   ${env.TEST_USER_EMAIL}`,
  ];
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
