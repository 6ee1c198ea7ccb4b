// `npm run build` (also run by `npm ci` / `npm install` through `prepare`): bundles the entry points
// that must start fast into dist/, one file each, so a start compiles one minified file instead of
// transpiling and resolving hundreds of TypeScript modules through tsx (docs/performance.md, "Performance").
// Plain JavaScript, so building needs no TypeScript loader. Each bundle is written with the list of
// the project files it holds; scripts/launch.mjs runs the bundle only while none of them is newer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTRIES } from './bundled-entries.mjs';
import { staleReason } from './bundle-freshness.mjs';
import shared from './node-bundle.json' with { type: 'json' };

const { '//': _about, ...NODE_BUNDLE } = shared;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // Without esbuild (an install without it), the launcher runs the sources through tsx.
  console.warn('note: esbuild is not installed; the harness runs from its TypeScript sources (slower to start).');
  process.exit(0);
}

// A bundle still fresh (no file it holds, nor the lock file, nor this build's own set-up, is newer)
// is kept: `npm test` builds before every run, and rebuilding all three takes 10–30 s of CPU.
// `npm run build -- --force` rebuilds them all.
const force = process.argv.includes('--force');
const BUILD_SETUP = ['scripts/build.mjs', 'scripts/bundled-entries.mjs', 'scripts/node-bundle.json'];

mkdirSync(join(root, 'dist'), { recursive: true });
for (const [name, entry] of Object.entries(ENTRIES)) {
  if (!force && !staleReason(root, name, BUILD_SETUP)) {
    console.log(`dist/${name}.mjs is up to date`);
    continue;
  }
  const result = await esbuild.build({
    ...NODE_BUNDLE,
    absWorkingDir: root,
    entryPoints: { [name]: entry },
    outdir: join(root, 'dist'),
    // What a start does not need (modules the sources import with import()) goes to chunks loaded
    // when first used; beside the bundle, so import.meta.url keeps pointing one level below the root.
    splitting: true,
    chunkNames: `${name}-[name]-[hash]`,
    minify: true,
    sourcemap: 'linked',
    // Packages that find their own files through __dirname stay where they are, loaded from node_modules.
    external: ['playwright-core', '@playwright/test'],
  });
  const sources = Object.keys(result.metafile.inputs).filter(path => !path.includes('node_modules/'));
  writeFileSync(join(root, 'dist', `${name}.sources.json`), JSON.stringify({ entry, sources: [...sources, 'package-lock.json'] }, null, 1) + '\n');
  console.log(`built dist/${name}.mjs from ${entry} (${sources.length} project files)`);
}
