// A Testcontainers module for the emulator pair (an Auth0 tenant and an Okta org in one container):
//
//   const emulators = await new OktaWorkforceEmulators().start();
//   emulators.env   // AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, OKTA_ORG_URL, OKTA_API_TOKEN,
//                   // NODE_EXTRA_CA_CERTS, EMULATOR_CONTROL_PLANE_TOKEN — what `npm run emulators` writes
//   await emulators.stop();
//
// Topology: the container shares the machine's network (Docker's host networking, Linux), binds the
// usual loopback hosts itself (127.0.0.2 for Auth0, 127.0.0.3 for Okta, ports chosen at start), so
// the issuers are the URLs the browser and the SDKs use and the Auth0 emulator's back-channel
// logout reaches a relying party on the machine's localhost. Other platforms: docs/containers.md, "Use the
// emulators from any language".
//
// Ready means: both emulators answer GET /_emulator/health over TLS, checked against the CA they
// were issued by (read from the container: it is generated there unless one is given), never
// with certificate checks off. Clean-up: stop() removes the container; a container whose owner
// process died without stopping it (no Ryuk reaper where its image cannot be pulled) is removed by
// the next start on the same machine, found by its labels.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, type WaitStrategy } from 'testcontainers';
import type { EmbeddedEnv } from '../emulators/start.ts';
import type { Seeded, Seeds } from '../emulators/seeds.ts';
import type { Topology } from '../emulators/topology.ts';
import { nodeExtraCaCertsFile } from '../emulators/tls/local-ca.ts';
import { registerSecret } from '../lib/redaction.ts';
import { archiveOf, fileOfArchive, type FileForContainer } from './container-files.ts';

export const DEFAULT_EMULATORS_IMAGE = 'auth0-okta-workforce-harness/emulators:latest';

/** Labels on every container this module starts: what it is, and which process on which machine owns it. */
export const LABELS = {
  kind: 'auth0-okta-workforce-harness.kind',
  owner: 'auth0-okta-workforce-harness.owner',
} as const;

/** Where the image keeps its state (containers/Dockerfile: HARNESS_DIR). */
const STATE = '/harness';

export interface StartedOktaWorkforceEmulators {
  /** The variables `npm run emulators` writes; NODE_EXTRA_CA_CERTS names a file on this machine. */
  env: EmbeddedEnv;
  okta: { origin: string };
  auth0: { origin: string; domain: string; custom?: { origin: string } };
  caCertPem: string;
  /** What EMULATOR_SEEDS_FILE created (ids and secrets), when seeds were given. */
  seeded?: Seeded;
  /** Milliseconds from start() to both emulators healthy. */
  startupMs: number;
  container: StartedTestContainer;
  /** Stops and removes the container; removes the CA file this module wrote. */
  stop(): Promise<void>;
}

export class OktaWorkforceEmulators {
  private topology: Topology = { auth0: { host: '127.0.0.2', port: 0 }, okta: { host: '127.0.0.3', port: 0 } };
  private files: FileForContainer[] = [];
  private environment: Record<string, string> = {};
  private startupTimeoutMs = 60_000;

  constructor(private readonly image = DEFAULT_EMULATORS_IMAGE) {}

  /** Hosts and ports to bind (port 0: any free port), the Auth0 custom domain's too. Default: 127.0.0.2 (Auth0) and 127.0.0.3 (Okta). */
  withTopology(topology: Topology): this {
    this.topology = topology;
    return this;
  }

  /** Issue the emulators' certificate with this CA (ECDSA P-256, e.g. .harness/tls/) instead of one made in the container. */
  withCertificateAuthority(ca: { certPem: string; keyPem: string }): this {
    this.files.push({ name: 'ca-import/ca.pem', content: ca.certPem, mode: 0o644 }, { name: 'ca-import/ca-key.pem', content: ca.keyPem, mode: 0o600 });
    this.environment.EMULATOR_CA_CERT_FILE = `${STATE}/ca-import/ca.pem`;
    this.environment.EMULATOR_CA_KEY_FILE = `${STATE}/ca-import/ca-key.pem`;
    return this;
  }

  /** Apps, users and connections to create at start (docs/containers.md, "Use the emulators from any language"). */
  withSeeds(seeds: Seeds): this {
    this.files.push({ name: 'seeds.json', content: JSON.stringify(seeds), mode: 0o600 });
    this.environment.EMULATOR_SEEDS_FILE = `${STATE}/seeds.json`;
    return this;
  }

  /** Further variables of the image's configuration table (e.g. OKTA_DEFAULT_APP_SIGN_IN_POLICY). */
  withEnvironment(environment: Record<string, string>): this {
    Object.assign(this.environment, environment);
    return this;
  }

  withStartupTimeout(ms: number): this {
    this.startupTimeoutMs = ms;
    return this;
  }

  async start(): Promise<StartedOktaWorkforceEmulators> {
    const t0 = performance.now();
    await removeAbandonedContainers();
    const endpoint = (name: string, { host, port, publicHost }: { host: string; port: number; publicHost?: string }) => ({
      [`${name}_EMULATOR_HOST`]: host,
      [`${name}_EMULATOR_PORT`]: String(port),
      ...(publicHost ? { [`${name}_EMULATOR_PUBLIC_HOST`]: publicHost } : {}),
    });
    const ready = new EmulatorsHealthy();
    let container = new GenericContainer(this.image)
      .withNetworkMode('host')
      .withEnvironment({
        ...endpoint('AUTH0', this.topology.auth0),
        ...endpoint('OKTA', this.topology.okta),
        ...(this.topology.auth0CustomDomain ? endpoint('AUTH0_CUSTOM_DOMAIN', this.topology.auth0CustomDomain) : {}),
        ...this.environment,
      })
      .withLabels(harnessLabels('emulators'))
      .withWaitStrategy(ready)
      .withStartupTimeout(this.startupTimeoutMs);
    if (this.files.length) container = container.withCopyArchivesToContainer([{ tar: await archiveOf(this.files), target: STATE }]);

    const started = await container.start();
    const dir = mkdtempSync(join(tmpdir(), 'okta-workforce-emulators-'));
    try {
      const { env: containerEnv, caCertPem } = ready.result!;
      const caCertPath = join(dir, 'ca.pem');
      writeFileSync(caCertPath, caCertPem);
      const env: EmbeddedEnv = {
        AUTH0_DOMAIN: containerEnv.AUTH0_DOMAIN!,
        ...(containerEnv.AUTH0_CUSTOM_DOMAIN ? { AUTH0_CUSTOM_DOMAIN: containerEnv.AUTH0_CUSTOM_DOMAIN } : {}),
        AUTH0_CLIENT_ID: containerEnv.AUTH0_CLIENT_ID!,
        AUTH0_CLIENT_SECRET: containerEnv.AUTH0_CLIENT_SECRET!,
        OKTA_ORG_URL: containerEnv.OKTA_ORG_URL!,
        OKTA_API_TOKEN: containerEnv.OKTA_API_TOKEN!,
        NODE_EXTRA_CA_CERTS: nodeExtraCaCertsFile({ dir, caCertPath, caCertPem }),
        EMULATOR_CONTROL_PLANE_TOKEN: containerEnv.EMULATOR_CONTROL_PLANE_TOKEN!,
      };
      for (const secret of [env.AUTH0_CLIENT_SECRET, env.OKTA_API_TOKEN, env.EMULATOR_CONTROL_PLANE_TOKEN]) registerSecret(secret);
      const seeded = this.environment.EMULATOR_SEEDS_FILE
        ? (JSON.parse(await fileOfArchive(await started.copyArchiveFromContainer(`${STATE}/seeded.json`))) as Seeded)
        : undefined;
      return {
        env,
        okta: { origin: env.OKTA_ORG_URL },
        auth0: {
          origin: `https://${env.AUTH0_DOMAIN}`,
          domain: env.AUTH0_DOMAIN,
          ...(env.AUTH0_CUSTOM_DOMAIN ? { custom: { origin: `https://${env.AUTH0_CUSTOM_DOMAIN}` } } : {}),
        },
        caCertPem,
        ...(seeded ? { seeded } : {}),
        startupMs: Math.round(performance.now() - t0),
        container: started,
        stop: async () => {
          try {
            await started.stop({ remove: true, removeVolumes: true });
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    } catch (error) {
      await started.stop({ remove: true }).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
}

/** A Docker engine answers (through Testcontainers' own discovery: DOCKER_HOST, the socket, …), or why not. */
export async function dockerEngine(): Promise<{ available: true } | { available: false; reason: string }> {
  try {
    await getContainerRuntimeClient();
    return { available: true };
  } catch (error) {
    return { available: false, reason: `no Docker engine answers (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/** The image is on this machine (it is built here, never pulled: containers/build-images.sh). */
export async function imageExists(image = DEFAULT_EMULATORS_IMAGE): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.container.dockerode
    .getImage(image)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

/** Containers of this module on this machine whose owner process is gone (killed before its stop()). */
export async function removeAbandonedContainers(): Promise<number> {
  const client = await getContainerRuntimeClient();
  const mine = await client.container.dockerode.listContainers({ all: true, filters: JSON.stringify({ label: [LABELS.kind] }) });
  let removed = 0;
  for (const info of mine) {
    const [host, pid] = (info.Labels[LABELS.owner] ?? '').split(':');
    if (host !== hostname() || isRunning(Number(pid))) continue;
    await client.container.dockerode
      .getContainer(info.Id)
      .remove({ force: true })
      .then(() => removed++)
      .catch(() => {}); // removed meanwhile by another process
  }
  return removed;
}

/** The labels of a container this project starts: its kind, and this process on this machine as its owner. */
export function harnessLabels(kind: 'emulators' | 'demo-app'): Record<string, string> {
  return { [LABELS.kind]: kind, [LABELS.owner]: `${hostname()}:${process.pid}` };
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type DockerContainer = Parameters<WaitStrategy['waitUntilReady']>[0];

/**
 * Ready when the container has written its embedded.env (its addresses and credentials) and both
 * emulators answer GET /_emulator/health over TLS with the container's CA. A container that exits
 * first fails the start with the last lines of its log (the emulators' own error message).
 */
class EmulatorsHealthy implements WaitStrategy {
  result?: { env: Record<string, string>; caCertPem: string };
  private timeoutMs = 60_000;
  private timeoutSet = false;

  withStartupTimeout(ms: number): this {
    this.timeoutMs = ms;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.timeoutMs;
  }

  async waitUntilReady(container: DockerContainer): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    let last = 'not started';
    while (Date.now() < deadline) {
      const state = (await container.inspect()).State;
      if (!state.Running)
        throw new Error(`The emulators' container exited (status ${state.ExitCode}) before it was healthy:\n${await containerLog(container.id, 20)}`);
      try {
        const env = parse(await fileOfArchive(await container.getArchive({ path: `${STATE}/embedded.env` })));
        const caCertPem = await fileOfArchive(await container.getArchive({ path: `${STATE}/tls/ca.pem` }));
        await Promise.all([`https://${env.AUTH0_DOMAIN}`, env.OKTA_ORG_URL!].map(origin => healthy(origin, caCertPem)));
        this.result = { env, caCertPem };
        return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`The emulators were not healthy within ${this.timeoutMs} ms (last: ${last}):\n${await containerLog(container.id, 20)}`);
  }
}

/** GET {origin}/_emulator/health, trusting `ca`; resolves when 200 {status: "ok"}. */
function healthy(origin: string, ca: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/_emulator/health`, { ca, timeout: 2000 }, res => {
      let body = '';
      res.setEncoding('utf8').on('data', chunk => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200 && (JSON.parse(body) as { status?: string }).status === 'ok'
          ? resolve()
          : reject(new Error(`${origin}/_emulator/health answered ${res.statusCode}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${origin}/_emulator/health: no answer in 2 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** What the container wrote so far (stdout and stderr; the last `tail` lines), without following it. */
export async function containerLog(containerId: string, tail?: number): Promise<string> {
  const client = await getContainerRuntimeClient();
  const raw = (await client.container
    .getById(containerId)
    .logs({ stdout: true, stderr: true, follow: false, ...(tail ? { tail } : {}) })
    .catch(() => Buffer.alloc(0))) as Buffer;
  // Docker frames each chunk: 1 byte stream, 3 bytes zero, 4 bytes length (big-endian), the bytes.
  let text = '';
  for (let at = 0; at + 8 <= raw.length; at += 8 + raw.readUInt32BE(at + 4)) text += raw.subarray(at + 8, at + 8 + raw.readUInt32BE(at + 4)).toString('utf8');
  return text.trimEnd();
}
