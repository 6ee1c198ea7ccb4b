// What a run created, written ahead: an entry is recorded as `pending` (with its name) before each
// create and completed with its id the moment the create returns. A crash at any point therefore
// leaves a manifest that teardown can finish (a pending entry is looked up by name).
//   .harness/manifest.json  ids, names, kinds, target, domains, run id — never a secret
//   .harness/run.env        (mode 0600) what the demo app and the specs need, secrets included
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'dotenv';
import { harnessDir } from '../lib/paths.ts';
import { writeSecret } from '../lib/secret-file.ts';
import type { HarnessConfig, HarnessTarget } from './config.ts';

export type ResourceKind = 'okta.signInPolicy' | 'okta.app' | 'okta.trustedOrigin' | 'okta.user' | 'auth0.client' | 'auth0.connection' | 'auth0.api';

export interface ManifestEntry {
  kind: ResourceKind;
  /** Okta policy name, app label, trusted origin name or user login; Auth0 client, connection or API name. */
  name: string;
  /** Set the moment the create returns. */
  id?: string;
  status: 'pending' | 'created';
  /**
   * false for a resource the run uses but did not create (e.g. a trusted origin for the Auth0
   * domain that already existed): teardown leaves it alone.
   */
  owned: boolean;
}

export interface Manifest {
  version: 1;
  runId: string;
  target: HarnessTarget;
  /** AUTH0_DOMAIN (host[:port]). */
  auth0Domain: string;
  /** OKTA_ORG_URL (https://host[:port]). */
  oktaOrgUrl: string;
  /** Domain of the test users' emails (home realm discovery). */
  emailDomain: string;
  baseUrl: string;
  createdAt: string;
  updatedAt: string;
  /** In creation order; teardown walks it backwards. */
  resources: ManifestEntry[];
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** The manifest is of a run on the tenants (and target) this configuration names. */
export function sameTenants(manifest: Manifest, config: HarnessConfig): boolean {
  return manifest.target === config.target && manifest.auth0Domain === config.auth0.domain && manifest.oktaOrgUrl === config.okta.orgUrl;
}

export function resolveDir(dir?: string): string {
  return resolve(dir ?? harnessDir());
}

export function manifestPath(dir?: string): string {
  return join(resolveDir(dir), 'manifest.json');
}

export function runEnvPath(dir?: string): string {
  return join(resolveDir(dir), 'run.env');
}

export function readManifest(dir?: string): Manifest | undefined {
  const path = manifestPath(dir);
  if (!existsSync(path)) return undefined;
  let parsed: Manifest;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (error) {
    throw new ManifestError(`${path} is not valid JSON (${(error as Error).message}); fix or remove it, then run \`npm run sweep\` to find leftovers.`);
  }
  if (parsed?.version !== 1 || typeof parsed.runId !== 'string' || !Array.isArray(parsed.resources)) {
    throw new ManifestError(
      `${path} is not a harness manifest (version 1 with runId and resources); fix or remove it, then run \`npm run sweep\` to find leftovers.`,
    );
  }
  return parsed;
}

/** Atomic: a reader (or a crash) never sees a half-written manifest. */
export function writeManifest(manifest: Manifest, dir?: string): void {
  const path = manifestPath(dir);
  mkdirSync(resolveDir(dir), { recursive: true });
  manifest.updatedAt = new Date().toISOString();
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(tmp, path);
}

/** The manifest of one run, written to disk on every change. */
export class ManifestJournal {
  constructor(
    readonly manifest: Manifest,
    readonly dir: string,
  ) {}

  entries(kind: ResourceKind): ManifestEntry[] {
    return this.manifest.resources.filter(e => e.kind === kind);
  }

  find(kind: ResourceKind, name: string): ManifestEntry | undefined {
    return this.manifest.resources.find(e => e.kind === kind && e.name === name);
  }

  /** Write-ahead: record the intent to create `name` before the create is sent. */
  pending(kind: ResourceKind, name: string): ManifestEntry {
    let entry = this.find(kind, name);
    if (!entry) {
      entry = { kind, name, status: 'pending', owned: true };
      this.manifest.resources.push(entry);
    } else {
      entry.status = 'pending';
      entry.owned = true;
      delete entry.id;
    }
    this.save();
    return entry;
  }

  /** The create returned (or an existing resource was adopted): record its id at once. */
  created(entry: ManifestEntry, id: string, owned = true): ManifestEntry {
    entry.id = id;
    entry.status = 'created';
    entry.owned = owned;
    this.save();
    return entry;
  }

  /** A resource the run uses but did not create: recorded in one write, never pending, never deleted. */
  adopt(kind: ResourceKind, name: string, id: string): ManifestEntry {
    const entry: ManifestEntry = { kind, name, id, status: 'created', owned: false };
    this.manifest.resources.push(entry);
    this.save();
    return entry;
  }

  remove(entry: ManifestEntry): void {
    this.manifest.resources = this.manifest.resources.filter(e => e !== entry);
    this.save();
  }

  save(): void {
    writeManifest(this.manifest, this.dir);
  }
}

export function readRunEnv(dir?: string): Record<string, string> | undefined {
  const path = runEnvPath(dir);
  return existsSync(path) ? parse(readFileSync(path)) : undefined;
}

/** Mode 0600 from the first byte (the file holds the demo app's client secret and a password). */
export function writeRunEnv(vars: Record<string, string>, header: string, dir?: string): string {
  const path = runEnvPath(dir);
  mkdirSync(resolveDir(dir), { recursive: true });
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${envValue(k, v)}`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeSecret(tmp, `${header.replace(/^/gm, '# ')}\n${lines.join('\n')}\n`);
  renameSync(tmp, path);
  return path;
}

export function removeRunFiles(dir?: string): void {
  rmSync(runEnvPath(dir), { force: true });
  rmSync(manifestPath(dir), { force: true });
}

/** dotenv reads unquoted values verbatim unless they hold quotes, `#` or spaces; single quotes are literal. */
function envValue(key: string, value: string): string {
  if (/^[A-Za-z0-9_\-.:/@%+!*~,=^]*$/.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  throw new ManifestError(`run.env: the value of ${key} cannot be written safely (it holds a quote or a line break)`);
}
