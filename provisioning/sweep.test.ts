// Sweep removes stale harness- runs on both sides and nothing else: not resources without the
// prefix, not prefixed names without a run id, not younger runs, not the current run (unless asked).
import { randomBytes } from 'node:crypto';
import type { OpenIdConnectApplication } from '@okta/okta-sdk-nodejs';
import { test, expect, extraDir, resourcesNamed } from '../fixtures/provisioning.ts';
import { provision } from './provision.ts';
import { teardown } from './teardown.ts';
import { sweep } from './sweep.ts';
import { newRunId, runNames } from './naming.ts';
import { parseDuration } from './duration.ts';

const SIX_HOURS = parseDuration('6h');

test('sweep lists (dry run) then removes stale harness- runs on both sides, and leaves everything else alone', async ({
  config,
  dir,
  oktaAdmin,
  auth0Admin,
  emulators,
}) => {
  test.setTimeout(60_000);
  // A run from two days ago that crashed without teardown, plus a group a spec left behind.
  const staleId = newRunId(new Date(Date.now() - 2 * 86_400_000));
  const staleDir = extraDir(dir, 'stale');
  await provision({ config, dir: staleDir, runId: staleId });
  await oktaAdmin.groupApi.createGroup({ group: { profile: { name: `harness-${staleId}-group` } } });
  // A younger run (1 h) that is not the current one, and the current run of `dir`.
  const youngId = newRunId(new Date(Date.now() - 3_600_000));
  const youngDir = extraDir(dir, 'young');
  await provision({ config, dir: youngDir, runId: youngId });
  const current = await provision({ config, dir });
  // Look-alikes that must survive: no prefix, and the prefix without a run id.
  const tag = randomBytes(4).toString('hex');
  const keep = await createLookAlikes(oktaAdmin, auth0Admin, emulators.okta.domain, [`keep-${tag}`, `harness-nightly-${tag}`]);

  const stalePrefix = runNames(staleId).prefix;
  const staleBefore = await resourcesNamed(oktaAdmin, auth0Admin, stalePrefix);
  expect(staleBefore).toHaveLength(11); // sign-in policy, app, trusted origin, user, 2 clients, connection, API and its 2 grants, group

  const dry = await sweep({ config, olderThanMs: SIX_HOURS, dryRun: true, dir });
  // Client grants go with their application and API: sweep names neither.
  const sweptLines = staleBefore.filter(l => !l.startsWith('auth0 client grant '));
  expect(dry.stale.map(s => s.id).sort()).toEqual(sweptLines.map(l => l.split(' ').at(-1)).sort());
  expect(dry.stale.every(s => s.runId === staleId)).toBe(true);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, stalePrefix)).toEqual(staleBefore); // a dry run deletes nothing

  // Okta has one trusted origin per origin: the younger runs share the stale run's one.
  const youngPrefix = runNames(youngId).prefix;
  const currentPrefix = runNames(current.runId).prefix;
  expect(await resourcesNamed(oktaAdmin, auth0Admin, youngPrefix)).toHaveLength(9); // sign-in policy, app, user, 2 clients, connection, API, 2 grants
  expect(await resourcesNamed(oktaAdmin, auth0Admin, currentPrefix)).toHaveLength(9);

  const done = await sweep({ config, olderThanMs: SIX_HOURS, dryRun: false, dir });
  expect(done.stale).toHaveLength(9);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, stalePrefix)).toEqual([]);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, youngPrefix)).toHaveLength(9);
  // The shared trusted origin was handed to the newest run still using it, not deleted.
  const currentAfter = await resourcesNamed(oktaAdmin, auth0Admin, currentPrefix);
  expect(currentAfter).toHaveLength(10);
  expect(currentAfter.filter(l => l.startsWith('okta trusted origin '))).toEqual([expect.stringContaining(runNames(current.runId).oktaTrustedOrigin)]);
  for (const name of [`keep-${tag}`, `harness-nightly-${tag}`]) expect(await resourcesNamed(oktaAdmin, auth0Admin, name)).toEqual(keep[name]);

  // With no age limit the younger run goes too, but never the current one unless asked.
  await sweep({ config, olderThanMs: 0, dryRun: false, dir });
  expect(await resourcesNamed(oktaAdmin, auth0Admin, youngPrefix)).toEqual([]);
  expect(await resourcesNamed(oktaAdmin, auth0Admin, currentPrefix)).toHaveLength(10);
  await sweep({ config, olderThanMs: 0, dryRun: false, dir, includeCurrent: true });
  expect(await resourcesNamed(oktaAdmin, auth0Admin, currentPrefix)).toEqual([]);
  for (const name of [`keep-${tag}`, `harness-nightly-${tag}`]) expect(await resourcesNamed(oktaAdmin, auth0Admin, name)).toEqual(keep[name]);
  // Nor ever what every Okta org holds: the API token's owner and the Everyone group.
  expect((await oktaAdmin.userApi.getUser({ userId: 'me' })).status).toBe('ACTIVE');
  const everyone = [];
  for await (const group of await oktaAdmin.groupApi.listGroups({ filter: 'type eq "BUILT_IN"' })) everyone.push(group!.profile?.name);
  expect(everyone).toEqual(['Everyone']);

  // The current run's manifest still exists; teardown finds everything already gone (Auth0 answers
  // 204 to a DELETE of a connection deleted before, so that one cannot be told apart).
  const summary = await teardown({ config, dir });
  expect(summary.items.filter(i => i.result !== 'absent').map(i => i.what)).toEqual(['auth0 connection']);
  expect(summary.strays).toBe(0);
  await removeLookAlikes(oktaAdmin, auth0Admin, Object.values(keep).flat());
});

/** One of each kind sweep looks at, named `name…`, created through the SDKs. */
async function createLookAlikes(
  oktaAdmin: import('@okta/okta-sdk-nodejs').Client,
  auth0Admin: import('auth0').ManagementClient,
  oktaDomain: string,
  names: string[],
) {
  const result: Record<string, string[]> = {};
  for (const name of names) {
    const app = await oktaAdmin.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: `${name}-app`,
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_post' } },
        settings: {
          oauthClient: { application_type: 'web', grant_types: ['authorization_code'], response_types: ['code'], redirect_uris: ['https://rp.example/cb'] },
        },
      } as OpenIdConnectApplication,
    });
    const login = `${name}-user@example.test`;
    await oktaAdmin.userApi.createUser({ body: { profile: { login, email: login, firstName: 'Keep', lastName: 'Me' } }, activate: false });
    await oktaAdmin.trustedOriginApi.createTrustedOrigin({
      trustedOrigin: { name: `${name}-origin`, origin: `https://${name}.example`, scopes: [{ type: 'CORS' }] } as never,
    });
    await oktaAdmin.groupApi.createGroup({ group: { profile: { name: `${name}-group` } } });
    await auth0Admin.clients.create({ name: `${name}-client`, app_type: 'regular_web' });
    const oauth = (app as OpenIdConnectApplication).credentials.oauthClient!;
    await auth0Admin.connections.create({
      name: `${name}-conn`,
      strategy: 'okta',
      options: { domain: oktaDomain, client_id: oauth.client_id, client_secret: oauth.client_secret, scope: 'openid profile email' },
    } as never);
    result[name] = await resourcesNamed(oktaAdmin, auth0Admin, name);
    expect(result[name]).toHaveLength(6);
  }
  return result;
}

async function removeLookAlikes(oktaAdmin: import('@okta/okta-sdk-nodejs').Client, auth0Admin: import('auth0').ManagementClient, lines: string[]) {
  for (const line of lines) {
    const id = line.split(' ').at(-1)!;
    if (line.startsWith('okta app ')) {
      await oktaAdmin.applicationApi.deactivateApplication({ appId: id });
      await oktaAdmin.applicationApi.deleteApplication({ appId: id });
    } else if (line.startsWith('okta user ')) {
      await oktaAdmin.userApi.deleteUser({ userId: id });
      await oktaAdmin.userApi.deleteUser({ userId: id });
    } else if (line.startsWith('okta trusted origin ')) await oktaAdmin.trustedOriginApi.deleteTrustedOrigin({ trustedOriginId: id });
    else if (line.startsWith('okta group ')) await oktaAdmin.groupApi.deleteGroup({ groupId: id });
    else if (line.startsWith('auth0 client ')) await auth0Admin.clients.delete(id);
    else if (line.startsWith('auth0 connection ')) await auth0Admin.connections.delete(id);
  }
}
