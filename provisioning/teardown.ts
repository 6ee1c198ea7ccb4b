// Tear down the run the manifest names, in reverse order of creation: first the API (the
// applications' grants go with it), the Auth0 users that logins through the run's connection
// created, then the connection and the demo's two applications, then the Okta users (two DELETEs:
// deactivate, delete), the trusted origin, the app (deactivated before it is deleted) and, last, the
// sign-in policy the app used. 404 means done. The manifest shrinks as each resource goes, so an interrupted
// teardown resumes where it stopped. Finally a scan by the run's name prefix removes anything the
// manifest could not know about (e.g. a duplicate from a retried create); then manifest and
// run.env are removed. Running it again is a no-op.
// A manifest that names other tenants than the configuration (a typo in AUTH0_DOMAIN fixed since,
// say) is finished only where that is safe: on the sides whose tenant is the configured one; a side
// whose recorded tenant does not answer has nothing to remove; one that answers is another real
// tenant, and teardown refuses to touch the run (docs/testing.md, "Crash recovery").
import type { Client } from '@okta/okta-sdk-nodejs';
import type { ManagementClient } from 'auth0';
import type { HarnessConfig } from './config.ts';
import { CallCounter, type CallCounts } from './call-counter.ts';
import { ManifestJournal, readManifest, removeRunFiles, resolveDir, runEnvPath, sameTenants, type Manifest, type ManifestEntry } from './manifest.ts';
import { existsSync } from 'node:fs';
import { runNames } from './naming.ts';
import { WHAT, idsByName } from './resources.ts';
import { inStep, openManagementClients } from './management-clients.ts';
import { StepError } from './api-errors.ts';
import { probeAuth0Tenant, probeFetch, probeOktaOrg } from './tenant-probe.ts';
import { teardownCommand } from './recovery-commands.ts';
import type { OnProgress, ProgressAction } from './progress.ts';
import * as okta from './okta.ts';
import * as auth0 from './auth0.ts';
import * as auth0Api from './auth0-api.ts';

export interface TeardownOptions {
  config: HarnessConfig;
  dir?: string;
  onProgress?: OnProgress;
}

export interface TeardownItem {
  what: string;
  name: string;
  id?: string;
  result: 'deleted' | 'absent' | 'kept' | 'handed-over';
}

export interface TeardownSummary {
  /** undefined when there was no manifest (nothing to do). */
  runId?: string;
  items: TeardownItem[];
  /** Resources with the run's prefix the manifest did not list (removed too). */
  strays: number;
  calls: CallCounts;
  durationMs: number;
}

export class TeardownError extends Error {
  override name = 'TeardownError';
}

export async function teardown(options: TeardownOptions): Promise<TeardownSummary> {
  const started = performance.now();
  const { config } = options;
  const dir = resolveDir(options.dir);
  const progress: OnProgress = options.onProgress ?? (() => {});
  const manifest = readManifest(dir);
  if (!manifest) {
    // A run.env without a manifest names nothing we could remove; drop it so nobody uses stale credentials.
    if (existsSync(runEnvPath(dir))) removeRunFiles(dir);
    return { items: [], strays: 0, calls: new CallCounter().snapshot(), durationMs: Math.round(performance.now() - started) };
  }
  const journal = new ManifestJournal(manifest, dir);
  const unreachable = sameTenants(manifest, config) ? [] : await sidesThatNeverAnswer(manifest, config, dir);
  for (const entry of manifest.resources.filter(e => unreachable.includes(sideOf(e.kind)))) {
    progress({
      action: 'absent',
      what: WHAT[entry.kind],
      name: entry.name,
      id: entry.id,
      detail: `on ${tenantOf(manifest, sideOf(entry.kind))}, which does not answer: nothing to remove there`,
    });
    journal.remove(entry);
  }

  const items: TeardownItem[] = [];
  const report = (what: string, name: string, id: string | undefined, result: TeardownItem['result'], detail?: string) => {
    items.push({ what, name, id, result });
    const action: ProgressAction = result;
    progress({ action, what, name, id, detail });
  };

  const clients = openManagementClients(config);
  // One side failing (unreachable, missing permission) must not stop the other side's cleanup:
  // collect failures, keep the failed entries in the manifest, and report them all at the end.
  const failures: StepError[] = [];
  const attempt = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (error) {
      if (!(error instanceof StepError)) throw error;
      failures.push(error);
    }
  };
  try {
    for (const entry of teardownOrder(manifest.resources)) {
      const what = WHAT[entry.kind];
      await attempt(() =>
        inStep(`${what} ${entry.name}`, entry.kind.startsWith('okta') ? 'okta' : 'auth0', async () => {
          const ids = entry.id ? [entry.id] : await idsByName(clients.okta, clients.auth0, entry);
          if (!ids.length) report(what, entry.name, undefined, 'absent', 'never created');
          for (const id of ids) {
            if (entry.kind === 'okta.trustedOrigin') {
              await releaseOrigin(clients.okta, id, entry.name, manifest.runId, report);
              continue;
            }
            if (entry.kind === 'auth0.connection') await deleteConnectionUsers(clients.auth0, entry.name, report);
            report(what, entry.name, id, await deleteResource(clients.okta, clients.auth0, entry.kind, id));
          }
          journal.remove(entry);
        }),
      );
    }

    const prefix = runNames(manifest.runId).prefix;
    // What failed above stays in the manifest for the next teardown; the scan leaves it alone.
    const failed = new Set(manifest.resources.map(r => r.id).filter((id): id is string => !!id));
    let strays = 0;
    if (!unreachable.includes('auth0'))
      await attempt(async () => {
        strays += await inStep(`scan for ${prefix}* on Auth0`, 'auth0', () => removeAuth0Strays(clients.auth0, prefix, failed, report));
      });
    if (!unreachable.includes('okta'))
      await attempt(async () => {
        strays += await inStep(`scan for ${prefix}* on Okta`, 'okta', () => removeOktaStrays(clients.okta, manifest.runId, failed, report));
      });
    if (failures.length) {
      throw new TeardownError(`teardown of run ${manifest.runId} is incomplete:\n  - ${failures.map(f => f.message).join('\n  - ')}`);
    }
    removeRunFiles(dir);
    return { runId: manifest.runId, items, strays, calls: clients.counter.snapshot(), durationMs: Math.round(performance.now() - started) };
  } finally {
    clients.close();
  }
}

/**
 * Reverse order of creation, except that the sign-in policy goes last: Okta refuses to delete a
 * policy an app still uses (and a manifest written before the policy existed lists it after the app).
 */
function teardownOrder(resources: ManifestEntry[]): ManifestEntry[] {
  const reversed = [...resources].reverse();
  return [...reversed.filter(e => e.kind !== 'okta.signInPolicy'), ...reversed.filter(e => e.kind === 'okta.signInPolicy')];
}

type TenantSide = 'okta' | 'auth0';

function sideOf(kind: ManifestEntry['kind']): TenantSide {
  return kind.startsWith('okta') ? 'okta' : 'auth0';
}

function tenantOf(manifest: Manifest, side: TenantSide): string {
  return side === 'okta' ? manifest.oktaOrgUrl : manifest.auth0Domain;
}

/**
 * The sides of a manifest that name another tenant than the configuration and whose tenant does not
 * answer (never existed, or is gone): nothing there can be removed, nor needs to be. A side naming
 * another tenant that does answer is refused: that run's resources live on a real tenant this
 * configuration has no business deleting from.
 */
async function sidesThatNeverAnswer(manifest: Manifest, config: HarnessConfig, dir: string): Promise<TenantSide[]> {
  const transport = probeFetch(config);
  const differing: TenantSide[] = [];
  if (manifest.target !== config.target || manifest.auth0Domain !== config.auth0.domain) differing.push('auth0');
  if (manifest.target !== config.target || manifest.oktaOrgUrl !== config.okta.orgUrl) differing.push('okta');
  const probes = await Promise.all(
    differing.map(side => (side === 'auth0' ? probeAuth0Tenant(manifest.auth0Domain, transport) : probeOktaOrg(manifest.oktaOrgUrl, transport))),
  );
  const answering = differing.filter((_, i) => probes[i].answers);
  if (answering.length) {
    throw new TeardownError(
      `${dir}/manifest.json belongs to run ${manifest.runId} on the ${manifest.target} target (Auth0 ${manifest.auth0Domain}, Okta ${manifest.oktaOrgUrl}), ` +
        `and ${answering.map(side => tenantOf(manifest, side)).join(' and ')} still answer${answering.length === 1 ? 's' : ''}, but this configuration points at the ${config.target} target ` +
        `(Auth0 ${config.auth0.domain}, Okta ${config.okta.orgUrl}). Tear that run down with its own configuration (\`${teardownCommand({ target: manifest.target, dir })}\` with its variables), ` +
        `or sweep it there later (\`npm run sweep -- --yes\`).`,
    );
  }
  return differing;
}

type Report = (what: string, name: string, id: string | undefined, result: TeardownItem['result'], detail?: string) => void;

/** The trusted origin may be shared with concurrent runs: hand it over, delete it, or leave it to its holder. */
async function releaseOrigin(client: Client, id: string, name: string, runId: string, report: Report, detail?: string): Promise<void> {
  const released = await okta.releaseTrustedOrigin(client, id, holder => holder === runId);
  if (released.result === 'handed-over') report('okta trusted origin', name, id, 'handed-over', `still used by run ${released.to}: renamed ${released.name}`);
  else report('okta trusted origin', name, id, released.result, released.result === 'kept' ? 'held by another run or not a harness resource' : detail);
}

async function deleteResource(oktaClient: Client, mgmt: ManagementClient, kind: ManifestEntry['kind'], id: string): Promise<'deleted' | 'absent'> {
  switch (kind) {
    case 'okta.signInPolicy':
      return okta.deleteSignInPolicy(oktaClient, id);
    case 'okta.app':
      return okta.deleteOktaApp(oktaClient, id);
    case 'okta.trustedOrigin':
      return okta.deleteTrustedOrigin(oktaClient, id);
    case 'okta.user':
      return okta.deleteOktaUser(oktaClient, id);
    case 'auth0.client':
      return auth0.deleteAuth0Client(mgmt, id);
    case 'auth0.connection':
      return auth0.deleteAuth0Connection(mgmt, id);
    case 'auth0.api':
      return auth0Api.deleteAuth0Api(mgmt, id);
  }
}

/** Users created by logins through the connection (user_id okta|<connection>|<okta sub>). */
async function deleteConnectionUsers(mgmt: ManagementClient, connectionName: string, report: Report): Promise<void> {
  for (const user of await auth0.listConnectionUsers(mgmt, connectionName)) {
    report('auth0 user', user.email ?? user.user_id!, user.user_id, await auth0.deleteAuth0User(mgmt, user.user_id!), `signed in through ${connectionName}`);
  }
}

/** Anything still named with the run's prefix: APIs, connections (with their users) and clients. */
async function removeAuth0Strays(mgmt: ManagementClient, prefix: string, skip: Set<string>, report: Report): Promise<number> {
  let count = 0;
  for (const api of await auth0Api.listAuth0ApisWithPrefix(mgmt, prefix)) {
    if (skip.has(api.id!)) continue;
    report('auth0 api', api.name!, api.id!, await auth0Api.deleteAuth0Api(mgmt, api.id!), 'not in the manifest');
    count++;
  }
  for (const c of await auth0.listAuth0ConnectionsWithPrefix(mgmt, prefix)) {
    if (skip.has(c.id!)) continue;
    await deleteConnectionUsers(mgmt, c.name!, report);
    report('auth0 connection', c.name!, c.id!, await auth0.deleteAuth0Connection(mgmt, c.id!), 'not in the manifest');
    count++;
  }
  for (const c of await auth0.listAuth0ClientsWithPrefix(mgmt, prefix)) {
    if (skip.has(c.client_id!)) continue;
    report('auth0 client', c.name!, c.client_id!, await auth0.deleteAuth0Client(mgmt, c.client_id!), 'not in the manifest');
    count++;
  }
  return count;
}

/** Anything still named with the run's prefix: users, groups, trusted origins, apps, then sign-in policies. */
async function removeOktaStrays(client: Client, runId: string, skip: Set<string>, report: Report): Promise<number> {
  const prefix = runNames(runId).prefix;
  let count = 0;
  const stray = async (what: string, name: string, id: string, remove: () => Promise<'deleted' | 'absent'>) => {
    if (skip.has(id)) return;
    report(what, name, id, await remove(), 'not in the manifest');
    count++;
  };
  for (const u of await okta.listOktaUsersWithPrefix(client, prefix))
    await stray('okta user', u.profile!.login!, u.id!, () => okta.deleteOktaUser(client, u.id!));
  for (const g of await okta.listOktaGroupsWithPrefix(client, prefix))
    await stray('okta group', g.profile!.name!, g.id!, () => okta.deleteOktaGroup(client, g.id!));
  for (const t of await okta.listTrustedOriginsWithPrefix(client, prefix)) {
    if (skip.has(t.id!)) continue;
    await releaseOrigin(client, t.id!, t.name!, runId, report, 'not in the manifest');
    count++;
  }
  for (const a of await okta.listOktaAppsWithPrefix(client, prefix)) await stray('okta app', a.label, a.id!, () => okta.deleteOktaApp(client, a.id!));
  for (const p of await okta.listSignInPoliciesWithPrefix(client, prefix))
    await stray('okta sign-in policy', p.name, p.id!, () => okta.deleteSignInPolicy(client, p.id!));
  return count;
}
