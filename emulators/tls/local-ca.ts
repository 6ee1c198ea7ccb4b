// A local certificate authority and one leaf certificate for every emulator host.
// Generated once under .harness/tls/ and reused; the leaf is re-issued (same CA) when a
// host is missing from its SAN or it is close to expiry, so trust set up once keeps working.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { harnessDir } from '../../lib/paths.ts';
import { writeSecret } from '../../lib/secret-file.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

/** Names every leaf carries, whatever the configured hosts are. */
export const DEFAULT_SAN_HOSTS = ['localhost', '127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4', '::1'];

export interface TlsMaterial {
  dir: string;
  /** Absolute path of the CA certificate (what NODE_EXTRA_CA_CERTS and certutil take). */
  caCertPath: string;
  caCertPem: string;
  /** Leaf certificate followed by the CA certificate. */
  certPem: string;
  keyPem: string;
  /** Hosts and IPs named in the leaf's subjectAltName. */
  hosts: string[];
}

/**
 * The file to put in NODE_EXTRA_CA_CERTS for a Node process that must trust the emulators. Node
 * takes one file there: where this machine already sets another bundle (corporate proxies do), the
 * result is a combined copy of both, so the emulators' CA is added and nothing is lost.
 */
export function nodeExtraCaCertsFile(tls: Pick<TlsMaterial, 'dir' | 'caCertPath' | 'caCertPem'>, existing = process.env.NODE_EXTRA_CA_CERTS): string {
  if (!existing || resolve(existing) === tls.caCertPath) return tls.caCertPath;
  let machineBundle: string;
  try {
    machineBundle = readFileSync(existing, 'utf8');
  } catch {
    return tls.caCertPath; // the variable names a file that is not there: Node would ignore it too
  }
  // A process started with the combined bundle (test workers, children) already trusts the CA.
  if (machineBundle.includes(tls.caCertPem.trim())) return resolve(existing);
  const combined = join(tls.dir, 'node-extra-ca-certs.pem');
  const content = `${machineBundle.trimEnd()}\n${tls.caCertPem}`;
  if (!existsSync(combined) || readFileSync(combined, 'utf8') !== content) {
    // Written aside and renamed, so a process starting meanwhile never reads half a bundle.
    const temp = `${combined}.${process.pid}.tmp`;
    writeFileSync(temp, content);
    renameSync(temp, combined);
  }
  return combined;
}

export function tlsDir(): string {
  return join(harnessDir(), 'tls');
}

/** Create or reuse the CA and a leaf valid for `hosts` (plus the defaults). */
export async function ensureLocalTls(hosts: string[] = [], dir = tlsDir()): Promise<TlsMaterial> {
  dir = resolve(dir);
  mkdirSync(dir, { recursive: true });
  const wanted = [...new Set([...DEFAULT_SAN_HOSTS, ...hosts.map(h => h.toLowerCase())])];
  const paths = {
    caCert: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
  };

  let ca = existsSync(paths.caCert) && existsSync(paths.caKey) ? await loadCa(paths.caCert, paths.caKey) : undefined;
  if (!ca || ca.cert.notAfter.getTime() - Date.now() < 30 * DAY) {
    ca = await createCa();
    writeSecret(paths.caKey, ca.keyPem);
    writeFileSync(paths.caCert, ca.cert.toString('pem') + '\n');
  }

  const leafOk = existsSync(paths.cert) && existsSync(paths.key) && leafCovers(readFileSync(paths.cert, 'utf8'), ca.cert, wanted);
  if (!leafOk) {
    const leaf = await createLeaf(ca, wanted);
    writeSecret(paths.key, leaf.keyPem);
    writeFileSync(paths.cert, leaf.cert.toString('pem') + '\n' + ca.cert.toString('pem') + '\n');
  }

  const certPem = readFileSync(paths.cert, 'utf8');
  return {
    dir,
    caCertPath: paths.caCert,
    caCertPem: readFileSync(paths.caCert, 'utf8'),
    certPem,
    keyPem: readFileSync(paths.key, 'utf8'),
    hosts: sanHosts(new x509.X509Certificate(firstPem(certPem))),
  };
}

export class CertificateAuthorityError extends Error {
  override name = 'CertificateAuthorityError';
}

/**
 * Makes `ca` (a certificate and its private key, e.g. mounted into a container) the CA that
 * ensureLocalTls issues the leaf with: written under `dir` in place of the current one, the old
 * leaf removed. It must be of the kind this module makes: an ECDSA P-256 CA certificate and its
 * unencrypted PKCS#8 key, and the two must match.
 */
export async function adoptCertificateAuthority(ca: { certPem: string; keyPem: string }, dir = tlsDir()): Promise<void> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(firstPem(ca.certPem));
  } catch {
    throw new CertificateAuthorityError('The CA certificate is not a PEM certificate ("-----BEGIN CERTIFICATE-----").');
  }
  if (!cert.getExtension(x509.BasicConstraintsExtension)?.ca)
    throw new CertificateAuthorityError(`The certificate "${cert.subject}" is not a CA certificate (basicConstraints cA).`);
  const loaded = await caFrom(cert, ca.keyPem);
  if (!loaded)
    throw new CertificateAuthorityError(
      'The CA key must be an unencrypted PKCS#8 ECDSA P-256 key ("-----BEGIN PRIVATE KEY-----"), as .harness/tls/ca-key.pem is.',
    );
  const probe = webcrypto.getRandomValues(new Uint8Array(32));
  const signature = await webcrypto.subtle.sign(algorithm, loaded.keys.privateKey, probe);
  if (!(await webcrypto.subtle.verify(algorithm, loaded.keys.publicKey, signature, probe)))
    throw new CertificateAuthorityError(`The CA key does not belong to the certificate "${cert.subject}".`);

  dir = resolve(dir);
  mkdirSync(dir, { recursive: true });
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca-key.pem');
  const same = existsSync(certPath) && existsSync(keyPath) && readFileSync(certPath, 'utf8') === ca.certPem && readFileSync(keyPath, 'utf8') === ca.keyPem;
  if (same) return;
  writeSecret(keyPath, ca.keyPem);
  writeFileSync(certPath, ca.certPem);
  // The leaf may carry the same issuer name under another key: issue a new one.
  rmSync(join(dir, 'cert.pem'), { force: true });
  rmSync(join(dir, 'key.pem'), { force: true });
}

/** SHA-256 fingerprint of a PEM certificate, as browsers and `openssl x509 -fingerprint -sha256` show it. */
export async function certificateFingerprint(pem: string): Promise<string> {
  const digest = Buffer.from(await new x509.X509Certificate(firstPem(pem)).getThumbprint('SHA-256'));
  return [...digest].map(b => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

interface Ca {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  keyPem: string;
}

async function createCa(): Promise<Ca> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=Auth0 Okta harness local CA ${new Date(now).toISOString().slice(0, 10)}, O=auth0-okta-workforce-harness`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, keyPem: await exportKeyPem(keys.privateKey) };
}

async function loadCa(certPath: string, keyPath: string): Promise<Ca | undefined> {
  try {
    return await caFrom(new x509.X509Certificate(readFileSync(certPath, 'utf8')), readFileSync(keyPath, 'utf8'));
  } catch {
    return undefined; // unreadable or of another kind: start over with a new CA
  }
}

async function caFrom(cert: x509.X509Certificate, keyPem: string): Promise<Ca | undefined> {
  try {
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pemBody(keyPem), algorithm, true, ['sign']);
    const publicKey = await cert.publicKey.export(algorithm, ['verify']);
    return { cert, keys: { privateKey, publicKey } as CryptoKeyPair, keyPem };
  } catch {
    return undefined;
  }
}

async function createLeaf(ca: Ca, hosts: string[]) {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=auth0-okta-harness emulators',
    issuer: ca.cert.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      // Every name explicitly: Chromium ignores CN and rejects wildcards such as *.localhost.
      new x509.SubjectAlternativeNameExtension(hosts.map(h => ({ type: isIP(h) ? 'ip' : 'dns', value: h }) as const)),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keyPem: await exportKeyPem(keys.privateKey) };
}

function leafCovers(pem: string, ca: x509.X509Certificate, hosts: string[]): boolean {
  try {
    const leaf = new x509.X509Certificate(firstPem(pem));
    if (leaf.issuer !== ca.subject) return false;
    if (leaf.notAfter.getTime() - Date.now() < 14 * DAY) return false;
    const names = new Set(sanHosts(leaf));
    return hosts.every(h => names.has(h));
  } catch {
    return false;
  }
}

function sanHosts(cert: x509.X509Certificate): string[] {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  return san ? san.names.items.map(n => n.value.toLowerCase()) : [];
}

function firstPem(pem: string): string {
  const end = '-----END CERTIFICATE-----';
  return pem.slice(0, pem.indexOf(end) + end.length);
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // positive
  return Buffer.from(bytes).toString('hex');
}
