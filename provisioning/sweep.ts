// Sweep: remove leftovers of crashed runs from shared tenants. Finds every resource named
// `harness-<runid>-…` on both sides (Okta apps, users, trusted origins, groups, sign-in policies;
// Auth0 clients, APIs, connections and the users of those connections), judges its age from the run
// id in its name, and removes those older than `olderThanMs`. A dry run (the default) only lists
// them. Never touches a name without the prefix and a parsable run id, nor the current manifest's
// run unless asked to.
import type { HarnessConfig } from './config.ts';
import type { CallCounts } from './call-counter.ts';
import { ManifestError, readManifest } from './manifest.ts';
import { RESOURCE_PREFIX, runIdOfName, runIdTime } from './naming.ts';
import { inStep, openManagementClients } from './management-clients.ts';
import type { OnProgress } from './progress.ts';
import * as okta from './okta.ts';
import * as auth0 from './auth0.ts';
import * as auth0Api from './auth0-api.ts';

export interface SweepOptions {
  config: HarnessConfig;
  /** Remove runs whose id is older than this. */
  olderThanMs: number;
  /** List only (the default). */
  dryRun?: boolean;
  /** Also remove the run named by the current manifest (default: leave it alone). */
  includeCurrent?: boolean;
  /** Harness directory whose manifest names the current run. */
  dir?: string;
  /** Clock, for tests. */
  now?: number;
  onProgress?: OnProgress;
}

export interface SweepItem {
  what: string;
  name: string;
  id: string;
  runId: string;
  ageMs: number;
}

export interface SweepSummary {
  dryRun: boolean;
  /** Stale resources: removed, or (dry run) that would be. */
  stale: SweepItem[];
  /** Prefixed resources left alone: too young, the current run, or no parsable run id. */
  keptCount: number;
  calls: CallCounts;
  durationMs: number;
}

interface Candidate {
  what: string;
  name: string;
  id: string;
  remove: () => Promise<'deleted' | 'absent' | { handedOverTo: string }>;
  /** Trusted origins: the run that would take it over instead of a delete (dry run). */
  wouldHandOver?: () => Promise<string | undefined>;
}

export async function sweep(options: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const { config, olderThanMs } = options;
  const dryRun = options.dryRun ?? true;
  const now = options.now ?? Date.now();
  const progress: OnProgress = options.onProgress ?? (() => {});
  if (!(olderThanMs >= 0)) throw new RangeError('olderThanMs must be a non-negative number of milliseconds');
  let currentRunId: string | undefined;
  if (!options.includeCurrent) {
    try {
      currentRunId = readManifest(options.dir)?.runId;
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      progress({ action: 'note', what: 'manifest', name: 'unreadable', detail: `${error.message.split(';')[0]}; sweeping without excluding a current run` });
    }
  }

  const stale: SweepItem[] = [];
  let keptCount = 0;
  const clients = openManagementClients(config);
  const { okta: oktaClient, auth0: mgmt } = clients;

  const ageOf = (runId: string) => now - runIdTime(runId)!.getTime();
  const isStale = (runId: string) => runId !== currentRunId && ageOf(runId) > olderThanMs;

  // Judge one resource by the run id in its name; remove it (or say it would) when stale.
  const consider = async (c: Candidate) => {
    const runId = runIdOfName(c.name);
    if (!runId) {
      keptCount++;
      progress({ action: 'skipped', what: c.what, name: c.name, id: c.id, detail: 'no run id in the name' });
      return false;
    }
    const ageMs = ageOf(runId);
    if (runId === currentRunId) {
      keptCount++;
      progress({ action: 'skipped', what: c.what, name: c.name, id: c.id, detail: 'current run (--include-current to remove)' });
      return false;
    }
    if (ageMs <= olderThanMs) {
      keptCount++;
      return false;
    }
    stale.push({ what: c.what, name: c.name, id: c.id, runId, ageMs });
    const detail = `${formatAge(ageMs)} old`;
    if (dryRun) {
      const heir = await c.wouldHandOver?.();
      progress({
        action: 'would-delete',
        what: c.what,
        name: c.name,
        id: c.id,
        detail: heir ? `${detail}; still used by run ${heir}: would be handed over to it` : detail,
      });
      return true;
    }
    const result = await c.remove();
    if (typeof result === 'object')
      progress({
        action: 'handed-over',
        what: c.what,
        name: c.name,
        id: c.id,
        detail: `${detail}; still used by run ${result.handedOverTo}: handed over to it`,
      });
    else progress({ action: result, what: c.what, name: c.name, id: c.id, detail });
    return true;
  };

  try {
    // Auth0 first (its connection points at the Okta app), users of a connection before the connection.
    await inStep('sweep Auth0', 'auth0', async () => {
      for (const c of await auth0.listAuth0ConnectionsWithPrefix(mgmt, RESOURCE_PREFIX)) {
        const runId = runIdOfName(c.name);
        if (runId && isStale(runId)) {
          for (const u of await auth0.listConnectionUsers(mgmt, c.name!)) {
            const label = `${c.name} user ${u.email ?? u.user_id}`;
            stale.push({ what: 'auth0 user', name: label, id: u.user_id!, runId, ageMs: ageOf(runId) });
            if (dryRun) progress({ action: 'would-delete', what: 'auth0 user', name: label, id: u.user_id });
            else
              progress({
                action: (await auth0.deleteAuth0User(mgmt, u.user_id!)) === 'deleted' ? 'deleted' : 'absent',
                what: 'auth0 user',
                name: label,
                id: u.user_id,
              });
          }
        }
        await consider({ what: 'auth0 connection', name: c.name!, id: c.id!, remove: () => auth0.deleteAuth0Connection(mgmt, c.id!) });
      }
      for (const api of await auth0Api.listAuth0ApisWithPrefix(mgmt, RESOURCE_PREFIX)) {
        await consider({ what: 'auth0 api', name: api.name!, id: api.id!, remove: () => auth0Api.deleteAuth0Api(mgmt, api.id!) });
      }
      for (const c of await auth0.listAuth0ClientsWithPrefix(mgmt, RESOURCE_PREFIX)) {
        await consider({ what: 'auth0 client', name: c.name!, id: c.client_id!, remove: () => auth0.deleteAuth0Client(mgmt, c.client_id!) });
      }
    });
    await inStep('sweep Okta', 'okta', async () => {
      for (const a of await okta.listOktaAppsWithPrefix(oktaClient, RESOURCE_PREFIX)) {
        await consider({ what: 'okta app', name: a.label, id: a.id!, remove: () => okta.deleteOktaApp(oktaClient, a.id!) });
      }
      for (const u of await okta.listOktaUsersWithPrefix(oktaClient, RESOURCE_PREFIX)) {
        await consider({ what: 'okta user', name: u.profile!.login!, id: u.id!, remove: () => okta.deleteOktaUser(oktaClient, u.id!) });
      }
      // A stale run's trusted origin may be shared with younger runs: hand it over instead (see okta.ts).
      for (const t of await okta.listTrustedOriginsWithPrefix(oktaClient, RESOURCE_PREFIX)) {
        const heir = async () => (await okta.harnessRunsUsingOrigin(oktaClient, t.origin!.replace(/\/$/, ''), isStale))[0];
        await consider({
          what: 'okta trusted origin',
          name: t.name!,
          id: t.id!,
          remove: async () => {
            const released = await okta.releaseTrustedOrigin(oktaClient, t.id!, isStale);
            if (released.result === 'handed-over') return { handedOverTo: released.to };
            return released.result === 'kept' ? 'absent' : released.result;
          },
          wouldHandOver: heir,
        });
      }
      for (const g of await okta.listOktaGroupsWithPrefix(oktaClient, RESOURCE_PREFIX)) {
        await consider({ what: 'okta group', name: g.profile!.name!, id: g.id!, remove: () => okta.deleteOktaGroup(oktaClient, g.id!) });
      }
      // After the apps: Okta refuses to delete a policy an app still uses.
      for (const p of await okta.listSignInPoliciesWithPrefix(oktaClient, RESOURCE_PREFIX)) {
        await consider({ what: 'okta sign-in policy', name: p.name, id: p.id!, remove: () => okta.deleteSignInPolicy(oktaClient, p.id!) });
      }
    });
    return { dryRun, stale, keptCount, calls: clients.counter.snapshot(), durationMs: Math.round(performance.now() - started) };
  } finally {
    clients.close();
  }
}

function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}
