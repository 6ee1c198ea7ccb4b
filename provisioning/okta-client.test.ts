// The Okta client's connection pool against a server that closes idle connections (the emulators,
// like most servers, announce `Keep-Alive: timeout=5`).
import { request } from 'node:https';
import type { Socket } from 'node:net';
import { test, expect } from '../fixtures/emulators.ts';
import { ensureLocalTls } from '../emulators/tls/local-ca.ts';
import { trustingOktaAgent } from './okta-client.ts';

test('an idle pooled socket is dropped before the server\'s announced keep-alive timeout (no "socket hang up" after a pause)', async ({ oktaOrg }) => {
  const agent = trustingOktaAgent((await ensureLocalTls()).caCertPem);
  try {
    const { keepAlive, socket } = await new Promise<{ keepAlive: string; socket: Socket }>((resolve, reject) => {
      const req = request(`${oktaOrg.issuer}/.well-known/openid-configuration`, { agent }, res => {
        res.resume();
        res.on('end', () => setImmediate(() => resolve({ keepAlive: String(res.headers['keep-alive']), socket: req.socket! })));
      });
      req.on('error', reject);
      req.end();
    });
    expect(keepAlive).toBe('timeout=5');
    // Back in the pool, the socket expires one second before the server's 5 s.
    expect(Object.values(agent.freeSockets).flat()).toContain(socket);
    expect(socket.timeout).toBe(4_000);
  } finally {
    agent.destroy();
  }
});
