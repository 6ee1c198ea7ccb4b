// Conformance of the Auth0 tenant emulator's Management API with recorded real-tenant traffic
// (the Auth0 Terraform provider's acceptance-test recordings, conformance/recordings/). Every
// recording is replayed against a fresh emulator pair; the figures per area are printed and the
// differences must be exactly the known, explained ones.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '../fixtures/emulators.ts';
import { loadGoVcrCassette } from './cassette.ts';
import { checkKnownDifferences, describeResult, figuresByArea, formatFigures, replayCassette, type InteractionResult } from './replay.ts';
import { auth0ManagementTarget } from './auth0/management-target.ts';
import { AUTH0_KNOWN_DIFFERENCES, AUTH0_LATER_ADDITIONS } from './auth0/known-differences.ts';
import { startEmulators } from '../emulators/start.ts';
import { EPHEMERAL_TOPOLOGY } from '../fixtures/emulators.ts';

const RECORDINGS = join(import.meta.dirname, 'recordings', 'auth0-terraform-provider');

test('the Auth0 Management API answers the recorded real-tenant traffic with the same statuses and shapes', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const results: InteractionResult[] = [];
  for (const file of readdirSync(RECORDINGS)
    .filter(f => f.endsWith('.yaml'))
    .sort()) {
    const cassette = loadGoVcrCassette(join(RECORDINGS, file));
    // A fresh tenant per recording. The recordings were made at the pace of a real network; the
    // replay is faster, so the tenant's per-second rate limit (tested elsewhere) is lifted.
    const emulators = await startEmulators({ topology: EPHEMERAL_TOPOLOGY, auth0: { behaviour: { managementRateLimitPerSecond: 100_000 } } });
    try {
      results.push(...(await replayCassette(cassette, await auth0ManagementTarget(emulators), AUTH0_LATER_ADDITIONS)));
    } finally {
      await emulators.close();
    }
  }
  const figures = figuresByArea(results);
  const adjusted = results.filter(r => r.laterAdditions.length).length;
  const report =
    `${formatFigures(figures)}\n` +
    `(${adjusted} interactions of recordings older than a tenant change matched once the members added since were set aside: conformance/auth0/known-differences.ts)`;
  console.log(`Auth0 Management API conformance (${results.length} recorded interactions):\n${report}`);
  await testInfo.attach('figures', { body: report, contentType: 'text/plain' });

  const check = checkKnownDifferences(results, AUTH0_KNOWN_DIFFERENCES);
  expect(check.unexplained.map(describeResult), 'differences from the recordings that no known difference explains').toEqual([]);
  expect(
    check.stale.map(s => `${s.known.cassette}#${s.index}: ${s.known.why}`),
    'known differences that no longer occur: remove them',
  ).toEqual([]);
  for (const later of AUTH0_LATER_ADDITIONS) {
    const seen = results.filter(r => later.cassettes.includes(r.cassette) && r.laterAdditions.length).length;
    expect(seen, `later addition ${later.members.join(', ')} no longer needed for ${later.cassettes.join(', ')}: remove it`).toBeGreaterThan(0);
  }
  const all = figures.at(-1)!;
  expect(all.statusMatches, 'every recorded status').toBe(all.interactions);
  expect(all.keySetMatches / all.interactions, 'key-set match').toBeGreaterThanOrEqual(0.95);
});
