// The preflight: everything a run assumes about the configuration and the two tenants, checked
// before anything is created, each problem named with its fix in one line. It only reads: it
// never creates, changes or deletes anything. `npm run preflight` runs it alone; `npm start`,
// `npm test` and `npm run provision` run it first on the live target. The Auth0 and Okta checks
// run side by side; each result is reported the moment it is known.
import { ConfigError, loadConfig, type HarnessConfig, type LoadConfigOptions } from './config.ts';
import { openManagementClients, type ManagementClients } from './management-clients.ts';
import { auth0Checks } from './preflight-auth0.ts';
import { oktaChecks } from './preflight-okta.ts';
import { manifestCheck } from './preflight-manifest.ts';
import type { RateBudget } from './call-counter.ts';
import { formatCheck, type CheckResult, type Report } from './preflight-check.ts';
import { liveEnvironment, resolveCapabilities, type Capabilities } from './capabilities.ts';

/** What the coming work needs: a run (provision, status, teardown, sweep, npm start), or the whole suite (npm test). */
export type PreflightScope = 'run' | 'suite';

export interface PreflightOptions extends LoadConfigOptions {
  scope?: PreflightScope;
  /** The configuration, when the caller has loaded it already. */
  config?: HarnessConfig;
  onResult?: Report;
}

export interface PreflightReport {
  ok: boolean;
  results: CheckResult[];
  config?: HarnessConfig;
  durationMs: number;
}

export class PreflightError extends Error {
  override name = 'PreflightError';
  constructor(readonly results: CheckResult[]) {
    const failed = results.filter(r => r.status === 'fail');
    super(
      `The preflight found ${failed.length} problem${failed.length === 1 ? '' : 's'}; nothing was created:\n${failed.map(r => `  ${formatCheck(r)}`).join('\n')}`,
    );
  }
}

export async function preflight(options: PreflightOptions = {}): Promise<PreflightReport> {
  const started = performance.now();
  const results: CheckResult[] = [];
  const report: Report = result => {
    results.push(result);
    options.onResult?.(result);
  };
  const done = (config?: HarnessConfig): PreflightReport => ({
    ok: !results.some(r => r.status === 'fail'),
    results,
    config,
    durationMs: Math.round(performance.now() - started),
  });

  let config = options.config;
  if (!config) {
    try {
      config = loadConfig(options);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const fix =
        options.env?.HARNESS_TARGET === 'live' || process.env.HARNESS_TARGET === 'live'
          ? 'set it in .env (see .env.example) or in the environment'
          : 'start the emulators (`npm run emulators`) or use HARNESS_TARGET=live';
      for (const problem of error.problems.length ? error.problems : [error.message]) report({ check: 'configuration', status: 'fail', detail: problem, fix });
      return done();
    }
  }
  report({ check: 'configuration', status: 'pass', detail: `${config.target} target from ${config.source}` });
  const scope = options.scope ?? 'run';
  const capabilities = resolveCapabilities(config.target, config.target === 'live' ? liveEnvironment(options.env ?? process.env, options.envFile) : {});
  if (scope === 'suite') capabilityChecks(capabilities, report);

  const clients: ManagementClients = openManagementClients(config);
  try {
    const scim = scope === 'suite' && capabilities.scim.available;
    await Promise.all([auth0Checks(config, clients, { scim }, report), oktaChecks(config, clients, report), manifestCheck(config, options.dir, report)]);
    rateBudgetCheck('okta', clients.counter.snapshot().leastBudget.okta, report);
    rateBudgetCheck('auth0', clients.counter.snapshot().leastBudget.auth0, report);
  } finally {
    clients.close();
  }
  return done(config);
}

/** Runs the preflight and throws a PreflightError naming every problem when one fails. */
export async function preflightOrThrow(options: PreflightOptions): Promise<PreflightReport> {
  const result = await preflight(options);
  if (!result.ok) throw new PreflightError(result.results);
  return result;
}

/** The suite on live: which specs will be skipped, and what turns them on. */
function capabilityChecks(capabilities: Capabilities, report: Report): void {
  const names: Record<keyof Capabilities, string> = { backchannelLogout: 'back-channel logout', universalLogout: 'Universal Logout', scim: 'inbound SCIM' };
  for (const [key, capability] of Object.entries(capabilities) as [keyof Capabilities, Capabilities[keyof Capabilities]][]) {
    const check = `capability ${names[key]}`;
    if (capability.available) report({ check, status: 'pass', detail: 'its specs run' });
    else
      report({
        check,
        status: 'warn',
        detail: `its specs are skipped: ${capability.reason?.replace(/^live target: /, '')}`,
        fix: 'see docs/live-tenants.md, "Capability flags"',
      });
  }
}

/** A run spends about 20 Management API calls per side, the suite a few hundred: warn below a fifth of a window. */
function rateBudgetCheck(side: 'okta' | 'auth0', budget: RateBudget | undefined, report: Report): void {
  if (!budget) return;
  const check = `${side} rate limit`;
  const detail = `${budget.remaining} of ${budget.limit} requests left in the current window (${budget.path})`;
  if (budget.remaining >= budget.limit / 5) report({ check, status: 'pass', detail });
  else
    report({ check, status: 'warn', detail, fix: "another job is using this tenant's budget: run when it is idle, or give the harness a tenant of its own" });
}
