// The commands a person types to finish or clean up a run, as every hint prints them: with the
// target and the harness folder the run really has, so that they work when copied as printed.
import { isAbsolute, relative, resolve } from 'node:path';
import { projectRoot } from '../lib/paths.ts';
import type { HarnessTarget } from './config.ts';

export interface RunLocation {
  target: HarnessTarget;
  /** The run's harness folder (manifest.json, run.env). */
  dir: string;
}

/** e.g. `HARNESS_TARGET=live HARNESS_DIR=.harness/test-run/live npm run teardown`. */
export function teardownCommand(run: RunLocation, env: NodeJS.ProcessEnv = process.env): string {
  return npmCommand(run, 'teardown', env);
}

/** Every variable that differs from a fresh shell's defaults is spelled out, so the line works when pasted anywhere. */
function npmCommand(run: RunLocation, script: string, env: NodeJS.ProcessEnv): string {
  const envFile = env.HARNESS_ENV_FILE?.trim();
  const variables = [
    run.target === 'live' ? 'HARNESS_TARGET=live' : '',
    run.target === 'live' && envFile ? `HARNESS_ENV_FILE=${shown(envFile)}` : '',
    resolve(run.dir) === resolve(projectRoot, '.harness') ? '' : `HARNESS_DIR=${shown(run.dir)}`,
  ];
  return [...variables.filter(Boolean), `npm run ${script}`].join(' ');
}

/** Relative to the project (where npm runs) when inside it, else absolute. */
function shown(path: string): string {
  const rel = relative(projectRoot, resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(path);
}
