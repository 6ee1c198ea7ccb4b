// The commands a person types to finish or clean up a run, as every hint prints them: with the
// target and the harness folder the run really has, so that they work when copied as printed.
import { isAbsolute, relative, resolve } from 'node:path';
import { harnessDir, projectRoot } from '../lib/paths.ts';
import type { HarnessTarget } from './config.ts';

export interface RunLocation {
  target: HarnessTarget;
  /** The run's harness folder (manifest.json, run.env). */
  dir: string;
}

/** e.g. `HARNESS_TARGET=live HARNESS_DIR=.harness/test-run/live npm run teardown`. */
export function teardownCommand(run: RunLocation): string {
  return npmCommand(run, 'teardown');
}

export function statusCommand(run: RunLocation): string {
  return npmCommand(run, 'provision -- --status');
}

function npmCommand(run: RunLocation, script: string): string {
  const variables = [run.target === 'live' ? 'HARNESS_TARGET=live' : '', resolve(run.dir) === resolve(harnessDir()) ? '' : `HARNESS_DIR=${shown(run.dir)}`];
  return [...variables.filter(Boolean), `npm run ${script}`].join(' ');
}

/** Relative to the project (where npm runs) when inside it, else absolute. */
function shown(dir: string): string {
  const rel = relative(projectRoot, resolve(dir));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : resolve(dir);
}
