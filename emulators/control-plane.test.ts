// The control plane (/_emulator/*) cannot be driven by a web page nor by anyone without the run's
// token: a foreign Origin is 403, a write that is not application/json is 415, a missing or wrong
// token is 401 — and a refused request changes nothing. GET /health stays open for health checks;
// the admin hook takes its own token only. The emulators bind loopback unless asked otherwise.
// docs/security.md, "Security of the harness".
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '../fixtures/emulators.ts';
import { rawRequest } from '../fixtures/raw-https.ts';
import { startEmulators, writeEmbeddedEnv, type Emulators } from './start.ts';
import { checkBindHosts, isLoopbackHost, TopologyError } from './topology.ts';
import { loadConfig } from '../provisioning/config.ts';

function send(emulators: Emulators, origin: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return rawRequest(origin, emulators.tls.caCertPem, { method, path, headers, body });
}

test.describe('control plane protections', () => {
  test('GET /_emulator/health needs nothing; every other route needs the bearer token', async ({ emulators }) => {
    for (const origin of [emulators.okta.origin, emulators.auth0.origin]) {
      expect((await send(emulators, origin, 'GET', '/_emulator/health')).status).toBe(200);
      for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}`]) {
        const res = await send(emulators, origin, 'GET', '/_emulator/events', authorization ? { authorization } : {});
        expect(res.status, `${origin} with ${authorization}`).toBe(401);
        expect(res.headers['www-authenticate']).toContain('Bearer');
        expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_token' });
      }
      const ok = await send(emulators, origin, 'GET', '/_emulator/events', { authorization: `Bearer ${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}` });
      expect(ok.status).toBe(200);
    }
  });

  test("GET /_emulator/ca.pem needs no token and serves the CA the emulators' certificate is issued by", async ({ emulators }) => {
    for (const origin of [emulators.okta.origin, emulators.auth0.origin]) {
      const res = await send(emulators, origin, 'GET', '/_emulator/ca.pem');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('application/x-pem-file');
      expect(res.body).toBe(emulators.tls.caCertPem);
    }
  });

  test('what a web page could send — text/plain, a form, no body, a foreign Origin — is refused and resets nothing', async ({ emulators }) => {
    const token = { authorization: `Bearer ${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}` };
    const rule = JSON.stringify({ path: '^/never$', status: 503, times: 1 });
    expect((await send(emulators, emulators.okta.origin, 'POST', '/_emulator/faults', { ...token, 'content-type': 'application/json' }, rule)).status).toBe(
      201,
    );
    const attempts: [Record<string, string>, string | undefined, number][] = [
      [{ 'content-type': 'text/plain' }, 'x', 401],
      [{}, undefined, 401],
      [{ ...token, 'content-type': 'text/plain' }, 'x', 415],
      [{ ...token, 'content-type': 'application/x-www-form-urlencoded' }, 'a=b', 415],
      [{ ...token }, undefined, 415],
      [{ ...token, 'content-type': 'application/json', origin: 'https://evil.example' }, '{}', 403],
      [{ ...token, 'content-type': 'application/json', origin: 'null' }, '{}', 403],
    ];
    for (const [headers, body, status] of attempts) {
      for (const origin of [emulators.okta.origin, emulators.auth0.origin]) {
        const res = await send(emulators, origin, 'POST', '/_emulator/reset', headers, body);
        expect(res.status, `${JSON.stringify(headers)} on ${origin}`).toBe(status);
        expect(typeof JSON.parse(res.body).error).toBe('string');
      }
    }
    // The fault rule survived every refused reset.
    const faults = await send(emulators, emulators.okta.origin, 'GET', '/_emulator/faults', token);
    expect(JSON.parse(faults.body)).toEqual([expect.objectContaining({ path: '^/never$' })]);
    // Its own origin and JSON: accepted.
    const reset = await send(emulators, emulators.okta.origin, 'POST', '/_emulator/reset', {
      ...token,
      'content-type': 'application/json',
      origin: emulators.okta.origin,
    });
    expect(reset.status).toBe(204);
    expect(JSON.parse((await send(emulators, emulators.okta.origin, 'GET', '/_emulator/faults', token)).body)).toEqual([]);
  });

  test('the admin hook takes its own token, not the control-plane token (and the other way round)', async ({ emulators }) => {
    const body = JSON.stringify({ action: 'clear-user-sessions' });
    const json = { 'content-type': 'application/json' };
    const withControlToken = await send(
      emulators,
      emulators.okta.origin,
      'POST',
      '/_emulator/admin-hook',
      { ...json, authorization: `Bearer ${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}` },
      body,
    );
    expect(withControlToken.status).toBe(401);
    const withHookToken = await send(
      emulators,
      emulators.okta.origin,
      'POST',
      '/_emulator/admin-hook',
      { ...json, authorization: `Bearer ${emulators.okta.adminHookToken}` },
      body,
    );
    expect(withHookToken.status).toBe(400); // authorised; the action lacks its userId
    const hookTokenElsewhere = await send(emulators, emulators.okta.origin, 'GET', '/_emulator/events', {
      authorization: `Bearer ${emulators.okta.adminHookToken}`,
    });
    expect(hookTokenElsewhere.status).toBe(401);
  });

  test('the token is per run, written to embedded.env (mode 0600) and required by the embedded configuration', async ({ emulators }) => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-control-plane-'));
    try {
      const path = writeEmbeddedEnv(emulators.env, join(dir, 'embedded.env'));
      expect(readFileSync(path, 'utf8')).toContain(`EMULATOR_CONTROL_PLANE_TOKEN=${emulators.env.EMULATOR_CONTROL_PLANE_TOKEN}`);
      expect(loadConfig({ dir, env: {} }).controlPlaneToken).toBe(emulators.env.EMULATOR_CONTROL_PLANE_TOKEN);
      const other = await startEmulators({ topology: { auth0: { host: '127.0.0.2', port: 0 }, okta: { host: '127.0.0.3', port: 0 } } });
      try {
        expect(other.env.EMULATOR_CONTROL_PLANE_TOKEN).not.toBe(emulators.env.EMULATOR_CONTROL_PLANE_TOKEN);
        expect(other.okta.controlPlaneToken).toBe(other.auth0.controlPlaneToken);
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.describe('bind hosts', () => {
  test('loopback hosts are 127.0.0.0/8, ::1 and localhost', () => {
    for (const host of ['127.0.0.1', '127.0.0.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.com', '::ffff:10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  test('a non-loopback host is refused with what to set; allowed on request, with one warning line', async () => {
    const topology = { auth0: { host: '0.0.0.0', port: 0 }, okta: { host: '127.0.0.3', port: 0 } };
    await expect(startEmulators({ topology })).rejects.toThrow(TopologyError);
    await expect(startEmulators({ topology })).rejects.toThrow(/0\.0\.0\.0 \(auth0\).*EMULATORS_ALLOW_REMOTE=1/s);
    const warnings: string[] = [];
    checkBindHosts(topology, true, line => warnings.push(line));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warning: the emulators listen on 0\.0\.0\.0 \(auth0\)/);
  });
});
