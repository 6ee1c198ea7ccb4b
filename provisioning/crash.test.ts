// A run that dies at any step leaves a manifest naming exactly what exists, and teardown removes
// it all. Failures are injected through the emulators' control plane (the next matching call
// fails, beyond what the SDKs retry), by killing the real CLI mid-run, and by a manifest whose
// creates never reported back (pending entries, found by name).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, resourcesNamed, runCli, type FaultRule } from '../fixtures/provisioning.ts';
import { provision } from './provision.ts';
import { teardown, TeardownError } from './teardown.ts';
import { readManifest, type Manifest } from './manifest.ts';
import { runNames } from './naming.ts';
import { StepError } from './api-errors.ts';
import { AUTH0_MAX_RETRIES } from './auth0-client.ts';

interface CrashPoint {
  step: string;
  side: 'okta' | 'auth0';
  rule: FaultRule;
  /** Manifest kinds that must exist (created) when the run stops. */
  created: string[];
  /** The kind written ahead as pending when the failing call was a create. */
  pending?: string;
}

// Okta's SDK retries only 429s, so a 500 stops the run at once. Auth0's SDK retries 429 and 5xx
// with back-off: a 429 burst longer than its retries, or a status it never retries (403).
const CRASH_POINTS: CrashPoint[] = [
  { step: 'okta sign-in policy', side: 'okta', rule: { method: 'POST', path: '^/api/v1/policies$', status: 500 }, created: [], pending: 'okta.signInPolicy' },
  { step: 'okta app', side: 'okta', rule: { method: 'POST', path: '^/api/v1/apps$', status: 500 }, created: ['okta.signInPolicy'], pending: 'okta.app' },
  {
    step: 'okta app',
    side: 'okta',
    rule: { method: 'PUT', path: '^/api/v1/apps/[^/]+/policies/[^/]+$', status: 500 },
    created: ['okta.signInPolicy', 'okta.app'],
  },
  {
    step: 'okta trusted origin',
    side: 'okta',
    rule: { method: 'POST', path: '^/api/v1/trustedOrigins$', status: 500 },
    created: ['okta.signInPolicy', 'okta.app'],
    pending: 'okta.trustedOrigin',
  },
  {
    step: 'okta user',
    side: 'okta',
    rule: { method: 'POST', path: '^/api/v1/users$', status: 500 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin'],
    pending: 'okta.user',
  },
  {
    step: 'okta user',
    side: 'okta',
    rule: { method: 'POST', path: '^/api/v1/apps/[^/]+/users$', status: 500 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin', 'okta.user'],
  },
  {
    step: 'auth0 client',
    side: 'auth0',
    rule: { method: 'POST', path: '^/api/v2/clients$', status: 403 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin', 'okta.user'],
    pending: 'auth0.client',
  },
  {
    step: 'auth0 connection',
    side: 'auth0',
    rule: { method: 'POST', path: '^/api/v2/connections$', status: 429, times: AUTH0_MAX_RETRIES + 1, retryAfterSeconds: 0 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin', 'okta.user', 'auth0.client', 'auth0.client'],
    pending: 'auth0.connection',
  },
  {
    step: 'auth0 connection',
    side: 'auth0',
    rule: { method: 'PATCH', path: '^/api/v2/connections/[^/]+/clients$', status: 403 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin', 'okta.user', 'auth0.client', 'auth0.client', 'auth0.connection'],
  },
  {
    step: 'auth0 api',
    side: 'auth0',
    rule: { method: 'POST', path: '^/api/v2/resource-servers$', status: 403 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin', 'okta.user', 'auth0.client', 'auth0.client', 'auth0.connection'],
    pending: 'auth0.api',
  },
  {
    step: 'auth0 api access',
    side: 'auth0',
    rule: { method: 'POST', path: '^/api/v2/client-grants$', status: 403 },
    created: ['okta.signInPolicy', 'okta.app', 'okta.trustedOrigin', 'okta.user', 'auth0.client', 'auth0.client', 'auth0.connection', 'auth0.api'],
  },
];

/** The manifest names every resource that exists, and every resource it calls created exists. */
async function expectManifestNamesWhatExists(manifest: Manifest, existing: string[]) {
  const existingIds = existing.map(line => line.split(' ').at(-1)!).sort();
  const manifestIds = manifest.resources
    .filter(r => r.status === 'created')
    .map(r => r.id!)
    .sort();
  expect(manifestIds).toEqual(existingIds);
}

for (const [i, point] of CRASH_POINTS.entries()) {
  test(`crash at step ${i + 1} (${point.step}, ${point.rule.method} ${point.rule.path} → ${point.rule.status}): the manifest names what exists, teardown removes it`, async ({
    config,
    dir,
    fault,
    oktaAdmin,
    auth0Admin,
  }) => {
    test.setTimeout(60_000);
    await fault(point.side, { times: 1, ...point.rule });
    const failure = await provision({ config, dir }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StepError);
    expect((failure as StepError).message).toContain(point.step);
    expect((failure as StepError).message).toContain(String(point.rule.status));

    const manifest = readManifest(dir)!;
    const prefix = runNames(manifest.runId).prefix;
    expect(manifest.resources.filter(r => r.status === 'created').map(r => r.kind)).toEqual(point.created);
    expect(manifest.resources.filter(r => r.status === 'pending').map(r => r.kind)).toEqual(point.pending ? [point.pending] : []);
    await expectManifestNamesWhatExists(manifest, await resourcesNamed(oktaAdmin, auth0Admin, prefix));

    await teardown({ config, dir });
    expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
    expect(readManifest(dir)).toBeUndefined();
  });
}

test('creates that never reported back (pending entries) are found by name and removed', async ({ config, dir, oktaAdmin, auth0Admin }) => {
  const { runId } = await provision({ config, dir });
  const prefix = runNames(runId).prefix;
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toHaveLength(10); // … and the API's two client grants
  // As if the process had died between each create and its response: names, no ids.
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  for (const r of manifest.resources) {
    r.status = 'pending';
    delete r.id;
  }
  writeFileSync(path, JSON.stringify(manifest));

  const summary = await teardown({ config, dir });
  expect(summary.items.filter(i => i.result === 'deleted').map(i => i.what)).toEqual([
    'auth0 api',
    'auth0 connection',
    'auth0 client',
    'auth0 client',
    'okta user',
    'okta trusted origin',
    'okta app',
    'okta sign-in policy',
  ]);
  expect(summary.strays).toBe(0);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
});

test('the CLI killed (SIGKILL) right after the Okta side leaves a manifest that teardown finishes', async ({ dir, oktaAdmin, auth0Admin }) => {
  test.setTimeout(90_000);
  const killed = await runCli(['provision'], { dir, killWhen: /✓ okta user / });
  expect(killed.signal).toBe('SIGKILL');
  const manifest = readManifest(dir)!;
  const prefix = runNames(manifest.runId).prefix;
  const existing = await resourcesNamed(oktaAdmin, auth0Admin, prefix);
  expect(existing.length).toBeGreaterThanOrEqual(4);
  // Whatever the process managed before it died, a pending entry at most is unresolved by id.
  const unresolved = manifest.resources.filter(r => r.status === 'pending');
  expect(unresolved.length).toBeLessThanOrEqual(1);
  if (!unresolved.length) await expectManifestNamesWhatExists(manifest, existing);

  const result = await runCli(['teardown'], { dir });
  expect(result.code, result.stderr).toBe(0);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
  expect(readManifest(dir)).toBeUndefined();
});

test('teardown carries on with one side when the other fails, keeps what is left in the manifest, and finishes on the next run', async ({
  config,
  dir,
  fault,
  oktaAdmin,
  auth0Admin,
}) => {
  const { runId } = await provision({ config, dir });
  const prefix = runNames(runId).prefix;
  await fault('auth0', { method: 'DELETE', path: '^/api/v2/clients/', status: 403 });

  const failure = await teardown({ config, dir }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(TeardownError);
  expect((failure as Error).message).toContain('auth0 client');
  // The Okta side, the API, the connection and the demo app are gone; only the client whose delete
  // failed (the single-page app, removed first) is left, and the manifest says so.
  expect((await resourcesNamed(oktaAdmin, auth0Admin, prefix)).map(l => l.split(' ').slice(0, 3).join(' '))).toEqual([
    `auth0 client ${runNames(runId).auth0SpaClient}`,
  ]);
  expect(readManifest(dir)!.resources.map(r => r.kind)).toEqual(['auth0.client']);

  await teardown({ config, dir });
  expect(await resourcesNamed(oktaAdmin, auth0Admin, prefix)).toEqual([]);
});
