// The demo app's container health check (Dockerfile HEALTHCHECK): GET /healthz where the app
// listens (HOST and PORT, else BASE_URL's port), over plain HTTP as the app serves it.
import { request } from 'node:http';
import { defaultPort } from './config.ts';

const port = process.env.PORT ? Number(process.env.PORT) : defaultPort(new URL(process.env.BASE_URL || 'http://localhost:3000'));
const bound = process.env.HOST?.trim() || 'localhost';
// An app bound to every address answers on loopback.
const host = ['0.0.0.0', '::'].includes(bound) ? '127.0.0.1' : bound;
const req = request({ host, port, path: '/healthz', timeout: 2000 }, res => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('no answer in 2 s')));
req.on('error', error => {
  console.error(`http://${host}:${port}/healthz: ${error.message}`);
  process.exit(1);
});
req.end();
