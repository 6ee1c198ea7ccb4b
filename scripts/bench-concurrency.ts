// `npm run bench:concurrency`: the emulators under parallel load, measured (a benchmark, not a
// test: it prints figures and fails only on errors). On a fresh pair of emulators:
//   1. 50 federated logins at once (app → Auth0 /authorize → home realm discovery → Okta sign-in
//      over the IDX API → Auth0 broker → code exchange), each a different Okta user: every ID
//      token must name its own user;
//   2. 200 Management API writes at once on each emulator (Okta: create user; Auth0: create
//      client), raw HTTP, no client-side retry, so that rate limiting shows as the vendor answers it.
// Errors must be 0; a 429 in the vendor's shape with its rate-limit headers is counted apart.
// BENCH_LOGINS and BENCH_WRITES change the counts.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureLocalTls, nodeExtraCaCertsFile } from '../emulators/tls/local-ca.ts';
import { startEmulators, type Emulators } from '../emulators/start.ts';
import { fetchTrusting } from '../lib/trusting-fetch.ts';
import { log } from '../lib/redaction.ts';
import { PASSWORD, provisionFederation, type Federation } from '../fixtures/auth0/federation.ts';
import { federatedLogin } from './federated-login.ts';
import { managementToken } from '../fixtures/auth0/management-sdk.ts';

const LOGINS = Number(process.env.BENCH_LOGINS ?? 50);
const WRITES = Number(process.env.BENCH_WRITES ?? 200);

interface Outcome {
  ms: number;
  status: 'ok' | 'rate-limited' | 'error';
  detail?: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
}

function summary(name: string, outcomes: Outcome[], wallMs: number): string {
  const ok = outcomes.filter(o => o.status === 'ok');
  const limited = outcomes.filter(o => o.status === 'rate-limited').length;
  const errors = outcomes.filter(o => o.status === 'error');
  const ms = outcomes.map(o => o.ms);
  return (
    `${name.padEnd(34)} ${String(outcomes.length).padStart(4)} requests  ok ${String(ok.length).padStart(4)}  429 ${String(limited).padStart(4)}  errors ${errors.length}` +
    `  p50 ${percentile(ms, 50)} ms  p95 ${percentile(ms, 95)} ms  all done in ${wallMs} ms` +
    (errors.length ? `\n    first error: ${errors[0].detail}` : '')
  );
}

async function timed(run: () => Promise<Outcome['status']>): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const status = await run();
    return { ms: Math.round(performance.now() - t0), status };
  } catch (error) {
    return { ms: Math.round(performance.now() - t0), status: 'error', detail: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

async function federatedLogins(emulators: Emulators): Promise<[Outcome[], number]> {
  const federation: Federation = await provisionFederation(emulators);
  const users = await Promise.all(
    Array.from({ length: LOGINS }, async (_, i) => {
      const login = `bench${i}-${Date.now().toString(36)}@${federation.emailDomain}`;
      const user = await federation.okta.userApi.createUser({
        body: { profile: { firstName: `Bench${i}`, lastName: 'Load', email: login, login }, credentials: { password: { value: PASSWORD } } },
      });
      await federation.okta.applicationApi.assignUserToApplication({ appId: federation.oktaApp.id, appUser: { id: user.id! } });
      return { id: user.id!, login, password: PASSWORD };
    }),
  );
  const rp = await federation.rp();
  emulators.okta.refillRateLimits();
  emulators.auth0.refillRateLimits();
  const t0 = performance.now();
  const outcomes = await Promise.all(
    users.map(user =>
      timed(async () => {
        await federatedLogin(rp, federation, user);
        return 'ok';
      }),
    ),
  );
  return [outcomes, Math.round(performance.now() - t0)];
}

async function parallelWrites(emulators: Emulators, target: 'okta' | 'auth0'): Promise<[Outcome[], number]> {
  const transport = fetchTrusting(emulators.tls.caCertPem, 30_000);
  const token = target === 'auth0' ? await managementToken(emulators.auth0) : emulators.okta.apiToken;
  emulators.okta.refillRateLimits();
  emulators.auth0.refillRateLimits();
  const tag = Date.now().toString(36);
  const write = (i: number) =>
    target === 'okta'
      ? transport(`${emulators.okta.origin}/api/v1/users?activate=true`, {
          method: 'POST',
          headers: { authorization: `SSWS ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({
            profile: { firstName: 'Write', lastName: String(i), email: `w${i}-${tag}@bench.example`, login: `w${i}-${tag}@bench.example` },
          }),
        })
      : transport(`${emulators.auth0.origin}/api/v2/clients`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `bench ${i} ${tag}`, app_type: 'regular_web' }),
        });
  const t0 = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: WRITES }, (_, i) =>
      timed(async () => {
        const res = await write(i);
        const body = await res.text();
        if (res.ok) return 'ok';
        // Vendor-correct rate limiting: 429 in the vendor's error shape, with its rate-limit headers.
        const limitHeader = target === 'okta' ? res.headers.get('x-rate-limit-reset') : res.headers.get('x-ratelimit-reset');
        if (res.status === 429 && limitHeader && (target === 'okta' ? /"E0000047"/.test(body) : /"statusCode":429/.test(body))) return 'rate-limited';
        throw new Error(`${res.status} ${body.slice(0, 160)}`);
      }),
    ),
  );
  return [outcomes, Math.round(performance.now() - t0)];
}

async function main() {
  // The Okta SDK trusts the local CA through NODE_EXTRA_CA_CERTS, read only at process start.
  if (process.env.BENCH_WITH_CA !== '1') {
    const tls = await ensureLocalTls();
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: nodeExtraCaCertsFile(tls), BENCH_WITH_CA: '1' },
    });
    child.on('close', code => process.exit(code ?? 1));
    return;
  }
  log.info(`Concurrency benchmark: ${LOGINS} parallel federated logins, ${WRITES} parallel Management API writes per emulator on this machine.`);
  const emulators = await startEmulators({ topology: { auth0: { host: '127.0.0.2', port: 0 }, okta: { host: '127.0.0.3', port: 0 } }, warn: log.warn });
  let errors = 0;
  try {
    const [logins, loginsMs] = await federatedLogins(emulators);
    log.info(summary(`${LOGINS} parallel federated logins`, logins, loginsMs));
    const [okta, oktaMs] = await parallelWrites(emulators, 'okta');
    log.info(summary(`${WRITES} parallel Okta user creates`, okta, oktaMs));
    const [auth0, auth0Ms] = await parallelWrites(emulators, 'auth0');
    log.info(summary(`${WRITES} parallel Auth0 client creates`, auth0, auth0Ms));
    errors = [...logins, ...okta, ...auth0].filter(o => o.status === 'error').length;
  } finally {
    await emulators.close();
  }
  if (errors) {
    log.error(`${errors} errors (besides vendor-correct 429s).`);
    process.exit(1);
  }
  log.info('No errors besides vendor-correct 429s.');
  process.exit(0);
}

main().catch(error => {
  log.error('The benchmark could not run:', error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
