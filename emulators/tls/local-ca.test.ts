import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ensureLocalTls, nodeExtraCaCertsFile } from './local-ca.ts';

/** Runs a fresh Node process that fetches `url`; returns what it printed. */
function fetchInChild(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}).then(r => console.log('status ' + r.status), e => console.log('error ' + (e.cause?.code ?? e.message)))`;
  const { NODE_EXTRA_CA_CERTS: _drop, ...base } = process.env;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { env: { ...base, ...env } }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
  );
}

test.describe('local CA', () => {
  test('a Node client that trusts the CA connects; one that does not is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-tls-'));
    const tls = await ensureLocalTls(['127.0.0.2'], dir);
    const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>(r => server.listen(0, '127.0.0.2', r));
    const url = `https://127.0.0.2:${(server.address() as AddressInfo).port}/`;
    try {
      expect(await fetchInChild(url, { NODE_EXTRA_CA_CERTS: tls.caCertPath })).toBe('status 200');
      expect(await fetchInChild(url, {})).toMatch(/^error (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/);
    } finally {
      server.close();
    }
  });

  test('is created once and reused; a new host re-issues only the leaf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-tls-'));
    const first = await ensureLocalTls([], dir);
    const again = await ensureLocalTls([], dir);
    expect(again.caCertPem).toBe(first.caCertPem);
    expect(again.certPem).toBe(first.certPem);

    const widened = await ensureLocalTls(['127.0.0.9', 'harness.test'], dir);
    expect(widened.caCertPem).toBe(first.caCertPem);
    expect(widened.certPem).not.toBe(first.certPem);
    expect(widened.hosts).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '127.0.0.2', '127.0.0.3', '::1', '127.0.0.9', 'harness.test']));
  });

  test('private keys are readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-tls-'));
    await ensureLocalTls([], dir);
    for (const key of ['ca-key.pem', 'key.pem']) {
      expect(statSync(join(dir, key)).mode & 0o077).toBe(0);
      expect(readFileSync(join(dir, key), 'utf8')).toContain('BEGIN PRIVATE KEY');
    }
  });

  test('NODE_EXTRA_CA_CERTS: the machine bundle plus the CA, written once; a process already given that bundle keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-tls-'));
    const tls = await ensureLocalTls([], dir);
    const machine = join(dir, 'machine-bundle.pem');
    writeFileSync(machine, '-----BEGIN CERTIFICATE-----\nMACHINE\n-----END CERTIFICATE-----\n');

    expect(nodeExtraCaCertsFile(tls, '')).toBe(tls.caCertPath);
    const combined = nodeExtraCaCertsFile(tls, machine);
    const content = readFileSync(combined, 'utf8');
    expect(content.startsWith(readFileSync(machine, 'utf8'))).toBe(true);
    expect(content.split(tls.caCertPem.trim()).length - 1).toBe(1);

    // A worker or child started with the combined bundle: same file, CA still once.
    expect(nodeExtraCaCertsFile(tls, combined)).toBe(combined);
    expect(readFileSync(combined, 'utf8')).toBe(content);
  });
});
