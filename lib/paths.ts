// Where the harness keeps its run-time files (git-ignored). Overridable so tests and parallel
// checkouts can use a directory of their own.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function harnessDir(): string {
  return resolve(process.env.HARNESS_DIR ?? resolve(projectRoot, '.harness'));
}
