// `npm run build` (run by `npm test` before every run) rebuilds only the bundles that are stale,
// with the launcher's own test of freshness, and all of them with --force. Each case runs the real
// scripts/build.mjs in a scratch project under the harness directory (esbuild resolves from this
// project's node_modules) whose entry points are one-line files.
import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../lib/paths.ts';
// @ts-expect-error -- a plain JavaScript module without types
import { ENTRIES as BUNDLED } from './bundled-entries.mjs';

const run = promisify(execFile);
const ENTRIES = BUNDLED as Record<string, string>;

function scratchProject(): string {
  mkdirSync(join(projectRoot, '.harness'), { recursive: true });
  const root = mkdtempSync(join(projectRoot, '.harness', 'build-'));
  mkdirSync(join(root, 'scripts'));
  for (const file of ['build.mjs', 'bundle-freshness.mjs', 'bundled-entries.mjs', 'node-bundle.json'])
    copyFileSync(join(projectRoot, 'scripts', file), join(root, 'scripts', file));
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  for (const [name, entry] of Object.entries(ENTRIES)) {
    mkdirSync(join(root, entry, '..'), { recursive: true });
    writeFileSync(join(root, entry), `console.log('${name}');\n`);
  }
  // Everything an hour old, so that the first build's bundles are newer than their sources.
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const file of ['package-lock.json', 'scripts/build.mjs', 'scripts/bundled-entries.mjs', 'scripts/node-bundle.json', ...Object.values(ENTRIES)])
    utimesSync(join(root, file), hourAgo, hourAgo);
  return root;
}

/** What a build that bundles every entry prints. */
function allBuilt(): string {
  return Object.entries(ENTRIES)
    .map(([name, entry]) => `built dist/${name}.mjs from ${entry} (1 project files)\n`)
    .join('');
}

async function build(root: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(root, 'scripts', 'build.mjs'), ...args], { cwd: root, env: { PATH: process.env.PATH ?? '' } });
  return stdout;
}

test('a second build keeps the fresh bundles, rebuilds the one whose source changed, and --force rebuilds all', async () => {
  const root = scratchProject();
  try {
    expect(await build(root)).toBe(allBuilt());
    expect(await build(root)).toBe(
      Object.keys(ENTRIES)
        .map(name => `dist/${name}.mjs is up to date\n`)
        .join(''),
    );

    writeFileSync(join(root, 'provisioning/cli.ts'), "console.log('provisioning, changed');\n");
    const second = await build(root);
    expect(second).toContain('built dist/provisioning.mjs');
    expect(second).toContain('dist/emulators.mjs is up to date');
    expect(readFileSync(join(root, 'dist', 'provisioning.mjs'), 'utf8')).toContain('provisioning, changed');

    expect(await build(root, '--force')).toBe(allBuilt());
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
