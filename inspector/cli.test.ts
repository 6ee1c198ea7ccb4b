// `npm run flow -- --last` against running emulators: the last flow drawn in text, then its hops;
// --list, --kind and --mermaid; a clear line when nothing answers.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { writeEmbeddedEnv } from '../emulators/start.ts';
import { projectRoot } from '../lib/paths.ts';
import { loginWithCode, test, expect, OFFLINE } from '../fixtures/auth0/federation.ts';
import * as client from 'openid-client';

/** Runs the command as `npm run flow` does (its bundle when fresh), in a child (asynchronously: the emulators answer from this process). */
function flowCommand(dir: string, ...args: string[]): Promise<{ status: number; out: string; err: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [join(projectRoot, 'scripts', 'launch.mjs'), 'flow', ...args],
      { cwd: projectRoot, env: { ...process.env, HARNESS_DIR: dir, HARNESS_TARGET: 'embedded' }, encoding: 'utf8', timeout: 60_000 },
      (error, out, err) => resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

test('npm run flow prints the last flow, lists them, filters by kind, and says when the emulators are not running', async ({ federate }, testInfo) => {
  test.setTimeout(90_000);
  const federation = await federate();
  const dir = testInfo.outputDir;
  writeEmbeddedEnv(federation.emulators.env, join(dir, 'embedded.env'));
  const { rp, tokens } = await loginWithCode(federation, { params: OFFLINE });
  await client.refreshTokenGrant(rp, tokens.refresh_token!);

  const last = await flowCommand(dir, '--last');
  expect(last.status, last.err).toBe(0);
  expect(last.out).toMatch(/^refresh /m);
  expect(last.out).toContain('│'); // the diagram, drawn in text

  const login = await flowCommand(dir, '--kind', 'login');
  expect(login.out).toMatch(/┌.*┐/); // participants' boxes
  expect(login.out).toContain('Auth0 → Okta');
  expect(login.out).toMatch(/id_token \(issued\): header \{"alg":"RS256"/);
  expect(login.out).not.toContain(tokens.id_token!);

  const list = await flowCommand(dir, '--list');
  expect(list.out).toMatch(/^ +\d+ {2}login of .*\n(.|\n)* +\d+ {2}refresh/m);
  expect((await flowCommand(dir, '--kind', 'login', '--mermaid')).out).toMatch(/^sequenceDiagram$/m);

  const stopped = await flowCommand(join(dir, 'nothing-running'), '--last');
  expect(stopped.status).toBe(1);
  expect(stopped.err).toMatch(/npm start|npm run emulators/);
});
