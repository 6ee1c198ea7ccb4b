// No secret value appears in what any command prints: the real CLI in child processes (success,
// reuse, status, sweep, an API failure, a configuration error, teardown), its stdout and stderr
// captured and searched for every secret the run reads or makes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, runCli, runEnvOf, type CliResult } from '../fixtures/provisioning.ts';

test('no secret value appears in the stdout or stderr of any command', async ({ dir, emulators, fault, auth0Admin }) => {
  test.setTimeout(240_000);
  const outputs: { command: string; result: CliResult }[] = [];
  const cli = async (args: string[], env?: Record<string, string>) => {
    const result = await runCli(args, { dir, env });
    outputs.push({ command: args.join(' '), result });
    return { code: result.code, toString: () => result.stdout + result.stderr };
  };
  const expectExit = async (run: Promise<{ code: number | null }>, code: number) => {
    const result = await run;
    expect(result.code, String(result)).toBe(code);
  };

  await expectExit(cli(['provision', '--users', '2']), 0);
  const runEnv = runEnvOf(dir);
  // Okta shows the app's secret only at creation; the connection holds it.
  const [connection] = (await auth0Admin.connections.list({ name: runEnv.CONNECTION_NAME })).data;
  const oktaAppSecret = ((await auth0Admin.connections.get(connection.id!)).options as Record<string, string>).client_secret;
  const secrets: Record<string, string> = {
    AUTH0_CLIENT_SECRET: emulators.env.AUTH0_CLIENT_SECRET,
    OKTA_API_TOKEN: emulators.env.OKTA_API_TOKEN,
    'demo CLIENT_SECRET': runEnv.CLIENT_SECRET,
    'session SECRET': runEnv.SECRET,
    TEST_USER_PASSWORD: runEnv.TEST_USER_PASSWORD,
    TEST_USER_2_PASSWORD: runEnv.TEST_USER_2_PASSWORD,
    'Okta app client_secret': oktaAppSecret,
  };
  for (const [name, value] of Object.entries(secrets)) expect(value, name).toBeTruthy();

  // Read-only commands and the configuration error run side by side (each child takes seconds to load the SDKs).
  // A configuration error with the real secrets present in the environment.
  const brokenDomain = {
    HARNESS_TARGET: 'live',
    AUTH0_DOMAIN: 'https://x',
    AUTH0_CLIENT_ID: 'id',
    AUTH0_CLIENT_SECRET: secrets.AUTH0_CLIENT_SECRET,
    OKTA_ORG_URL: 'https://x-admin.okta.com',
    OKTA_API_TOKEN: secrets.OKTA_API_TOKEN,
  };
  const reuse = cli(['provision', '--users', '2']); // reuse path (reads secrets back)
  await Promise.all([
    expectExit(reuse, 0),
    expectExit(cli(['provision', '--status']), 0),
    expectExit(cli(['sweep', '--older-than', '90m']), 0),
    expectExit(cli(['provision'], brokenDomain), 1),
  ]);
  // Masking stops at secrets: names and ids stay readable.
  const reused = String(await reuse);
  expect(reused).toContain(`Run ${runEnv.HARNESS_RUN_ID} verified`);
  expect(reused).toContain(`↺ auth0 client harness-${runEnv.HARNESS_RUN_ID}-demo (${runEnv.CLIENT_ID}) reused`);
  // An API failure mid-run: the error line names the step, not a credential.
  await fault('auth0', { method: 'GET', path: '^/api/v2/clients/', status: 403 });
  await expectExit(cli(['provision']), 1);
  await expectExit(cli(['teardown']), 0);
  await expectExit(cli(['teardown']), 0);

  const all = outputs.map(o => `$ ${o.command}\n${o.result.stdout}${o.result.stderr}`).join('\n');
  writeFileSync(join(dir, 'cli-output.txt'), all);
  for (const [name, value] of Object.entries(secrets)) {
    expect(all.includes(value), `${name} leaked into CLI output`).toBe(false);
  }
  // The output is the real thing: progress lines, summaries and both error messages are there.
  expect(all).toContain('✓ okta app harness-');
  expect(all).toMatch(/Management API calls: Okta \d+, Auth0 \d+/);
  expect(all).toContain('✗ auth0 client harness-');
  expect(all).toContain("AUTH0_DOMAIN must be the Auth0 tenant's own domain without scheme or path");
  expect(all).toContain('torn down');
});
