// Provision one run: the Okta sign-in policy (password only), the Okta OIDC app signing in under
// it, the trusted origin for the Auth0 login domain, the test users (assigned to the app), the Auth0
// demo application and the demo's single-page app, the okta connection enabled for both (and both
// on nothing else), and the run's API with both applications granted access to it.
// Idempotent: with a manifest for the same target and domains, each resource is verified and
// reused (recreated only if gone, brought back to spec if drifted). Every create is written ahead
// to the manifest, so a crash at any step leaves a manifest teardown can finish.
import type { Client } from '@okta/okta-sdk-nodejs';
import type { ManagementClient } from 'auth0';
import { registerSecret } from '../lib/redaction.ts';
import type { HarnessConfig } from './config.ts';
import type { CallCounts } from './call-counter.ts';
import { ManifestJournal, readManifest, readRunEnv, resolveDir, sameTenants, writeRunEnv, type Manifest, type ManifestEntry } from './manifest.ts';
import { teardown, TeardownError } from './teardown.ts';
import { isRunId, newRunId, runEmailDomain, runNames } from './naming.ts';
import { newSessionSecret, newUserPassword } from './passwords.ts';
import { inStep, openManagementClients } from './management-clients.ts';
import type { OnProgress } from './progress.ts';
import * as okta from './okta.ts';
import * as auth0 from './auth0.ts';
import * as auth0Api from './auth0-api.ts';

export interface ProvisionOptions {
  config: HarnessConfig;
  /** Harness directory for manifest.json and run.env (default .harness/). */
  dir?: string;
  /** How many test users (default 1, or as many as the run already has). */
  users?: number;
  /** The demo app's root URL (default: the configuration's BASE_URL). */
  baseUrl?: string;
  /** Name of a new run (default: a fresh id from the clock). Ignored when a manifest is reused. */
  runId?: string;
  onProgress?: OnProgress;
}

export interface ProvisionResult {
  runId: string;
  /** What run.env holds, secrets included: never print it. */
  runEnv: Record<string, string>;
  runEnvPath: string;
  manifest: Manifest;
  /** An existing manifest was reused. */
  reused: boolean;
  calls: CallCounts;
  durationMs: number;
}

export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

interface TestUser {
  email: string;
  password: string;
}

export async function provision(options: ProvisionOptions): Promise<ProvisionResult> {
  const started = performance.now();
  const { config } = options;
  const dir = resolveDir(options.dir);
  const progress: OnProgress = options.onProgress ?? (() => {});
  const baseUrl = options.baseUrl ? new URL(options.baseUrl).origin : config.baseUrl;
  const userCount = options.users ?? 1;
  if (!Number.isInteger(userCount) || userCount < 1 || userCount > 50)
    throw new ProvisionError(`--users must be a whole number from 1 to 50, got ${options.users}`);

  if (options.runId !== undefined && !isRunId(options.runId)) throw new ProvisionError(`"${options.runId}" is not a run id (e.g. 20261128t0712-k3f9)`);

  const { manifest, reused } = await openManifest(config, dir, baseUrl, options.runId, progress);
  const journal = new ManifestJournal(manifest, dir);
  journal.save();
  // Credentials to keep: only those run.env holds for this very run.
  const stored = reused ? readRunEnv(dir) : undefined;
  const previousEnv = stored?.HARNESS_RUN_ID === manifest.runId ? stored : {};
  for (const [key, value] of Object.entries(previousEnv)) if (/SECRET|PASSWORD/.test(key)) registerSecret(value);

  const clients = openManagementClients(config);
  try {
    const names = runNames(manifest.runId);
    const signInPolicyId = await inStep(`okta sign-in policy ${names.oktaSignInPolicy}`, 'okta', () =>
      ensureSignInPolicy(clients.okta, journal, progress, names.oktaSignInPolicy, manifest.runId),
    );
    const app = await inStep(`okta app ${names.oktaApp}`, 'okta', () =>
      ensureOktaApp(clients.okta, journal, progress, {
        label: names.oktaApp,
        redirectUri: `https://${config.auth0.loginDomain}/login/callback`,
        postLogoutRedirectUris: [baseUrl, `${baseUrl}/`],
      }),
    );
    if (app.accessPolicyId !== signInPolicyId) {
      await inStep(`okta app ${names.oktaApp}`, 'okta', () => okta.assignSignInPolicy(clients.okta, app.id, signInPolicyId));
      progress({ action: 'updated', what: 'okta app', name: names.oktaApp, id: app.id, detail: `signs in under ${names.oktaSignInPolicy}` });
    }
    await inStep(`okta trusted origin ${names.oktaTrustedOrigin}`, 'okta', () =>
      ensureTrustedOrigin(clients.okta, journal, progress, names.oktaTrustedOrigin, `https://${config.auth0.loginDomain}`, manifest.runId),
    );
    const wanted = Math.max(userCount, journal.entries('okta.user').length);
    const users: TestUser[] = [];
    for (let n = 1; n <= wanted; n++) {
      const login = `${names.userLocalPart(n)}@${manifest.emailDomain}`;
      users.push(await inStep(`okta user ${login}`, 'okta', () => ensureOktaUser(clients.okta, journal, progress, app, login, n, previousEnv)));
    }

    const demo = await inStep(`auth0 client ${names.auth0Client}`, 'auth0', () =>
      ensureAuth0Client(clients.auth0, journal, progress, previousEnv, {
        name: names.auth0Client,
        description: `Harness demo app of run ${manifest.runId}; removed by \`npm run teardown\` or \`npm run sweep\`.`,
        baseUrl,
        backchannelLogoutUrl: backchannelLogoutUrl(config, baseUrl),
      }),
    );
    const spa = await inStep(`auth0 client ${names.auth0SpaClient}`, 'auth0', () =>
      ensureAuth0SpaClient(clients.auth0, journal, progress, {
        name: names.auth0SpaClient,
        description: `Harness single-page app of run ${manifest.runId}; removed by \`npm run teardown\` or \`npm run sweep\`.`,
        baseUrl,
      }),
    );
    const applications = [
      { clientId: demo.clientId, name: names.auth0Client, fresh: demo.fresh },
      { clientId: spa.clientId, name: names.auth0SpaClient, fresh: spa.fresh },
    ];
    await inStep(`auth0 connection ${names.auth0Connection}`, 'auth0', () =>
      ensureAuth0Connection(clients.auth0, journal, progress, applications, {
        name: names.auth0Connection,
        displayName: config.connection.displayName,
        oktaDomain: config.okta.domain,
        oktaClientId: app.clientId,
        oktaClientSecret: app.clientSecret,
        emailDomain: manifest.emailDomain,
        iconUrl: config.connection.iconUrl,
      }),
    );
    const api = await inStep(`auth0 api ${names.auth0Api}`, 'auth0', () =>
      ensureAuth0Api(clients.auth0, journal, progress, { name: names.auth0Api, identifier: names.auth0ApiIdentifier }),
    );
    for (const application of applications) {
      await inStep(`auth0 api access ${application.name}`, 'auth0', () => grantApiAccess(clients.auth0, progress, application, api));
    }

    const runEnv = runEnvironment(
      config,
      manifest,
      baseUrl,
      { demo, spaClientId: spa.clientId, apiAudience: api.identifier },
      users,
      app.clientId,
      previousEnv,
    );
    const path = writeRunEnv(
      runEnv,
      `Written by \`npm run provision\` for run ${manifest.runId} (${config.target} target). Secrets: keep this file private (mode 0600).\nRemoved by \`npm run teardown\`.`,
      dir,
    );
    return {
      runId: manifest.runId,
      runEnv,
      runEnvPath: path,
      manifest,
      reused,
      calls: clients.counter.snapshot(),
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    clients.close();
  }
}

/**
 * Reuse the manifest of the same target and tenants. One that names other tenants is finished
 * first where that is safe (teardown.ts: on the configured tenants; a recorded tenant that does not
 * answer, e.g. a typo since fixed, has nothing to remove); one whose other tenant answers is refused.
 */
async function openManifest(
  config: HarnessConfig,
  dir: string,
  baseUrl: string,
  runId: string | undefined,
  progress: OnProgress,
): Promise<{ manifest: Manifest; reused: boolean }> {
  const existing = readManifest(dir);
  if (existing) {
    if (sameTenants(existing, config)) {
      existing.baseUrl = baseUrl;
      return { manifest: existing, reused: true };
    }
    if (existing.target === 'embedded' && config.target === 'embedded') {
      // The emulators keep state in memory: those that held this run are gone or not ours.
      progress({
        action: 'note',
        what: 'manifest',
        name: `run ${existing.runId}`,
        detail: `was for other emulators (${existing.auth0Domain}, ${existing.oktaOrgUrl}); starting a new run`,
      });
    } else {
      progress({
        action: 'note',
        what: 'manifest',
        name: `run ${existing.runId}`,
        detail: `names other tenants (Auth0 ${existing.auth0Domain}, Okta ${existing.oktaOrgUrl}): finishing it where that is safe`,
      });
      try {
        await teardown({ config, dir, onProgress: progress });
      } catch (error) {
        if (error instanceof TeardownError) throw new ProvisionError(error.message);
        throw error;
      }
    }
  }
  const id = runId ?? newRunId();
  const now = new Date().toISOString();
  return {
    manifest: {
      version: 1,
      runId: id,
      target: config.target,
      auth0Domain: config.auth0.domain,
      oktaOrgUrl: config.okta.orgUrl,
      emailDomain: config.emailDomain ?? runEmailDomain(id),
      baseUrl,
      createdAt: now,
      updatedAt: now,
      resources: [],
    },
    reused: false,
  };
}

/** Where Auth0 sends back-channel logout: a URL it can reach (embedded: the local app; live: PUBLIC_BASE_URL only). */
export function backchannelLogoutUrl(config: HarnessConfig, baseUrl: string): string | undefined {
  const root = config.publicBaseUrl ?? (config.target === 'embedded' ? baseUrl : undefined);
  return root ? `${root}/backchannel-logout` : undefined;
}

// ── Okta ──────────────────────────────────────────────────────────────────────────────────────

interface ProvisionedOktaApp extends okta.OktaAppCredentials {
  /** Created by this call: its users need assigning without a check. */
  fresh: boolean;
}

async function ensureOktaApp(client: Client, journal: ManifestJournal, progress: OnProgress, spec: okta.OktaAppSpec): Promise<ProvisionedOktaApp> {
  const what = 'okta app';
  const entry = journal.find('okta.app', spec.label);
  const existing = await existingResource(
    entry,
    id => okta.getOktaApp(client, id),
    async () => {
      const [found] = await okta.findOktaAppsByLabel(client, spec.label);
      return found?.id ? okta.getOktaApp(client, found.id) : undefined;
    },
  );
  if (existing && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, existing.id!);
    const updated = await okta.reconcileOktaApp(client, existing, spec);
    progress({ action: updated ? 'updated' : adopted ? 'adopted' : 'reused', what, name: spec.label, id: existing.id });
    const credentials = okta.appCredentials(existing);
    registerSecret(credentials.clientSecret);
    return { ...credentials, fresh: false };
  }
  const pending = journal.pending('okta.app', spec.label);
  const created = await okta.createOktaApp(client, spec);
  journal.created(pending, created.id);
  registerSecret(created.clientSecret);
  progress({ action: 'created', what, name: spec.label, id: created.id, detail: entry ? 'the previous one was gone' : undefined });
  return { ...created, fresh: true };
}

/** The run's authentication policy: password only, no "Stay signed in?" prompt (see okta.ts). */
async function ensureSignInPolicy(client: Client, journal: ManifestJournal, progress: OnProgress, name: string, runId: string): Promise<string> {
  const what = 'okta sign-in policy';
  const entry = journal.find('okta.signInPolicy', name);
  const existing = await existingResource(
    entry,
    id => okta.getPolicy(client, id),
    async () => (await okta.findSignInPoliciesByName(client, name))[0],
  );
  if (existing && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, existing.id!);
    const repaired = await okta.ensurePasswordOnlyRule(client, existing.id!);
    progress({
      action: repaired ? 'updated' : adopted ? 'adopted' : 'reused',
      what,
      name,
      id: existing.id,
      detail: repaired ? 'password-only rule restored' : undefined,
    });
    return existing.id!;
  }
  const pending = journal.pending('okta.signInPolicy', name);
  const id = await okta.createSignInPolicy(
    client,
    name,
    `Harness run ${runId}: its apps sign in with a password alone. Removed by \`npm run teardown\` or \`npm run sweep\`.`,
  );
  journal.created(pending, id);
  progress({ action: 'created', what, name, id, detail: 'password only, no "Stay signed in?" prompt' });
  return id;
}

async function ensureTrustedOrigin(client: Client, journal: ManifestJournal, progress: OnProgress, name: string, origin: string, runId: string): Promise<void> {
  const what = 'okta trusted origin';
  const entry = journal.entries('okta.trustedOrigin')[0];
  const existing = await existingResource(
    entry,
    id => okta.getTrustedOrigin(client, id),
    async () => (await okta.findTrustedOrigins(client, { name }))[0],
  );
  if (existing && entry && existing.origin?.replace(/\/$/, '') !== origin) {
    // Logins moved (AUTH0_CUSTOM_DOMAIN set, changed or removed): let go of the old origin first.
    const released = entry.owned ? await okta.releaseTrustedOrigin(client, existing.id!, holder => holder === runId) : { result: 'kept' as const };
    progress({
      action: released.result === 'deleted' ? 'deleted' : 'kept',
      what,
      name: existing.name ?? name,
      id: existing.id,
      detail: `${existing.origin} is no longer where logins run`,
    });
    journal.remove(entry);
  } else if (existing && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, existing.id!, entry.owned);
    progress({
      action: adopted ? 'adopted' : 'reused',
      what,
      name: existing.name ?? name,
      id: existing.id,
      detail: entry.owned ? origin : `${origin}, shared`,
    });
    return;
  }
  if (entry) journal.remove(entry);
  // Okta allows one trusted origin per origin: another run (or an admin) may already have this one.
  // Then it is shared: teardown hands it over to a run still using it, or leaves an admin's alone.
  const [shared] = await okta.findTrustedOrigins(client, { origin });
  if (shared?.id) {
    journal.adopt('okta.trustedOrigin', shared.name ?? name, shared.id);
    progress({ action: 'reused', what, name: shared.name ?? name, id: shared.id, detail: `${origin} already trusted; shared with its holder` });
    return;
  }
  const pending = journal.pending('okta.trustedOrigin', name);
  const id = await okta.createTrustedOrigin(client, name, origin);
  journal.created(pending, id);
  progress({ action: 'created', what, name, id, detail: `${origin} (CORS, redirect)` });
}

async function ensureOktaUser(
  client: Client,
  journal: ManifestJournal,
  progress: OnProgress,
  app: ProvisionedOktaApp,
  login: string,
  n: number,
  previousEnv: Record<string, string>,
): Promise<TestUser> {
  const what = 'okta user';
  const entry = journal.find('okta.user', login);
  let user = await existingResource(
    entry,
    id => okta.getOktaUser(client, id),
    () => okta.getOktaUser(client, login),
  );
  if (user && user.status !== 'ACTIVE') {
    // Deactivated, locked or suspended by someone: a test user must be able to sign in.
    await okta.deleteOktaUser(client, user.id!);
    progress({ action: 'deleted', what, name: login, id: user.id, detail: `was ${user.status}; recreating` });
    user = undefined;
  }
  if (user && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, user.id!);
    const keys = userEnvKeys(n);
    let password = previousEnv[keys.email] === login ? previousEnv[keys.password] : undefined;
    let detail: string | undefined;
    if (!password) {
      password = newUserPassword();
      await okta.setOktaUserPassword(client, user.id!, password);
      detail = 'password reset (run.env had none)';
    }
    if (app.fresh || !(await okta.isUserAssignedToOktaApp(client, app.id, user.id!))) {
      await okta.assignUserToOktaApp(client, app.id, user.id!);
      detail = [detail, 'assigned to the app'].filter(Boolean).join(', ');
    }
    progress({ action: adopted ? 'adopted' : detail ? 'updated' : 'reused', what, name: login, id: user.id, detail });
    return { email: login, password };
  }
  const password = newUserPassword();
  const pending = journal.pending('okta.user', login);
  const id = await okta.createOktaUser(client, { login, firstName: 'Harness', lastName: `User ${n}`, password });
  journal.created(pending, id);
  await okta.assignUserToOktaApp(client, app.id, id);
  progress({ action: 'created', what, name: login, id, detail: 'assigned to the app' });
  return { email: login, password };
}

// ── Auth0 ─────────────────────────────────────────────────────────────────────────────────────

async function ensureAuth0Client(
  mgmt: ManagementClient,
  journal: ManifestJournal,
  progress: OnProgress,
  previousEnv: Record<string, string>,
  spec: auth0.Auth0ClientSpec,
): Promise<auth0.Auth0ClientCredentials & { fresh: boolean }> {
  const what = 'auth0 client';
  const entry = journal.find('auth0.client', spec.name);
  const existing = await existingAuth0Client(mgmt, entry, spec.name);
  if (existing && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, existing.client_id!);
    const updated = await auth0.reconcileAuth0Client(mgmt, existing, spec);
    progress({ action: updated ? 'updated' : adopted ? 'adopted' : 'reused', what, name: spec.name, id: existing.client_id });
    const clientSecret = existing.client_secret ?? (previousEnv.CLIENT_ID === existing.client_id ? previousEnv.CLIENT_SECRET : undefined);
    if (!clientSecret)
      throw new ProvisionError(
        `Auth0 did not return the client secret of ${spec.name}: grant read:client_keys to the machine-to-machine application (see docs/live-tenants.md)`,
      );
    registerSecret(clientSecret);
    return { clientId: existing.client_id!, clientSecret, fresh: false };
  }
  const pending = journal.pending('auth0.client', spec.name);
  const created = await auth0.createAuth0Client(mgmt, spec);
  journal.created(pending, created.clientId);
  registerSecret(created.clientSecret);
  progress({ action: 'created', what, name: spec.name, id: created.clientId, detail: entry ? 'the previous one was gone' : undefined });
  return { ...created, fresh: true };
}

async function ensureAuth0SpaClient(
  mgmt: ManagementClient,
  journal: ManifestJournal,
  progress: OnProgress,
  spec: auth0.Auth0SpaSpec,
): Promise<{ clientId: string; fresh: boolean }> {
  const what = 'auth0 client';
  const entry = journal.find('auth0.client', spec.name);
  const existing = await existingAuth0Client(mgmt, entry, spec.name);
  if (existing && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, existing.client_id!);
    const updated = await auth0.reconcileAuth0SpaClient(mgmt, existing, spec);
    progress({ action: updated ? 'updated' : adopted ? 'adopted' : 'reused', what, name: spec.name, id: existing.client_id, detail: 'single-page app' });
    return { clientId: existing.client_id!, fresh: false };
  }
  const pending = journal.pending('auth0.client', spec.name);
  const clientId = await auth0.createAuth0SpaClient(mgmt, spec);
  journal.created(pending, clientId);
  progress({ action: 'created', what, name: spec.name, id: clientId, detail: `single-page app at ${auth0.spaUrl(spec.baseUrl)}` });
  return { clientId, fresh: true };
}

/** The Auth0 application a manifest entry names (by id, or by name while pending), if it still exists. */
function existingAuth0Client(mgmt: ManagementClient, entry: ManifestEntry | undefined, name: string) {
  return existingResource(
    entry,
    id => auth0.getAuth0Client(mgmt, id),
    async () => {
      const [found] = await auth0.findAuth0ClientsByName(mgmt, name);
      return found?.client_id ? auth0.getAuth0Client(mgmt, found.client_id) : undefined;
    },
  );
}

interface ProvisionedApi {
  id: string;
  name: string;
  identifier: string;
  fresh: boolean;
}

async function ensureAuth0Api(mgmt: ManagementClient, journal: ManifestJournal, progress: OnProgress, spec: auth0Api.Auth0ApiSpec): Promise<ProvisionedApi> {
  const what = 'auth0 api';
  const entry = journal.find('auth0.api', spec.name);
  const existing = await existingResource(
    entry,
    id => auth0Api.getAuth0Api(mgmt, id),
    async () => (await auth0Api.findAuth0ApisByName(mgmt, spec.name))[0],
  );
  if (existing && entry) {
    const adopted = entry.status === 'pending';
    journal.created(entry, existing.id!);
    progress({ action: adopted ? 'adopted' : 'reused', what, name: spec.name, id: existing.id, detail: existing.identifier });
    return { id: existing.id!, name: spec.name, identifier: existing.identifier!, fresh: false };
  }
  const pending = journal.pending('auth0.api', spec.name);
  const id = await auth0Api.createAuth0Api(mgmt, spec);
  journal.created(pending, id);
  progress({ action: 'created', what, name: spec.name, id, detail: `${spec.identifier}, user access by client grant` });
  return { id, name: spec.name, identifier: spec.identifier, fresh: true };
}

/** A client grant (subject_type user) lets the application get tokens for the API on its users' behalf. */
async function grantApiAccess(
  mgmt: ManagementClient,
  progress: OnProgress,
  application: { clientId: string; name: string; fresh: boolean },
  api: ProvisionedApi,
): Promise<void> {
  const result = await auth0Api.ensureUserAccessGrant(mgmt, {
    clientId: application.clientId,
    audience: api.identifier,
    scopes: [auth0Api.DEMO_API_SCOPE],
    known: !application.fresh && !api.fresh,
  });
  progress({
    action: result === 'created' ? 'created' : 'reused',
    what: 'auth0 api access',
    name: `${application.name} → ${api.name}`,
    detail: `client grant for users, ${auth0Api.DEMO_API_SCOPE}`,
  });
}

async function ensureAuth0Connection(
  mgmt: ManagementClient,
  journal: ManifestJournal,
  progress: OnProgress,
  applications: { clientId: string; name: string }[],
  spec: Omit<auth0.Auth0ConnectionSpec, 'oktaClientSecret'> & { oktaClientSecret?: string },
): Promise<void> {
  const what = 'auth0 connection';
  const entry = journal.find('auth0.connection', spec.name);
  const byName = async () => {
    const [found] = await auth0.findAuth0ConnectionsByName(mgmt, spec.name);
    return found?.id ? auth0.getAuth0Connection(mgmt, found.id) : undefined;
  };
  let existing = await existingResource(entry, id => auth0.getAuth0Connection(mgmt, id), byName);
  let action: 'created' | 'reused' | 'adopted' | 'updated';
  let connectionId: string;
  if (existing && entry) {
    action = entry.status === 'pending' ? 'adopted' : 'reused';
    connectionId = existing.id!;
    journal.created(entry, connectionId);
  } else {
    const secret = spec.oktaClientSecret ?? missingOktaSecret(spec.name);
    const pending = journal.pending('auth0.connection', spec.name);
    try {
      connectionId = await auth0.createAuth0Connection(mgmt, { ...spec, oktaClientSecret: secret });
      journal.created(pending, connectionId);
      action = 'created';
    } catch (error) {
      // 409: the name exists, e.g. a create whose response was lost and that the SDK retried.
      if ((error as { statusCode?: number }).statusCode !== 409 || !(existing = await byName())) throw error;
      connectionId = existing.id!;
      journal.created(pending, connectionId);
      action = 'adopted';
    }
  }
  if (existing) {
    // Okta shows an app's secret only sometimes: keep the one Auth0 holds for the same Okta app.
    const current = (existing.options ?? {}) as Record<string, unknown>;
    const held = current.client_id === spec.oktaClientId && typeof current.client_secret === 'string' ? current.client_secret : undefined;
    const secret = spec.oktaClientSecret ?? held ?? missingOktaSecret(spec.name);
    registerSecret(secret);
    if (await auth0.reconcileAuth0Connection(mgmt, existing, { ...spec, oktaClientSecret: secret })) action = 'updated';
  }
  const enabled = action === 'created' ? [] : await auth0.connectionEnabledClientIds(mgmt, connectionId);
  const missing = applications.filter(a => !enabled.includes(a.clientId)).map(a => a.clientId);
  if (missing.length) await auth0.enableConnectionForClients(mgmt, connectionId, missing);
  progress({
    action,
    what,
    name: spec.name,
    id: connectionId,
    detail: `strategy okta, enabled for ${applications.map(a => a.name).join(' and ')}, HRD ${spec.emailDomain}`,
  });
  // A tenant enables a new app on every connection that is on for new apps (a database, Google…):
  // Universal Login would then show a password field and social buttons, and home realm discovery
  // would behave differently from what the specs assert. The run's applications use its connection alone.
  for (const application of applications) {
    for (const other of await auth0.otherConnectionsOfClient(mgmt, application.clientId, connectionId)) {
      await auth0.disableConnectionForClient(mgmt, other.id!, application.clientId);
      progress({
        action: 'updated',
        what: 'auth0 client',
        name: application.name,
        id: application.clientId,
        detail: `no longer enabled on connection ${other.name} (${other.strategy}): the run's applications use its connection alone`,
      });
    }
  }
}

function missingOktaSecret(connectionName: string): never {
  throw new ProvisionError(`Okta did not return the client secret of the app for ${connectionName}; run \`npm run teardown\`, then provision again`);
}

// ── shared ────────────────────────────────────────────────────────────────────────────────────

/**
 * The resource a manifest entry names, if it still exists: by id when the create returned, else
 * (a pending entry: the create may or may not have happened) by name.
 */
async function existingResource<T>(
  entry: ManifestEntry | undefined,
  byId: (id: string) => Promise<T | undefined>,
  byName: () => Promise<T | undefined>,
): Promise<T | undefined> {
  if (!entry) return undefined;
  if (entry.id) return byId(entry.id);
  return byName();
}

function userEnvKeys(n: number) {
  return n === 1 ? { email: 'TEST_USER_EMAIL', password: 'TEST_USER_PASSWORD' } : { email: `TEST_USER_${n}_EMAIL`, password: `TEST_USER_${n}_PASSWORD` };
}

function runEnvironment(
  config: HarnessConfig,
  manifest: Manifest,
  baseUrl: string,
  apps: { demo: auth0.Auth0ClientCredentials; spaClientId: string; apiAudience: string },
  users: TestUser[],
  oktaAppClientId: string,
  previousEnv: Record<string, string>,
): Record<string, string> {
  const secret = previousEnv.SECRET && previousEnv.SECRET.length >= 32 ? previousEnv.SECRET : newSessionSecret();
  const env: Record<string, string> = {
    // The demo app's issuer is where logins run: the custom domain when the tenant has one.
    ISSUER_BASE_URL: `https://${config.auth0.loginDomain}`,
    BASE_URL: baseUrl,
    CLIENT_ID: apps.demo.clientId,
    CLIENT_SECRET: apps.demo.clientSecret,
    SECRET: secret,
  };
  users.forEach((u, i) => {
    const keys = userEnvKeys(i + 1);
    env[keys.email] = u.email;
    env[keys.password] = u.password;
  });
  Object.assign(env, {
    CONNECTION_NAME: runNames(manifest.runId).auth0Connection,
    CONNECTION_DISPLAY_NAME: config.connection.displayName,
    HARNESS_RUN_ID: manifest.runId,
    OKTA_APP_CLIENT_ID: oktaAppClientId,
    SPA_CLIENT_ID: apps.spaClientId,
    API_AUDIENCE: apps.apiAudience,
  });
  // The demo app (and anything started from run.env) must trust the emulators' CA.
  if (config.target === 'embedded' && config.caCertPath) env.NODE_EXTRA_CA_CERTS = config.caCertPath;
  return env;
}
