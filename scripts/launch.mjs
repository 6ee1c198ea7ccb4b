// Runs an entry point from its bundle in dist/ (scripts/build.mjs) when the bundle is fresh, and
// from its TypeScript sources through tsx otherwise, so a start is fast and never runs stale code:
// the bundle counts as fresh only while no project file it holds, nor package-lock.json, is newer.
// Usage: node scripts/launch.mjs <name> [args…]   (names: see ENTRIES in scripts/build.mjs)
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ENTRIES } from './bundled-entries.mjs';
import { staleReason } from './bundle-freshness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const bundle = join(root, 'dist', `${name}.mjs`);
process.argv.splice(2, 1); // the entry point sees its own arguments only

if (!(name in ENTRIES)) {
  console.error(`scripts/launch.mjs: unknown entry "${name}"; expected one of ${Object.keys(ENTRIES).join(', ')}`);
  process.exit(2);
}
const stale = process.env.HARNESS_FROM_SOURCE === '1' ? { why: 'HARNESS_FROM_SOURCE=1' } : staleReason(root, name);
if (!stale) {
  await import(pathToFileURL(bundle).href);
} else {
  // Said at a terminal only: a command whose output is read (a test, a pipe) prints exactly what it always does.
  if (process.stderr.isTTY && stale.why !== 'no bundle' && stale.why !== 'HARNESS_FROM_SOURCE=1')
    console.warn(`note: running from source (${stale.why}; npm run build refreshes it).`);
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, ENTRIES[name])).href);
}
