// The Testcontainers module and the two images, end to end: the emulator pair started from its
// image, a run provisioned on it with the official SDKs, the demo app started from its image, a
// federated login through them, a back-channel logout from the Auth0 emulator reaching the demo
// app on the machine's network, and after stop() nothing left running. Needs a Docker engine and
// the images (containers/build-images.sh); skipped, with the reason, where either is missing —
// except with HARNESS_EMULATORS=container (the container CI step), where that is a failure.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test, expect } from '@playwright/test';
import { getContainerRuntimeClient } from 'testcontainers';
import { ensureLocalTls, certificateFingerprint } from '../emulators/tls/local-ca.ts';
import { writeEmbeddedEnv } from '../emulators/start.ts';
import type { Seeds } from '../emulators/seeds.ts';
import { loadConfig, provision, teardown } from '../provisioning/index.ts';
import { adminClients } from '../fixtures/provisioning.ts';
import { HttpBrowser, textContent } from '../fixtures/http-browser.ts';
import { signInOnOktaPage } from '../fixtures/okta-hosted-sign-in.ts';
import { unusedPort } from '../fixtures/unused-port.ts';
import { emulatorsMode, withoutReaperUnlessAsked } from '../fixtures/emulator-containers.ts';
import { fetchTrusting } from '../lib/trusting-fetch.ts';
import { projectRoot } from '../lib/paths.ts';
import { DEFAULT_DEMO_APP_IMAGE, startDemoAppContainer } from './demo-app-container.ts';
import { containerLog, DEFAULT_EMULATORS_IMAGE, dockerEngine, imageExists, harnessLabels, LABELS, OktaWorkforceEmulators } from './okta-workforce-emulators.ts';

// Each test starts containers; on a loaded 2-core machine a cold start takes seconds.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

let skipReason: string | undefined;
test.beforeAll(async () => {
  withoutReaperUnlessAsked();
  const engine = await dockerEngine();
  const images = engine.available
    ? await Promise.all([DEFAULT_EMULATORS_IMAGE, DEFAULT_DEMO_APP_IMAGE].map(async image => ((await imageExists(image)) ? undefined : image)))
    : [];
  const missing = images.filter(Boolean);
  const reason = !engine.available
    ? engine.reason
    : missing.length
      ? `image ${missing.join(' and ')} not built (containers/build-images.sh, or --local-base where no registry can be reached)`
      : undefined;
  if (reason && emulatorsMode() === 'container') throw new Error(`HARNESS_EMULATORS=container, but ${reason}`);
  skipReason = reason;
});

test.beforeEach(() => {
  test.skip(skipReason !== undefined, `Needs Docker and the images: ${skipReason}`);
});

/** Containers of this project (both images) that this test process started and that exist now, running or not
 *  (CI's container mode runs the specs' own emulators container beside this test). */
async function harnessContainers(): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  const owner = harnessLabels('emulators')[LABELS.owner];
  return (await client.container.dockerode.listContainers({ all: true, filters: JSON.stringify({ label: [LABELS.kind, `${LABELS.owner}=${owner}`] }) })).map(
    c => c.Id,
  );
}

async function networkIds(): Promise<string[]> {
  const client = await getContainerRuntimeClient();
  return (await client.container.dockerode.listNetworks()).map(n => n.Id).sort();
}

function refusesConnections(origin: string): Promise<boolean> {
  const { hostname, port } = new URL(origin);
  return new Promise(resolve => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

test('start, a federated login through the official SDKs and the demo app image, back-channel logout, stop: nothing left running', async () => {
  const containersBefore = await harnessContainers();
  const networksBefore = await networkIds();
  // The run's local CA (as the test runner's workers trust it): the container issues its leaf with it.
  const tls = await ensureLocalTls();
  const emulators = await new OktaWorkforceEmulators()
    .withCertificateAuthority({ certPem: tls.caCertPem, keyPem: readFileSync(join(tls.dir, 'ca-key.pem'), 'utf8') })
    .start();
  const dir = mkdtempSync(join(tmpdir(), 'harness-containers-'));
  let demoApp: Awaited<ReturnType<typeof startDemoAppContainer>> | undefined;
  try {
    // The same names `npm run emulators` writes; issuers on the usual loopback hosts.
    expect(emulators.env.AUTH0_DOMAIN).toMatch(/^127\.0\.0\.2:\d+$/);
    expect(emulators.env.OKTA_ORG_URL).toMatch(/^https:\/\/127\.0\.0\.3:\d+$/);
    const discovery = (await (await fetch(`${emulators.auth0.origin}/.well-known/openid-configuration`)).json()) as { issuer: string };
    expect(discovery.issuer).toBe(`https://${emulators.env.AUTH0_DOMAIN}/`);

    // A run on the containerized tenants, made with the official SDKs (provisioning), for a demo app on this machine's localhost.
    writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
    const config = loadConfig({ dir, env: {} });
    const baseUrl = `http://localhost:${await unusedPort()}`;
    const run = await provision({ config, dir, baseUrl });
    demoApp = await startDemoAppContainer({ env: { ...run.runEnv, BASE_URL: baseUrl }, caCertPem: emulators.caCertPem });

    // The federated login: demo app (container) → Auth0 (container) → Okta sign-in (okta-auth-js) → back.
    const browser = new HttpBrowser();
    const toOkta = await browser.navigate(`${demoApp.url}/login/connection`);
    expect(new URL(toOkta.url).origin).toBe(emulators.okta.origin);
    const profile = await signInOnOktaPage(browser, toOkta, { login: run.runEnv.TEST_USER_EMAIL, password: run.runEnv.TEST_USER_PASSWORD });
    expect(profile.url).toBe(`${demoApp.url}/profile`);
    expect(textContent(profile.body)).toContain(run.runEnv.TEST_USER_EMAIL);
    const userId = textContent(profile.body).match(/okta\|[^\s]+\|00u\w+/)![0];

    // Auth0 (in its container) delivers the back-channel logout to the demo app (in its own) over the machine's loopback.
    await adminClients(emulators.env).auth0.users.sessions.delete(userId);
    const atApp = (url: URL) => url.origin === demoApp!.url;
    await expect
      .poll(async () => {
        const page = await browser.navigate(`${demoApp!.url}/profile`, { stopBefore: url => !atApp(url) });
        return page.stopped ? new URL(page.url).pathname : `still signed in (${page.status})`;
      })
      .toBe('/authorize');

    await teardown({ config, dir });
  } finally {
    await demoApp?.stop();
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  // Nothing left: no container of this project, no new network, nothing listening where the emulators were.
  expect(await harnessContainers()).toEqual(containersBefore);
  expect(await networkIds()).toEqual(networksBefore);
  expect(await refusesConnections(emulators.auth0.origin)).toBe(true);
  expect(await refusesConnections(emulators.okta.origin)).toBe(true);
});

test('without a CA given, the container makes its own: served at /_emulator/ca.pem, fingerprinted in its log, and trusted by a fresh Node process through the env', async () => {
  const seeds = JSON.parse(readFileSync(join(projectRoot, 'containers/seeds.example.json'), 'utf8')) as Seeds;
  const emulators = await new OktaWorkforceEmulators().withSeeds(seeds).start();
  try {
    const tls = await ensureLocalTls();
    expect(emulators.caCertPem).not.toBe(tls.caCertPem);
    const served = await (await fetchTrusting(emulators.caCertPem)(`${emulators.okta.origin}/_emulator/ca.pem`)).text();
    expect(served).toBe(emulators.caCertPem);
    const logs = await containerLog(emulators.container.getId());
    expect(logs).toContain(await certificateFingerprint(emulators.caCertPem));
    // No secret in the log.
    for (const secret of [emulators.env.OKTA_API_TOKEN, emulators.env.AUTH0_CLIENT_SECRET, emulators.env.EMULATOR_CONTROL_PLANE_TOKEN])
      expect(logs).not.toContain(secret);

    // Another project's process: only the returned variables, the official SDKs, no certificate check turned off.
    const script = `
      import okta from '@okta/okta-sdk-nodejs';
      import { ManagementClient } from 'auth0';
      const e = process.env;
      const users = [];
      for await (const u of await new okta.Client({ orgUrl: e.OKTA_ORG_URL, token: e.OKTA_API_TOKEN }).userApi.listUsers()) users.push(u.profile.login);
      const auth0 = new ManagementClient({ domain: e.AUTH0_DOMAIN, clientId: e.AUTH0_CLIENT_ID, clientSecret: e.AUTH0_CLIENT_SECRET });
      const connections = [];
      for await (const c of await auth0.connections.list()) if (c.strategy === 'okta') connections.push(c.name);
      console.log(JSON.stringify({ users, connections }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...emulators.env },
    });
    const seen = JSON.parse(stdout) as { users: string[]; connections: string[] };
    expect(seen.users).toContain('ada@example.com');
    expect(seen.connections).toEqual(['okta-workforce']);
    // What the seeds created, with the ids the APIs chose.
    expect(emulators.seeded?.okta.apps).toEqual([expect.objectContaining({ label: 'Auth0 connection', clientId: '0oaseededauth0conn' })]);
    expect(emulators.seeded?.auth0.applications[0]).toMatchObject({ name: 'My relying party', clientId: expect.stringMatching(/^\w{32}$/) });
  } finally {
    await emulators.stop();
  }
});

test('a configuration the emulators refuse fails the start with their message, and leaves no container', async () => {
  const before = await harnessContainers();
  const start = new OktaWorkforceEmulators().withEnvironment({ EMULATOR_CONTROL_PLANE_TOKEN: 'short' }).withStartupTimeout(30_000).start();
  await expect(start).rejects.toThrow(/exited \(status 1\)[\s\S]*EMULATOR_CONTROL_PLANE_TOKEN must be the control-plane token: 24 to 256 characters/);
  expect(await harnessContainers()).toEqual(before);
});
