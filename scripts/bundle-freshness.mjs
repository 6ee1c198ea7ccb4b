// Whether a bundle in dist/ (scripts/build.mjs) still holds the code of the project files it was
// built from: the launcher runs it only then, and the build skips it then.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Why dist/<name>.mjs cannot be used (missing, or older than a project file it holds or one of
 * `alsoCompare`); undefined when it is fresh.
 */
export function staleReason(root, name, alsoCompare = []) {
  let manifest;
  let built;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'dist', `${name}.sources.json`), 'utf8'));
    built = statSync(join(root, 'dist', `${name}.mjs`)).mtimeMs;
  } catch {
    return { why: 'no bundle' };
  }
  for (const source of [...manifest.sources, ...alsoCompare]) {
    let changed;
    try {
      changed = statSync(join(root, source)).mtimeMs;
    } catch {
      return { why: `${source} is gone` };
    }
    if (changed > built) return { why: `${source} is newer than the bundle` };
  }
  return undefined;
}
