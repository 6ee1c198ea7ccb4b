// `npm start -- --open` on the embedded target, as a person runs it: the banner links the flow
// inspector and the "break something" panel and says how to trust the local CA; the panel breaks
// the broker with one click (from its own page only); --open starts Chromium on the demo with the
// profile that trusts the local CA (a stand-in Chromium records how it was started).
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { projectRoot } from '../lib/paths.ts';
import { unusedPort } from '../fixtures/unused-port.ts';

test('npm start -- --open: banner with the inspector, the panel and the CA; the panel breaks the broker; Chromium opens trusting the CA', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const dir = testInfo.outputDir;
  mkdirSync(dir, { recursive: true });
  const opened = join(dir, 'chromium-started.txt');
  const fakeChromium = join(dir, 'chromium');
  writeFileSync(fakeChromium, `#!/bin/sh\necho "HOME=$HOME" > "${opened}"\necho "$@" >> "${opened}"\nexec sleep 60\n`);
  chmodSync(fakeChromium, 0o755);
  const [demo, auth0, okta] = [await unusedPort(), await unusedPort('127.0.0.2'), await unusedPort('127.0.0.3')];
  const npm = spawn('npm', ['start', '--', '--open'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HARNESS_DIR: dir,
      BASE_URL: `http://localhost:${demo}`,
      AUTH0_EMULATOR_PORT: String(auth0),
      OKTA_EMULATOR_PORT: String(okta),
      CHROMIUM_PATH: fakeChromium,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>(resolve => npm.on('close', code => resolve(code)));
  try {
    await expect.poll(() => output, { timeout: 90_000 }).toContain('Opened ');
    expect(output).toContain(`How you signed in   http://localhost:${demo}/flow`);
    expect(output).toMatch(/npm run flow -- --last/);
    expect(output).toMatch(/harness's local CA \(.*tls\/ca\.pem\)/);
    expect(output).toContain('NET::ERR_CERT_AUTHORITY_INVALID');
    const panel = /Break something {5}(http:\/\/localhost:\d+)/.exec(output)![1];

    // Chromium: on the demo, with the HOME whose NSS database trusts the local CA.
    await expect.poll(() => existsSync(opened)).toBe(true);
    const started = readFileSync(opened, 'utf8');
    expect(started).toContain(`http://localhost:${demo}`);
    expect(started).toContain(`--user-data-dir=${join(dir, 'chromium-profile')}`);
    expect(started).toContain(`HOME=${join(dir, 'chromium-home')}`);

    // The panel: one click injects the fault on the emulator; a POST from another page is refused.
    const page = await (await fetch(panel)).text();
    expect(page).toContain('Okta&#39;s token endpoint fails (500)');
    const click = await fetch(`${panel}/faults`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: panel, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=okta-token-error&user=',
    });
    expect(click.status).toBe(303);
    expect(await (await fetch(panel)).text()).toMatch(/Okta.*token_endpoint.*500/);
    const forged = await fetch(`${panel}/faults`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=okta-declined',
    });
    expect(forged.status).toBe(403);
    const clear = await fetch(`${panel}/faults/clear`, { method: 'POST', redirect: 'manual', headers: { origin: panel } });
    expect(clear.status).toBe(303);
    expect(await (await fetch(panel)).text()).toContain('Nothing: the broker is healthy.');
  } finally {
    npm.kill('SIGTERM');
    await exited;
  }
  expect(output).toContain('Stopped.');
});
