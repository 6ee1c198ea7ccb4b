// The whole harness for one target, in one process: on `embedded` the two emulators, then the
// provisioned run (Okta app, test users, Auth0 app and connection), then the demo app; on `live`
// the preflight, the run against .env's tenants and the demo app. `npm start` and the browser
// specs' global set-up both use it; stop() undoes it in reverse (teardown included unless asked to
// keep). A failure after provisioning began says what it leaves behind and how to remove it.
import { join } from 'node:path';
import { harnessDir } from '../lib/paths.ts';
import { startEmulators, writeEmbeddedEnv, removeEmbeddedEnv, type EmbeddedEnv, type Emulators } from '../emulators/start.ts';
import { StartupError } from '../emulators/shared/https-server.ts';
import { TopologyError, type Topology } from '../emulators/topology.ts';
import {
  ConfigError,
  PreflightError,
  ProvisionError,
  StepError,
  TeardownError,
  formatCheck,
  loadConfig,
  preflightOrThrow,
  provision,
  readManifest,
  removeRunFiles,
  teardown,
  teardownCommand,
  type HarnessConfig,
  type HarnessTarget,
  type OnProgress,
  type PreflightScope,
  type ProvisionResult,
  type TeardownSummary,
} from '../provisioning/index.ts';
import { DemoAppConfigError, defaultPort, loadDemoAppConfig } from '../demo-app/config.ts';
import { DemoAppStartError, listenForDemoApp, type DemoAppListener } from '../demo-app/server.ts';
import type { DemoApp } from '../demo-app/app.ts';
import { emulatorSessionFlows, tenantLogSessionFlows } from '../inspector/session-sources.ts';

/** What the stack needs of an emulator pair, wherever it runs (in this process, or in a container). */
export interface EmulatorPair {
  okta: { origin: string };
  auth0: { origin: string; custom?: { origin: string } };
  env: EmbeddedEnv;
  /** The CA the emulators' certificate is issued by (the flow inspector's reads trust it). */
  tls: { caCertPem: string };
  startupMs: number;
  close(): Promise<void>;
}

/** Starts the emulator pair; the default starts it in this process (emulators/start.ts). */
export type EmulatorPairStarter<E extends EmulatorPair> = (options: { topology?: Topology; warn?: (line: string) => void }) => Promise<E>;

export interface StackOptions<E extends EmulatorPair = Emulators> {
  target: HarnessTarget;
  /** Harness directory for embedded.env, manifest.json and run.env (default .harness/). */
  dir?: string;
  /** Embedded: where the emulators listen (default: the standard topology, or from the environment). */
  topology?: Topology;
  /** Embedded: how the emulators start (default: in this process). */
  startEmulators?: EmulatorPairStarter<E>;
  /** Host and port of the demo app (port 0 = any free port). Default: BASE_URL's, else localhost:3000. */
  demoApp?: { host: string; port: number };
  /** Test users to provision (default 1). */
  users?: number;
  /** Live: what the preflight checks for (default `run`; the test suite asks for `suite`). */
  preflight?: PreflightScope;
  /** Step lines for people: "Starting the emulators…", provisioning progress. */
  onStep?: (line: string) => void;
  onProgress?: OnProgress;
  /** Loopback fallback warning. */
  warn?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** A start that failed after provisioning began on live tenants: what is left, and the command that removes it. */
export class HalfProvisionedError extends Error {
  override name = 'HalfProvisionedError';
  constructor(
    cause: Error,
    readonly teardownCommand: string,
  ) {
    super(`${cause.message}\nThe run is left half-provisioned (what exists is listed in its manifest): \`${teardownCommand}\` removes it.`, { cause });
  }
}

/** Failures of startStack written for people (configuration, busy ports, API errors): shown without a stack trace. */
export const STACK_START_ERRORS = [
  StartupError,
  TopologyError,
  ConfigError,
  PreflightError,
  ProvisionError,
  StepError,
  TeardownError,
  HalfProvisionedError,
  DemoAppConfigError,
  DemoAppStartError,
];

export interface Stack<E extends EmulatorPair = Emulators> {
  target: HarnessTarget;
  dir: string;
  /** The target's configuration the run was provisioned with. */
  config: HarnessConfig;
  emulators?: E;
  run: ProvisionResult;
  demoApp: DemoApp & { url: string };
  timings: { emulatorsMs?: number; provisionMs: number; demoAppMs: number; totalMs: number };
  /** Stops the demo app, tears the run down (unless `keep`), stops the emulators. */
  stop(options?: { keep?: boolean }): Promise<TeardownSummary | undefined>;
}

export async function startStack<E extends EmulatorPair = Emulators>(options: StackOptions<E>): Promise<Stack<E>> {
  const t0 = performance.now();
  const dir = options.dir ?? harnessDir();
  const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), HARNESS_TARGET: options.target };
  const step = options.onStep ?? (() => {});
  const cleanups: (() => Promise<unknown>)[] = [];
  const undo = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };

  try {
    let emulators: E | undefined;
    let emulatorsMs: number | undefined;
    if (options.target === 'embedded') {
      step('Starting the emulators (Okta org, Auth0 tenant)…');
      // Without a starter of its own, E is the default (Emulators): the in-process pair.
      const start = options.startEmulators ?? (startEmulators as unknown as EmulatorPairStarter<E>);
      emulators = await start({ topology: options.topology, warn: options.warn });
      cleanups.push(async () => {
        removeEmbeddedEnv(join(dir, 'embedded.env'));
        await emulators!.close();
      });
      writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
      emulatorsMs = emulators.startupMs;
      step(`  Okta org ${emulators.okta.origin} · Auth0 tenant ${emulators.auth0.origin} (${emulators.startupMs} ms)`);
    }

    const config = loadConfig({ env, dir });
    if (config.target === 'live') {
      step(`Preflight on the live target (Auth0 ${config.auth0.domain}, Okta ${config.okta.orgUrl})…`);
      const checked = await preflightOrThrow({
        config,
        dir,
        env,
        scope: options.preflight ?? 'run',
        onResult: result => result.status !== 'pass' && step(`  ${formatCheck(result)}`),
      });
      step(`  preflight passed in ${checked.durationMs} ms`);
    }
    const wanted = options.demoApp ?? demoAppAddress(env.BASE_URL ?? config.baseUrl);
    const listener: DemoAppListener = await listenForDemoApp(wanted.host, wanted.port);
    cleanups.push(() => listener.close());

    step(`Provisioning the run on the ${options.target} target…`);
    const tProvision = performance.now();
    let run: ProvisionResult;
    try {
      run = await provision({ config, dir, users: options.users, baseUrl: listener.url, onProgress: options.onProgress });
    } catch (error) {
      // On live the tenants keep what was made; the emulators forget it as they stop.
      if (config.target === 'live' && readManifest(dir)?.resources.length && error instanceof Error)
        throw new HalfProvisionedError(error, teardownCommand({ target: 'live', dir }));
      if (config.target === 'embedded') removeRunFiles(dir);
      throw error;
    }
    cleanups.push(() => teardown({ config, dir }));
    const provisionMs = Math.round(performance.now() - tProvision);

    const tDemo = performance.now();
    const flowSource = emulators
      ? emulatorSessionFlows(
          {
            auth0: [emulators.auth0.origin, ...(emulators.auth0.custom ? [emulators.auth0.custom.origin] : [])],
            okta: emulators.okta.origin,
            app: [new URL(listener.url).origin],
          },
          { token: emulators.env.EMULATOR_CONTROL_PLANE_TOKEN, caCertPem: emulators.tls.caCertPem },
        )
      : tenantLogSessionFlows(config);
    const demo = listener.attach(loadDemoAppConfig({ ...run.runEnv, BASE_URL: listener.url }), { flowSource });
    const demoAppMs = Math.round(performance.now() - tDemo);

    return {
      target: options.target,
      config,
      dir,
      emulators,
      run,
      demoApp: { ...demo, url: listener.url },
      timings: { emulatorsMs, provisionMs, demoAppMs, totalMs: Math.round(performance.now() - t0) },
      async stop({ keep = false } = {}) {
        await listener.close();
        let summary: TeardownSummary | undefined;
        if (!keep) summary = await teardown({ config, dir, onProgress: options.onProgress });
        if (emulators) {
          removeEmbeddedEnv(join(dir, 'embedded.env'));
          await emulators.close();
        }
        return summary;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** localhost:3000 unless BASE_URL says otherwise. */
export function demoAppAddress(baseUrl: string): { host: string; port: number } {
  const url = new URL(baseUrl);
  return { host: url.hostname, port: defaultPort(url) };
}
