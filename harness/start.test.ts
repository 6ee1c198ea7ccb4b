// `npm start` on the live target, as a person (or CI) runs it — the real npm, its shell, node —
// against the worker's emulators standing in for real tenants: SIGTERM to npm tears the run down
// and leaves nothing; a failed step is one line with the command that removes what it left, and
// that command works as printed.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../lib/paths.ts';
import { test, expect, resourcesNamed, type Emulators } from '../fixtures/provisioning.ts';
import { readManifest } from '../provisioning/manifest.ts';
import { runNames } from '../provisioning/naming.ts';
import { unusedPort } from '../fixtures/unused-port.ts';

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start` with a .env of its own naming the emulators, and the demo app on a free port. */
async function npmStart(dir: string, emulators: Emulators): Promise<Started> {
  const port = await unusedPort();
  const envFile = join(dir, 'live.env');
  writeFileSync(
    envFile,
    [
      `AUTH0_DOMAIN=${emulators.env.AUTH0_DOMAIN}`,
      `AUTH0_CLIENT_ID=${emulators.env.AUTH0_CLIENT_ID}`,
      `AUTH0_CLIENT_SECRET=${emulators.env.AUTH0_CLIENT_SECRET}`,
      `OKTA_ORG_URL=${emulators.env.OKTA_ORG_URL}`,
      `OKTA_API_TOKEN=${emulators.env.OKTA_API_TOKEN}`,
      `BASE_URL=http://localhost:${port}`,
    ].join('\n') + '\n',
  );
  const npm = spawn('npm', ['start'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HARNESS_TARGET: 'live',
      HARNESS_ENV_FILE: envFile,
      HARNESS_DIR: dir,
      NODE_EXTRA_CA_CERTS: emulators.env.NODE_EXTRA_CA_CERTS,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>(resolve => npm.on('close', code => resolve(code)));
  return { npm, output: () => output, exited };
}

test('SIGTERM to the npm process of `npm start` tears the live run down: no resource, no process, no listener left', async ({
  dir,
  emulators,
  oktaAdmin,
  auth0Admin,
}) => {
  test.setTimeout(120_000);
  const started = await npmStart(dir, emulators);
  await expect.poll(started.output, { timeout: 90_000, message: 'the demo app comes up' }).toMatch(/Demo app ready in .*: (http:\/\/localhost:\d+)/);
  const url = /Demo app ready in .*: (http:\/\/localhost:\d+)/.exec(started.output())![1];
  const prefix = runNames(readManifest(dir)!.runId).prefix;
  expect((await resourcesNamed(oktaAdmin, auth0Admin, prefix)).length).toBeGreaterThan(0);
  const node = childPids(started.npm.pid!);
  expect(node.length, 'npm runs the harness directly (its script execs node)').toBe(1);

  started.npm.kill('SIGTERM');
  await started.exited;
  await expect.poll(() => isRunning(node[0]), { timeout: 30_000, message: 'the harness process ends' }).toBe(false);
  expect(started.output()).toContain('SIGTERM: stopping and tearing the run down…');
  expect(started.output()).toContain('Stopped.');
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
  expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  await expect(fetch(url)).rejects.toThrow();
});

test('a step that fails is one line, no stack trace, with the teardown command; that command works as printed', async ({
  dir,
  emulators,
  fault,
  oktaAdmin,
  auth0Admin,
}) => {
  test.setTimeout(120_000);
  await fault('auth0', { method: 'POST', path: '^/api/v2/clients$', status: 403 });
  const started = await npmStart(dir, emulators);
  expect(await started.exited).toBe(1);
  const output = started.output();
  expect(output).toMatch(/^auth0 client harness-\S+-demo: Auth0 Management API 403 .*$/m);
  expect(output).not.toMatch(/^\s+at /m); // no stack trace
  const command = /The run is left half-provisioned \(what exists is listed in its manifest\): `([^`]+)` removes it\./.exec(output)?.[1];
  expect(command).toBe(`HARNESS_TARGET=live HARNESS_ENV_FILE=${join(dir, 'live.env')} HARNESS_DIR=${dir} npm run teardown`);
  const prefix = runNames(readManifest(dir)!.runId).prefix;
  expect((await resourcesNamed(oktaAdmin, auth0Admin, prefix)).length).toBeGreaterThan(0);

  // As printed, in a fresh shell (trusting the emulators' CA as a machine trusts a corporate one).
  const shellEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_EXTRA_CA_CERTS: emulators.env.NODE_EXTRA_CA_CERTS };
  // Asynchronously: the emulators answering it run in this very process.
  await promisify(execFile)('sh', ['-c', command!], { cwd: projectRoot, env: shellEnv });
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
});

function childPids(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map(l => Number(l.trim()))
    .filter(Boolean);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
