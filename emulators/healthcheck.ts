// The emulators' container health check (Dockerfile HEALTHCHECK): healthy once both emulators
// answer GET /_emulator/health over TLS with the CA they were issued by. Their addresses come from
// the embedded.env they wrote when ready (ports may be chosen at start); until then, unhealthy.
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { harnessDir } from '../lib/paths.ts';

function health(origin: string, ca: string): Promise<string> {
  return new Promise(resolve => {
    const req = request(`${origin}/_emulator/health`, { ca, timeout: 2000 }, res => {
      let body = '';
      res.setEncoding('utf8').on('data', chunk => (body += chunk));
      res.on('end', () => resolve(res.statusCode === 200 && /"status":"ok"/.test(body) ? 'ok' : `${origin} answered ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 2 s')));
    req.on('error', error => resolve(`${origin}: ${error.message}`));
    req.end();
  });
}

// The paths of start.ts's embeddedEnvPath() and local-ca.ts's CA, without loading the emulators (this runs every few seconds).
const envPath = join(harnessDir(), 'embedded.env');
if (!existsSync(envPath)) {
  console.error(`not ready: ${envPath} is not written yet`);
  process.exit(1);
}
const env = parse(readFileSync(envPath));
const ca = readFileSync(join(harnessDir(), 'tls', 'ca.pem'), 'utf8');
const results = await Promise.all([`https://${env.AUTH0_DOMAIN}`, env.OKTA_ORG_URL!].map(origin => health(origin, ca)));
const failed = results.filter(result => result !== 'ok');
if (failed.length) console.error(failed.join('\n'));
process.exit(failed.length ? 1 : 0);
