// Fixtures for provisioning's tests: the worker's emulators, a fresh harness directory per test
// (holding an embedded.env for those emulators, so tests run in parallel without sharing files),
// the configuration loaded from it, and independent admin clients — the official SDKs, unchanged,
// as a person checking a tenant would use them — to verify what provisioning did.
import okta from '@okta/okta-sdk-nodejs';
import { ManagementClient } from 'auth0';
import { parse } from 'dotenv';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '../fixtures/emulators.ts';
import { controlPlaneFetch } from '../fixtures/control-plane-client.ts';
import { writeEmbeddedEnv, type EmbeddedEnv, type Emulators } from '../emulators/start.ts';
import { projectRoot } from '../lib/paths.ts';
import { loadConfig, type HarnessConfig } from './config.ts';

export interface ProvisioningFixtures {
  /** A fresh harness directory with an embedded.env for the worker's emulators. */
  dir: string;
  config: HarnessConfig;
  oktaAdmin: okta.Client;
  auth0Admin: ManagementClient;
  /** Injects a fault on one emulator's vendor surface (POST /_emulator/faults). */
  fault: (side: 'okta' | 'auth0', rule: FaultRule) => Promise<void>;
}

export interface FaultRule {
  method?: string;
  path: string;
  status: number;
  times?: number;
  retryAfterSeconds?: number;
}

export const test = base.extend<ProvisioningFixtures>({
  dir: async ({ emulators }, use, testInfo) => {
    // Outside test-results/: another `playwright test` run in the same checkout empties that.
    const dir = mkdtempSync(join(tmpdir(), 'harness-provisioning-'));
    writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
    await use(dir);
    if (testInfo.status === testInfo.expectedStatus) rmSync(dir, { recursive: true, force: true });
    else testInfo.annotations.push({ type: 'harness dir (kept for inspection)', description: dir });
  },
  config: async ({ dir }, use) => {
    // An empty process environment: the test's embedded.env is the only source.
    await use(loadConfig({ dir, env: {} }));
  },
  oktaAdmin: async ({ emulators }, use) => {
    await use(adminClients(emulators.env).okta);
  },
  auth0Admin: async ({ emulators }, use) => {
    await use(adminClients(emulators.env).auth0);
  },
  fault: async ({ emulators }, use) => {
    await use(async (side, rule) => {
      const response = await controlPlaneFetch(emulators[side], '/faults', { method: 'POST', body: rule });
      expect(response.status, await response.text()).toBe(201);
    });
    // Leave no spent-or-not rule behind for the worker's next test.
    await Promise.all([emulators.okta, emulators.auth0].map(emulator => controlPlaneFetch(emulator, '/faults', { method: 'DELETE' })));
  },
});

export { expect };

/** Admin clients of the emulators: the official SDKs, unchanged, with the emulators' credentials. */
export function adminClients(env: EmbeddedEnv): { okta: okta.Client; auth0: ManagementClient } {
  return {
    okta: new okta.Client({ orgUrl: env.OKTA_ORG_URL, token: env.OKTA_API_TOKEN, cacheMiddleware: null }),
    auth0: new ManagementClient({ domain: env.AUTH0_DOMAIN, clientId: env.AUTH0_CLIENT_ID, clientSecret: env.AUTH0_CLIENT_SECRET }),
  };
}

/** The run.env provisioning wrote in `dir`, parsed. */
export function runEnvOf(dir: string): Record<string, string> {
  return parse(readFileSync(join(dir, 'run.env')));
}

/** A further fresh directory for a test that needs more than one run (removed with the test's). */
export function extraDir(dir: string, name: string): string {
  const extra = join(dir, name);
  mkdirSync(extra, { recursive: true });
  return extra;
}

/** Everything named with `prefix` on both sides, listed through the SDKs (no server-side filter trusted). */
export async function resourcesNamed(oktaAdmin: okta.Client, auth0Admin: ManagementClient, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const app of await oktaAdmin.applicationApi.listApplications({})) if (app?.label?.startsWith(prefix)) found.push(`okta app ${app.label} ${app.id}`);
  // A plain listing omits DEPROVISIONED users; a second one asks for exactly those.
  for (const params of [{}, { filter: 'status eq "DEPROVISIONED"' }]) {
    for await (const user of await oktaAdmin.userApi.listUsers(params)) if (user?.profile?.login?.startsWith(prefix)) found.push(`okta user ${user.profile.login} ${user.id}`);
  }
  for await (const t of await oktaAdmin.trustedOriginApi.listTrustedOrigins({})) if (t?.name?.startsWith(prefix)) found.push(`okta trusted origin ${t.name} ${t.id}`);
  for await (const g of await oktaAdmin.groupApi.listGroups({})) if (g?.profile?.name?.startsWith(prefix)) found.push(`okta group ${g.profile.name} ${g.id}`);
  for await (const p of await oktaAdmin.policyApi.listPolicies({ type: 'ACCESS_POLICY' })) if (p?.name?.startsWith(prefix)) found.push(`okta sign-in policy ${p.name} ${p.id}`);
  for await (const c of await auth0Admin.clients.list()) if (c.name?.startsWith(prefix)) found.push(`auth0 client ${c.name} ${c.client_id}`);
  for await (const c of await auth0Admin.connections.list()) if (c.name?.startsWith(prefix)) found.push(`auth0 connection ${c.name} ${c.id}`);
  for await (const a of await auth0Admin.resourceServers.list()) if (a.name?.startsWith(prefix)) found.push(`auth0 api ${a.name} ${a.id}`);
  // A client grant outlives neither its application nor its API: one left over would be a leak.
  for await (const g of await auth0Admin.clientGrants.list()) if (g.audience?.includes(prefix.replace(/^harness-/, '').replace(/-$/, ''))) found.push(`auth0 client grant ${g.audience} ${g.id}`);
  return found.sort();
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The real CLI in a child process (as `npm run provision` runs it: its bundle, or its sources through tsx when stale), with HARNESS_DIR pointing at the
 * test's directory. `killWhen` sends SIGKILL the moment stdout matches (a crash at that point).
 */
export function runCli(args: string[], options: { dir: string; env?: Record<string, string>; killWhen?: RegExp }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/launch.mjs', 'provisioning', ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HARNESS_DIR: options.dir, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.killWhen?.test(stdout)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export type { Emulators };
