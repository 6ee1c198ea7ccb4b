import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { createServer } from 'node:https';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { adoptCertificateAuthority, CertificateAuthorityError, certificateFingerprint, ensureLocalTls, nodeExtraCaCertsFile } from './local-ca.ts';
import { X509Certificate } from 'node:crypto';

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

test.describe("a CA given from outside (a container issued its certificate by the run's CA)", () => {
  test('the leaf is issued again by the adopted CA; a key of another CA or a leaf is refused', async () => {
    const ours = await ensureLocalTls(['127.0.0.2'], mkdtempSync(join(tmpdir(), 'harness-tls-')));
    const oursKey = readFileSync(join(ours.dir, 'ca-key.pem'), 'utf8');
    const other = await ensureLocalTls(['127.0.0.2'], mkdtempSync(join(tmpdir(), 'harness-tls-')));
    const otherKey = readFileSync(join(other.dir, 'ca-key.pem'), 'utf8');
    expect(other.caCertPem).not.toBe(ours.caCertPem);

    await adoptCertificateAuthority({ certPem: ours.caCertPem, keyPem: oursKey }, other.dir);
    const reissued = await ensureLocalTls(['127.0.0.2'], other.dir);
    expect(reissued.caCertPem).toBe(ours.caCertPem);
    expect(new X509Certificate(reissued.certPem).verify(new X509Certificate(ours.caCertPem).publicKey)).toBe(true);

    // Refused before anything is written (a scratch folder all the same).
    const scratch = mkdtempSync(join(tmpdir(), 'harness-tls-'));
    await expect(adoptCertificateAuthority({ certPem: other.caCertPem, keyPem: oursKey }, scratch)).rejects.toThrow(CertificateAuthorityError);
    await expect(adoptCertificateAuthority({ certPem: other.caCertPem, keyPem: oursKey }, scratch)).rejects.toThrow(/does not belong to the certificate/);
    await expect(adoptCertificateAuthority({ certPem: ours.certPem, keyPem: oursKey }, scratch)).rejects.toThrow(/is not a CA certificate/);
    await expect(adoptCertificateAuthority({ certPem: 'nonsense', keyPem: otherKey }, scratch)).rejects.toThrow(/not a PEM certificate/);
  });

  test('the fingerprint is the SHA-256 of the certificate, as openssl prints it', async () => {
    const tls = await ensureLocalTls([], mkdtempSync(join(tmpdir(), 'harness-tls-')));
    expect(await certificateFingerprint(tls.caCertPem)).toBe(new X509Certificate(tls.caCertPem).fingerprint256);
  });
});
