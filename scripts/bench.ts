// `npm run bench`: how fast the emulators start, log in and hold up, and, when the peer is
// installed (`npm ci --prefix bench`), the same figures for the peer in the same run, trials
// interleaved, with the ratio. A benchmark, not a test: it prints one table, writes JSON, and fails
// only when a login fails.
//
//   cold start, whole process   the command `npm run emulators` runs → both discovery documents 200
//                               (peer: its start command → its discovery document 200)
//   cold start, in-process      the start function → discovery 200, modules already loaded
//   login                       warm, sequential, one at a time: app → Auth0 → Okta → Auth0 → app and
//                               the code exchange (peer: its single-hop login and code exchange)
//   throughput                  BENCH_CLIENTS clients logging in for BENCH_SECONDS
//   RSS                         of the emulator process after start, and after BENCH_SOAK logins
// Both servers run as processes of their own, driven over HTTP from this one.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as client from 'openid-client';
import { harnessDir, projectRoot } from '../lib/paths.ts';
import { log } from '../lib/redaction.ts';
import { fetchTrusting, type Fetch } from '../lib/trusting-fetch.ts';
import { ensureLocalTls, nodeExtraCaCertsFile, type TlsMaterial } from '../emulators/tls/local-ca.ts';
import type { Emulators } from '../emulators/start.ts';
import { atRelyingParty, provisionFederation, RP_CALLBACK, type Federation } from '../fixtures/auth0/federation.ts';
import { HttpBrowser } from '../fixtures/http-browser.ts';
import { federatedLogin } from './federated-login.ts';
import { unusedPort } from '../fixtures/unused-port.ts';

const TRIALS = positive('BENCH_TRIALS', 7);
const LOGINS = positive('BENCH_LOGINS', 200);
const CLIENTS = positive('BENCH_CLIENTS', 8);
const SECONDS = positive('BENCH_SECONDS', 10);
const SOAK = positive('BENCH_SOAK', 2000);
// Its own run-time directory (local CA, signing keys, embedded.env), shared with the processes it starts.
process.env.HARNESS_DIR ??= join(projectRoot, '.harness', 'bench');
const BENCH_DIR = harnessDir();
const PEER_DIR = join(projectRoot, 'bench');
const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU time in 1/100 s

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
  return value;
}

interface Server {
  name: 'ours' | 'peer';
  child: ChildProcess;
  /** Logs one user in with a fresh browser; throws on any failure. */
  login(): Promise<void>;
  stop(): Promise<void>;
}

interface Figures {
  coldStartMs: number[];
  inProcessStartMs: number[];
  rssAfterStartMb: number[];
  loginMs: number[];
  cpuPerLoginMs?: number;
  throughputPerS?: number;
  throughputErrors?: number;
  rssOverLogins: { logins: number; rssMb: number }[];
}

const freshFigures = (): Figures => ({ coldStartMs: [], inProcessStartMs: [], rssAfterStartMb: [], loginMs: [], rssOverLogins: [] });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}
const median = (values: number[]) => percentile(values, 50);

/** A free port (`below`: the peer refuses ports of 10000 and above). */
async function freePort(host: string, below?: number): Promise<number> {
  if (below) {
    for (;;) {
      const port = 4400 + Math.floor(Math.random() * (below - 4400));
      if (await bindable(host, port)) return port;
    }
  }
  return unusedPort(host);
}

function bindable(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** Resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** User + system CPU time a process has used so far, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Polls `url` until it answers 200. */
async function until200(transport: Fetch, url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await transport(url);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not answer 200 within the time allowed`);
    await new Promise(resolve => setTimeout(resolve, 2));
  }
}

/** The command `npm run emulators` runs (package.json), with this Node. */
function emulatorsCommand(): string[] {
  const script = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.emulators;
  const words = script.replace(/^exec\s+/, '').split(/\s+/);
  if (words[0] !== 'node') throw new Error(`the emulators script must start with node, got "${script}"`);
  return [process.execPath, ...words.slice(1)];
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts a command and times it until every URL answers 200. */
async function coldStart(command: string[], env: NodeJS.ProcessEnv, urls: string[], transport: Fetch) {
  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), { cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', chunk => (stderr += String(chunk)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', code => reject(new Error(`${command.join(' ')} exited (${code}) before it answered:\n${stderr}`))),
  );
  await Promise.race([Promise.all(urls.map(url => until200(transport, url, t0 + 30_000))), exited]);
  const ms = performance.now() - t0;
  exited.catch(() => {});
  return { ms, child };
}

// ---- this project ----

async function startOurs(tls: TlsMaterial, transport: Fetch, figures: Figures): Promise<Server> {
  const [auth0Port, oktaPort] = [await freePort('127.0.0.2'), await freePort('127.0.0.3')];
  const envFile = join(BENCH_DIR, 'embedded.env');
  const { ms, child } = await coldStart(
    emulatorsCommand(),
    { AUTH0_EMULATOR_HOST: '127.0.0.2', AUTH0_EMULATOR_PORT: String(auth0Port), OKTA_EMULATOR_HOST: '127.0.0.3', OKTA_EMULATOR_PORT: String(oktaPort) },
    [`https://127.0.0.2:${auth0Port}/.well-known/openid-configuration`, `https://127.0.0.3:${oktaPort}/.well-known/openid-configuration`],
    transport,
  );
  figures.coldStartMs.push(ms);
  figures.rssAfterStartMb.push(rssMb(child.pid!));
  let federation: Federation | undefined;
  let rp: client.Configuration | undefined;
  return {
    name: 'ours',
    child,
    async login() {
      if (!federation) {
        while (!existsSync(envFile)) await new Promise(resolve => setTimeout(resolve, 5));
        const env = Object.fromEntries(
          readFileSync(envFile, 'utf8')
            .split('\n')
            .filter(line => line && !line.startsWith('#'))
            .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
        );
        // What the test kit reads of the pair, here from the process's .harness/embedded.env.
        const view = {
          okta: { origin: env.OKTA_ORG_URL, domain: new URL(env.OKTA_ORG_URL).host, apiToken: env.OKTA_API_TOKEN },
          auth0: {
            origin: `https://${env.AUTH0_DOMAIN}`,
            domain: env.AUTH0_DOMAIN,
            issuer: `https://${env.AUTH0_DOMAIN}/`,
            managementClient: { clientId: env.AUTH0_CLIENT_ID, clientSecret: env.AUTH0_CLIENT_SECRET },
          },
        };
        federation = await provisionFederation(view as unknown as Emulators);
        rp = await federation.rp();
      }
      await federatedLogin(rp!, federation);
    },
    stop: () => stopChild(child),
  };
}

async function inProcessOurs(transport: Fetch): Promise<number> {
  const { startEmulators } = await import('../emulators/start.ts');
  const t0 = performance.now();
  const emulators = await startEmulators({ topology: { auth0: { host: '127.0.0.2', port: 0 }, okta: { host: '127.0.0.3', port: 0 } } });
  await Promise.all([
    until200(transport, `${emulators.auth0.origin}/.well-known/openid-configuration`, t0 + 30_000),
    until200(transport, `${emulators.okta.origin}/.well-known/openid-configuration`, t0 + 30_000),
  ]);
  const ms = performance.now() - t0;
  await emulators.close();
  return ms;
}

// ---- the peer ----

interface PeerModule {
  simulation(args: { options: { port: number } }): { listen(port: number): Promise<{ port: number; ensureClose(): Promise<void> }> };
  defaultUser: { email: string; password: string };
}

const peerInstalled = () => existsSync(join(PEER_DIR, 'node_modules', '@simulacrum', 'auth0-simulator', 'package.json'));

/** The peer reads its certificate from $HOME/.simulacrum/certs: one from the local CA, in a home of its own. */
function peerHome(tls: TlsMaterial): string {
  const home = join(BENCH_DIR, 'peer-home');
  mkdirSync(join(home, '.simulacrum', 'certs'), { recursive: true });
  writeFileSync(join(home, '.simulacrum', 'certs', 'localhost.pem'), tls.certPem, { mode: 0o600 });
  writeFileSync(join(home, '.simulacrum', 'certs', 'localhost-key.pem'), tls.keyPem, { mode: 0o600 });
  return home;
}

async function startPeer(home: string, peer: PeerModule, transport: Fetch, figures: Figures): Promise<Server> {
  const port = await freePort('127.0.0.1', 10_000);
  const origin = `https://localhost:${port}`;
  const { ms, child } = await coldStart(
    [process.execPath, join(PEER_DIR, 'peer-start.mjs')],
    { HOME: home, PEER_PORT: String(port) },
    [`${origin}/.well-known/openid-configuration`],
    transport,
  );
  figures.coldStartMs.push(ms);
  figures.rssAfterStartMb.push(rssMb(child.pid!));
  return { name: 'peer', child, login: () => peerLogin(origin, peer.defaultUser, transport), stop: () => stopChild(child) };
}

/** The peer's login as its hosted page and auth0.js drive it: /authorize → /login → credentials → its form post → code → token. */
async function peerLogin(origin: string, user: { email: string; password: string }, transport: Fetch): Promise<void> {
  const browser = new HttpBrowser();
  const clientId = '00000000000000000000000000000000';
  const [state, nonce, codeVerifier] = [client.randomState(), client.randomNonce(), client.randomPKCECodeVerifier()];
  const authorize = new URL('/authorize', origin);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: RP_CALLBACK,
    response_type: 'code',
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  }).toString();
  const loginPage = await browser.navigate(authorize, { stopBefore: atRelyingParty });
  if (loginPage.status !== 200) throw new Error(`peer /authorize → ${loginPage.status}`);
  const credentials = {
    client_id: clientId,
    redirect_uri: RP_CALLBACK,
    tenant: 'localhost',
    response_type: 'code',
    scope: 'openid profile email',
    state,
    nonce,
    connection: 'Username-Password-Authentication',
    username: user.email,
    password: user.password,
  };
  const formPage = await browser.navigate(new URL('/usernamepassword/login', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(credentials),
    initiator: loginPage.url,
  });
  const callback = await browser.submit(formPage.form(), {}, { stopBefore: atRelyingParty });
  const code = new URL(callback.url).searchParams.get('code');
  if (!callback.stopped || !code) throw new Error(`peer login did not reach the callback: ${callback.url}`);
  const response = await transport(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: RP_CALLBACK, code_verifier: codeVerifier }),
  });
  const tokens = (await response.json()) as { id_token?: string };
  if (response.status !== 200 || !tokens.id_token) throw new Error(`peer token request → ${response.status} ${JSON.stringify(tokens).slice(0, 300)}`);
  const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString()) as { email?: string; nonce?: string };
  if (claims.email !== user.email || claims.nonce !== nonce) throw new Error(`peer login came back as ${String(claims.email)}`);
}

/** The peer's module, loaded with HOME pointing at its certificates (it reads os.homedir() as it loads). */
async function importPeer(home: string): Promise<PeerModule> {
  const previousHome = process.env.HOME;
  process.env.HOME = home;
  try {
    return (await import(pathToFileURL(join(PEER_DIR, 'peer-in-process.mjs')).href)) as PeerModule;
  } finally {
    process.env.HOME = previousHome;
  }
}

async function inProcessPeer(peer: PeerModule, transport: Fetch): Promise<number> {
  const port = await freePort('127.0.0.1', 10_000);
  const t0 = performance.now();
  const listening = await peer.simulation({ options: { port } }).listen(port);
  await until200(transport, `https://localhost:${port}/.well-known/openid-configuration`, t0 + 30_000);
  const ms = performance.now() - t0;
  await listening.ensureClose();
  return ms;
}

// ---- the run ----

async function timedLogin(server: Server, into: number[]): Promise<void> {
  const t0 = performance.now();
  await server.login();
  into.push(performance.now() - t0);
}

/** CLIENTS concurrent clients logging in for SECONDS. */
async function throughput(server: Server, figures: Figures): Promise<void> {
  let done = 0;
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        try {
          await server.login();
          done++;
        } catch (error) {
          if (++errors === 1) log.warn(`${server.name}: a login failed under load: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }),
  );
  figures.throughputPerS = done / SECONDS;
  figures.throughputErrors = errors;
}

async function soak(server: Server, figures: Figures): Promise<void> {
  let started = 0;
  let completed = 0;
  const every = Math.max(1, Math.floor(SOAK / 5));
  figures.rssOverLogins.push({ logins: 0, rssMb: rssMb(server.child.pid!) });
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (started < SOAK) {
        started++;
        await server.login();
        if (++completed % every === 0) figures.rssOverLogins.push({ logins: completed, rssMb: rssMb(server.child.pid!) });
      }
    }),
  );
}

function row(label: string, ours: number | undefined, peer: number | undefined, unit: string, digits = 0): string[] {
  const show = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : `${v.toFixed(digits)} ${unit}`);
  const ratio = ours !== undefined && peer !== undefined && peer > 0 && !Number.isNaN(ours) ? `${(ours / peer).toFixed(2)}×` : '';
  return [label, show(ours), show(peer), ratio];
}

function table(rows: string[][]): string {
  const header = ['figure', 'this project', 'peer', 'ratio'];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map(r => r[i].length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main() {
  // Node reads NODE_EXTRA_CA_CERTS only at start: the SDKs and the test kit's fetch trust the local
  // CA through it, so the bench runs itself again with it set.
  if (process.env.BENCH_WITH_CA !== '1') {
    const tls = await ensureLocalTls();
    const child = spawn(process.execPath, ['--import', 'tsx', ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: nodeExtraCaCertsFile(tls), BENCH_WITH_CA: '1' },
    });
    child.on('close', code => process.exit(code ?? 1));
    return;
  }
  const tls = await ensureLocalTls();
  const transport = fetchTrusting(tls.caCertPem, 5000);
  const ours = freshFigures();
  const peer = freshFigures();
  const withPeer = peerInstalled();
  const home = withPeer ? peerHome(tls) : '';
  const peerModule = withPeer ? await importPeer(home) : undefined;
  log.info(
    withPeer ? 'Benchmark: this project and the peer, trials interleaved.' : 'Benchmark: this project (the peer is not installed: npm ci --prefix bench).',
  );

  // Cold starts: TRIALS + 1 (the first is a warm-up and not counted), A B A B …
  for (let trial = 0; trial <= TRIALS; trial++) {
    const warmup = trial === 0;
    const sink = (figures: Figures) => (warmup ? freshFigures() : figures);
    const a = await startOurs(tls, transport, sink(ours));
    await a.stop();
    if (peerModule) await (await startPeer(home, peerModule, transport, sink(peer))).stop();
    const inProcess = await inProcessOurs(transport);
    if (!warmup) ours.inProcessStartMs.push(inProcess);
    if (peerModule) {
      const ms = await inProcessPeer(peerModule, transport);
      if (!warmup) peer.inProcessStartMs.push(ms);
    }
    process.stdout.write(`\r  cold starts ${trial}/${TRIALS}`);
  }
  process.stdout.write('\n');

  // One long-lived server each for logins, throughput and memory.
  const servers: [Server, Figures][] = [[await startOurs(tls, transport, freshFigures()), ours]];
  if (peerModule) servers.push([await startPeer(home, peerModule, transport, freshFigures()), peer]);
  try {
    for (const [server] of servers) for (let i = 0; i < 20; i++) await server.login(); // warm-up
    const cpuBefore = servers.map(([server]) => cpuMs(server.child.pid!));
    for (let i = 0; i < LOGINS; i++) for (const [server, figures] of servers) await timedLogin(server, figures.loginMs);
    for (const [i, [server, figures]] of servers.entries()) figures.cpuPerLoginMs = (cpuMs(server.child.pid!) - cpuBefore[i]) / LOGINS;
    log.info(`  ${LOGINS} sequential logins each: done`);
    for (const [server, figures] of servers) await throughput(server, figures);
    log.info(`  throughput, ${CLIENTS} clients × ${SECONDS} s each: done`);
    for (const [server, figures] of servers) await soak(server, figures);
    log.info(`  ${SOAK} more logins each (memory): done`);
  } finally {
    for (const [server] of servers) await server.stop();
  }

  const last = (f: Figures) => f.rssOverLogins.at(-1)?.rssMb;
  const p = withPeer ? peer : undefined;
  const rows = [
    row('cold start, whole process → discovery 200 (median)', median(ours.coldStartMs), p && median(p.coldStartMs), 'ms'),
    row('cold start, in-process start function → 200 (median)', median(ours.inProcessStartMs), p && median(p.inProcessStartMs), 'ms', 1),
    row('login, warm, sequential: median', median(ours.loginMs), p && median(p.loginMs), 'ms', 1),
    row('login, warm, sequential: p95', percentile(ours.loginMs, 95), p && percentile(p.loginMs, 95), 'ms', 1),
    row('server CPU per login', ours.cpuPerLoginMs, p?.cpuPerLoginMs, 'ms', 1),
    row(`throughput, ${CLIENTS} clients × ${SECONDS} s`, ours.throughputPerS, p?.throughputPerS, 'logins/s', 1),
    row('RSS after start (median)', median(ours.rssAfterStartMb), p && median(p.rssAfterStartMb), 'MB'),
    row(`RSS after ${LOGINS + SOAK + 20} logins and the throughput run`, last(ours), p && last(p), 'MB'),
  ];
  const output = table(rows);
  console.log(`\n${output}\n`);
  console.log(`  our login: ${ours.loginMs.length} logins of 14 requests each (app → Auth0 → Okta → Auth0 → app + token); the peer's: 5 requests, one hop.`);
  console.log(`  RSS over logins, ours: ${ours.rssOverLogins.map(s => `${s.logins}: ${s.rssMb} MB`).join(', ')}`);
  if (p) console.log(`  RSS over logins, peer: ${p.rssOverLogins.map(s => `${s.logins}: ${s.rssMb} MB`).join(', ')}`);
  const errors = (ours.throughputErrors ?? 0) + (p?.throughputErrors ?? 0);
  const jsonPath = process.env.BENCH_JSON ?? join(BENCH_DIR, 'bench.json');
  mkdirSync(join(jsonPath, '..'), { recursive: true });
  const round = (values: number[]) => values.map(v => Math.round(v * 10) / 10);
  const summary = (f: Figures) => ({
    coldStartMs: round(f.coldStartMs),
    inProcessStartMs: round(f.inProcessStartMs),
    rssAfterStartMb: f.rssAfterStartMb,
    login: { medianMs: median(f.loginMs), p95Ms: percentile(f.loginMs, 95), count: f.loginMs.length },
    cpuPerLoginMs: f.cpuPerLoginMs,
    throughput: { clients: CLIENTS, seconds: SECONDS, loginsPerS: f.throughputPerS, errors: f.throughputErrors },
    rssOverLogins: f.rssOverLogins,
  });
  writeFileSync(
    jsonPath,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: (await import('node:os')).cpus().length,
        table: output,
        ours: summary(ours),
        ...(p ? { peer: summary(p) } : {}),
      },
      null,
      2,
    ) + '\n',
  );
  log.info(`Figures written to ${jsonPath}`);
  if (errors) {
    log.error(`${errors} logins failed under load.`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch(error => {
  log.error('The benchmark could not run:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
