// The tenant's signing certificate, as a client's `signing_keys[].cert` shows it (docs/fidelity.md#auth0-applications):
// a self-signed X.509 certificate for the tenant's RS256 signing key, CN = the tenant domain.
// Made once per key, on first use.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import type { SigningKey } from '../../shared/signing-keys.ts';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const certificates = new WeakMap<SigningKey, Promise<string>>();
const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

export function signingCertificatePem(key: SigningKey, domain: string): Promise<string> {
  let pem = certificates.get(key);
  if (!pem) {
    pem = create(key, domain);
    certificates.set(key, pem);
  }
  return pem;
}

async function create(key: SigningKey, domain: string): Promise<string> {
  const notBefore = new Date();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16).toString('hex'),
    name: `CN=${domain.replace(/[,+"\\<>;=]/g, '')}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + TEN_YEARS_MS),
    keys: { privateKey: key.privateKey, publicKey: key.publicKey },
    signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  });
  return cert.toString('pem') + '\n';
}
