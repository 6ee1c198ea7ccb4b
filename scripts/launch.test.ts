// The launcher runs a bundle only while it is fresh: a source newer than the bundle, a source gone,
// or no bundle at all sends it to the TypeScript sources (through tsx), so nobody runs stale code.
// Each case runs the real scripts/launch.mjs, copied into a scratch project under the harness
// directory (so tsx resolves from this project's node_modules) with a one-line "bundle" and "source".
import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../lib/paths.ts';

const run = promisify(execFile);

function scratchProject(): string {
  mkdirSync(join(projectRoot, '.harness'), { recursive: true });
  const root = mkdtempSync(join(projectRoot, '.harness', 'launch-'));
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'emulators'));
  for (const file of ['launch.mjs', 'bundle-freshness.mjs', 'bundled-entries.mjs'])
    copyFileSync(join(projectRoot, 'scripts', file), join(root, 'scripts', file));
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  writeFileSync(join(root, 'emulators', 'cli.ts'), "const from: string = 'source';\nconsole.log(from, process.argv.slice(2).join(' '));\n");
  writeFileSync(join(root, 'dist', 'emulators.mjs'), "console.log('bundle', process.argv.slice(2).join(' '));\n");
  writeFileSync(
    join(root, 'dist', 'emulators.sources.json'),
    JSON.stringify({ entry: 'emulators/cli.ts', sources: ['emulators/cli.ts', 'package-lock.json'] }),
  );
  // Sources an hour older than the bundle: fresh.
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const file of ['emulators/cli.ts', 'package-lock.json']) utimesSync(join(root, file), hourAgo, hourAgo);
  return root;
}

async function launch(root: string): Promise<string> {
  const { stdout } = await run(process.execPath, [join(root, 'scripts', 'launch.mjs'), 'emulators', '--flag'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
  });
  return stdout.trim();
}

test('runs the bundle while no source it holds is newer, with the arguments after the entry name', async () => {
  const root = scratchProject();
  try {
    expect(await launch(root)).toBe('bundle --flag');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('runs the sources through tsx when a source, or package-lock.json, is newer than the bundle', async () => {
  const root = scratchProject();
  try {
    utimesSync(join(root, 'emulators', 'cli.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(await launch(root)).toBe('source --flag');
    utimesSync(join(root, 'emulators', 'cli.ts'), new Date(0), new Date(0));
    utimesSync(join(root, 'package-lock.json'), new Date(), new Date(Date.now() + 60_000));
    expect(await launch(root)).toBe('source --flag');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('runs the sources when there is no bundle or its list of sources is missing', async () => {
  const root = scratchProject();
  try {
    rmSync(join(root, 'dist', 'emulators.sources.json'));
    expect(await launch(root)).toBe('source --flag');
    rmSync(join(root, 'dist'), { recursive: true });
    expect(await launch(root)).toBe('source --flag');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
