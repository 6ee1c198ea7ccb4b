// What the current run has, checked against the tenants: each manifest entry looked up by id
// (or, when pending, by name).
import type { HarnessConfig } from './config.ts';
import type { CallCounts } from './call-counter.ts';
import { readManifest, resolveDir, runEnvPath, type Manifest, type ManifestEntry } from './manifest.ts';
import { existsSync } from 'node:fs';
import { inStep, openManagementClients } from './management-clients.ts';
import type { OnProgress } from './progress.ts';
import { WHAT, idsByName } from './resources.ts';
import * as okta from './okta.ts';
import * as auth0 from './auth0.ts';
import * as auth0Api from './auth0-api.ts';

export interface StatusOptions {
  config: HarnessConfig;
  dir?: string;
  onProgress?: OnProgress;
}

export interface ResourceStatus extends ManifestEntry {
  exists: boolean;
  /** The id found by name, for a pending entry. */
  foundId?: string;
}

export interface StatusReport {
  manifest?: Manifest;
  resources: ResourceStatus[];
  runEnvPresent: boolean;
  calls: CallCounts;
}

export async function status(options: StatusOptions): Promise<StatusReport> {
  const dir = resolveDir(options.dir);
  const progress: OnProgress = options.onProgress ?? (() => {});
  const manifest = readManifest(dir);
  const runEnvPresent = existsSync(runEnvPath(dir));
  const clients = openManagementClients(options.config);
  try {
    const resources: ResourceStatus[] = [];
    for (const entry of manifest?.resources ?? []) {
      const side = entry.kind.startsWith('okta') ? 'okta' : 'auth0';
      const what = WHAT[entry.kind];
      const foundId = await inStep(`${what} ${entry.name}`, side, () => lookup(clients, entry));
      resources.push({ ...entry, exists: foundId !== undefined, foundId });
      progress({
        action: foundId ? 'exists' : 'missing',
        what,
        name: entry.name,
        id: foundId ?? entry.id,
        detail:
          [entry.status === 'pending' ? 'pending in the manifest' : '', entry.owned ? '' : 'not created by this run'].filter(Boolean).join(', ') || undefined,
      });
    }
    return { manifest, resources, runEnvPresent, calls: clients.counter.snapshot() };
  } finally {
    clients.close();
  }
}

/** By id when the manifest has one, else (a pending entry) the first found by name. */
async function lookup(clients: ReturnType<typeof openManagementClients>, entry: ManifestEntry): Promise<string | undefined> {
  const { okta: o, auth0: a } = clients;
  if (!entry.id) return (await idsByName(o, a, entry))[0];
  switch (entry.kind) {
    case 'okta.signInPolicy':
      return (await okta.getPolicy(o, entry.id))?.id;
    case 'okta.app':
      return (await okta.getOktaApp(o, entry.id))?.id;
    case 'okta.trustedOrigin':
      return (await okta.getTrustedOrigin(o, entry.id))?.id;
    case 'okta.user':
      return (await okta.getOktaUser(o, entry.id))?.id;
    case 'auth0.client':
      return (await auth0.getAuth0Client(a, entry.id))?.client_id;
    case 'auth0.connection':
      return (await auth0.getAuth0Connection(a, entry.id))?.id;
    case 'auth0.api':
      return (await auth0Api.getAuth0Api(a, entry.id))?.id;
  }
}
