// `npm run preflight | provision | teardown | sweep` (and `npm run provision -- --status`): one
// progress line per step, a summary with the Management API call counts, exit code 0 or 1. Expected
// failures (configuration, API errors, unreachable tenants) are one clear line, never a stack trace.
// On the live target `provision` runs the preflight first. `teardown` and `status` follow the target
// the run folder's manifest names when HARNESS_TARGET is not set.
// Everything is printed through the redaction helper; no secret value is ever printed.
import { relative, isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';
import { log } from '../lib/redaction.ts';
import { ConfigError, loadConfig, type HarnessConfig } from './config.ts';
import { DurationError, parseDuration } from './duration.ts';
import { ManifestError, manifestPath, readManifest, resolveDir } from './manifest.ts';
import { teardownCommand } from './recovery-commands.ts';
import { formatCheck } from './preflight-check.ts';
import { StepError } from './api-errors.ts';
import { formatProgress, type OnProgress } from './progress.ts';
import type { CallCounts } from './call-counter.ts';
// The SDKs take seconds to load: the commands are imported only once the configuration is valid,
// so a configuration error or --help answers at once.
const commands = {
  preflight: () => import('./preflight.ts'),
  provision: () => import('./provision.ts'),
  teardown: () => import('./teardown.ts'),
  sweep: () => import('./sweep.ts'),
  status: () => import('./status.ts'),
};

const USAGE = `Usage: npm run <preflight|provision|teardown|sweep> [-- options]   (or: tsx provisioning/cli.ts <command> [options])

  preflight                                check the configuration and both tenants; creates nothing
  provision [--users N] [--base-url URL]   create (or verify and reuse) this run's resources
  provision --status | status              show what the current run has, checked against the tenants
  teardown                                 remove everything the current run created
  sweep [--older-than 6h] [--yes] [--include-current]
                                           remove harness- resources of runs older than the given age
                                           (90m, 6h, 2d); lists only, unless --yes

Target: HARNESS_TARGET=embedded (default, .harness/embedded.env) or live (.env). Files: HARNESS_DIR (default .harness/).`;

const OPTIONS_OF: Record<string, string[]> = {
  preflight: [],
  provision: ['users', 'base-url', 'status'],
  status: [],
  teardown: [],
  sweep: ['older-than', 'yes', 'include-current'],
};

class UsageError extends Error {
  override name = 'UsageError';
}

const printProgress: OnProgress = event => log.info(formatProgress(event));

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    log.info(USAGE);
    return command ? 0 : 1;
  }
  const { values } = parseOptions(rest);
  if (values.help) {
    log.info(USAGE);
    return 0;
  }
  const allowed = OPTIONS_OF[command];
  const misplaced = Object.keys(values).filter(option => allowed && !allowed.includes(option));
  if (misplaced.length) throw new UsageError(`${command} does not take ${misplaced.map(o => `--${o}`).join(', ')}.\n${USAGE}`);

  // Options are checked before the configuration, so a typo is reported as such.
  switch (command) {
    case 'preflight':
      return runPreflight();
    case 'provision': {
      if (values.status) return runStatus(loadConfig());
      const options = provisionOptions(values);
      return runProvision(loadConfig(), options);
    }
    case 'status':
      return runStatus(loadConfig({ env: followManifestTarget() }));
    case 'teardown':
      return runTeardown(loadConfig({ env: followManifestTarget() }));
    case 'sweep': {
      const olderThan = values['older-than'] ?? '6h';
      const olderThanMs = parseDuration(olderThan);
      return runSweep(loadConfig(), { olderThan, olderThanMs, yes: !!values.yes, includeCurrent: !!values['include-current'] });
    }
    default:
      throw new UsageError(`Unknown command "${command}".\n${USAGE}`);
  }
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        users: { type: 'string' },
        'base-url': { type: 'string' },
        status: { type: 'boolean' },
        'older-than': { type: 'string' },
        yes: { type: 'boolean' },
        'include-current': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
}

type Options = ReturnType<typeof parseOptions>['values'];

function provisionOptions(values: Options): { users?: number; baseUrl?: string } {
  const users = values.users === undefined ? undefined : Number(values.users);
  if (users !== undefined && (!Number.isInteger(users) || users < 1 || users > 50))
    throw new UsageError(`--users must be a whole number from 1 to 50, got "${values.users}"`);
  let baseUrl: string | undefined;
  if (values['base-url'] !== undefined) {
    try {
      const url = new URL(values['base-url']);
      if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) throw new Error();
      baseUrl = url.origin;
    } catch {
      throw new UsageError(`--base-url must be the demo app's root URL, e.g. http://localhost:3000, got "${values['base-url']}"`);
    }
  }
  return { users, baseUrl };
}

/** Without HARNESS_TARGET, a run folder whose manifest is a live run's is torn down (or shown) on the live target. */
function followManifestTarget(): NodeJS.ProcessEnv {
  if (process.env.HARNESS_TARGET?.trim()) return process.env;
  let target;
  try {
    target = readManifest()?.target;
  } catch {
    return process.env; // an unreadable manifest is reported by the command itself
  }
  if (target !== 'live') return process.env;
  log.info(`The run in ${show(resolveDir())} is a live run: using the live target.`);
  return { ...process.env, HARNESS_TARGET: 'live' };
}

async function runPreflight(): Promise<number> {
  const { preflight } = await commands.preflight();
  log.info(`Preflight (${process.env.HARNESS_TARGET?.trim() || 'embedded'} target): checking the configuration and both tenants; nothing is created…`);
  const report = await preflight({ scope: 'suite', onResult: result => log.info(formatCheck(result)) });
  const failed = report.results.filter(r => r.status === 'fail').length;
  const warned = report.results.filter(r => r.status === 'warn').length;
  log.info('');
  log.info(
    failed
      ? `Preflight: ${failed} problem${failed === 1 ? '' : 's'} to fix (see the lines marked ✗); nothing was created.`
      : `Preflight passed in ${seconds(report.durationMs)}${warned ? ` with ${warned} warning${warned === 1 ? '' : 's'} (!)` : ''}.`,
  );
  return failed ? 1 : 0;
}

async function runProvision(config: HarnessConfig, { users, baseUrl }: { users?: number; baseUrl?: string }): Promise<number> {
  const { provision, ProvisionError } = await commands.provision();
  if (config.target === 'live') {
    const { preflight } = await commands.preflight();
    log.info(`Preflight on the ${describeTarget(config)}…`);
    const report = await preflight({ config, scope: 'run', onResult: result => result.status !== 'pass' && log.info(formatCheck(result)) });
    if (!report.ok) {
      log.error(`✗ The preflight found problems (above); nothing was created. \`HARNESS_TARGET=live npm run preflight\` shows every check.`);
      return 1;
    }
    log.info(`  preflight passed in ${seconds(report.durationMs)}`);
  }
  log.info(`Provisioning on the ${describeTarget(config)}…`);
  try {
    const result = await provision({ config, users, baseUrl, onProgress: printProgress });
    log.info('');
    log.info(`Run ${result.runId} ${result.reused ? 'verified' : 'provisioned'} in ${seconds(result.durationMs)}.`);
    log.info(`  ${callLine(result.calls)}`);
    log.info(`  Test user: ${result.runEnv.TEST_USER_EMAIL} (password in ${show(result.runEnvPath)})`);
    log.info(
      `  Wrote ${show(result.runEnvPath)} (mode 0600) and ${show(manifestPath())}. Remove everything with \`${teardownCommand({ target: config.target, dir: resolveDir() })}\`.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof StepError || error instanceof ProvisionError) {
      log.error(`✗ ${error.message}`);
      log.error(`What exists so far is listed in ${show(manifestPath())}; \`${teardownCommand({ target: config.target, dir: resolveDir() })}\` removes it.`);
      return 1;
    }
    throw error;
  }
}

async function runStatus(config: HarnessConfig): Promise<number> {
  const { status } = await commands.status();
  const report = await status({ config, onProgress: printProgress });
  if (!report.manifest) {
    log.info(`No run on the ${describeTarget(config)}: ${show(manifestPath())} does not exist. \`npm run provision\` creates one.`);
    return 0;
  }
  const missing = report.resources.filter(r => !r.exists).length;
  log.info('');
  log.info(
    `Run ${report.manifest.runId} (${report.manifest.target}): ${report.resources.length - missing} of ${report.resources.length} resources exist` +
      `${missing ? ` — \`npm run provision\` recreates what is missing` : ''}; run.env ${report.runEnvPresent ? 'present' : 'missing'}.`,
  );
  log.info(`  ${callLine(report.calls)}`);
  return 0;
}

async function runTeardown(config: HarnessConfig): Promise<number> {
  const { teardown, TeardownError } = await commands.teardown();
  try {
    const summary = await teardown({ config, onProgress: printProgress });
    if (!summary.runId) {
      log.info(`Nothing to tear down: no ${show(manifestPath())}.`);
      return 0;
    }
    const count = (result: string) => summary.items.filter(i => i.result === result).length;
    const handedOver = count('handed-over');
    log.info('');
    log.info(
      `Run ${summary.runId} torn down in ${seconds(summary.durationMs)}: ${count('deleted')} deleted` +
        `${handedOver ? `, ${handedOver} handed over to a run still using it` : ''}, ${count('absent') + count('kept')} already gone or kept` +
        `${summary.strays ? ` (${summary.strays} not in the manifest)` : ''}.`,
    );
    log.info(`  ${callLine(summary.calls)}`);
    return 0;
  } catch (error) {
    if (error instanceof StepError || error instanceof TeardownError) {
      log.error(`✗ ${error.message}`);
      log.error(
        `What is left is still listed in ${show(manifestPath())}; fix the cause and run \`${teardownCommand({ target: config.target, dir: resolveDir() })}\` again.`,
      );
      return 1;
    }
    throw error;
  }
}

async function runSweep(config: HarnessConfig, options: { olderThan: string; olderThanMs: number; yes: boolean; includeCurrent: boolean }): Promise<number> {
  const { olderThan, olderThanMs, includeCurrent } = options;
  const dryRun = !options.yes;
  const { sweep } = await commands.sweep();
  log.info(`Sweeping harness- resources older than ${olderThan} on the ${describeTarget(config)}${dryRun ? ' (dry run: add --yes to delete)' : ''}…`);
  try {
    const summary = await sweep({ config, olderThanMs, dryRun, includeCurrent, onProgress: printProgress });
    log.info('');
    log.info(
      `${summary.stale.length} stale resource${summary.stale.length === 1 ? '' : 's'} ${dryRun ? 'would be removed' : 'removed'}; ${summary.keptCount} harness- resource${summary.keptCount === 1 ? '' : 's'} left alone (younger, current run, or no run id).` +
        (dryRun && summary.stale.length ? ' Run again with --yes to delete.' : ''),
    );
    log.info(`  ${callLine(summary.calls)}`);
    return 0;
  } catch (error) {
    if (error instanceof StepError) {
      log.error(`✗ ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function describeTarget(config: HarnessConfig): string {
  return `${config.target} target (Auth0 ${config.auth0.domain}, Okta ${config.okta.orgUrl})`;
}

function callLine(calls: CallCounts): string {
  const limited = calls.rateLimited.okta + calls.rateLimited.auth0;
  return (
    `Management API calls: Okta ${calls.okta}, Auth0 ${calls.auth0} (+${calls.auth0TokenRequests} token request${calls.auth0TokenRequests === 1 ? '' : 's'}); ` +
    (limited ? `429s waited out: Okta ${calls.rateLimited.okta}, Auth0 ${calls.rateLimited.auth0}` : 'no 429s')
  );
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

main(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof DurationError || error instanceof ManifestError) {
      log.error(error.message);
    } else {
      // Not an expected failure: a bug. Show where, redacted.
      log.error('Unexpected error (please report):', error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    process.exitCode = 1;
  },
);
