// RSA signing keys for an emulator's tokens. Real keys: the public half is published in the
// emulator's JWKS and the private JWK is handed to oidc-provider. Generating an RSA key costs a
// few hundred milliseconds, so each emulator's key is kept under .harness/keys/ and reused, the
// way a real tenant's keys outlive a restart.
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { harnessDir } from '../../lib/paths.ts';
import { writeSecret } from '../../lib/secret-file.ts';

export interface SigningKey {
  kid: string;
  alg: 'RS256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Private JWK (with kid, alg, use) as oidc-provider's `jwks` option wants it. */
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function generateSigningKey(kid = randomBytes(16).toString('base64url')): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  return fromPrivateJwk({ ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' });
}

/** The key stored for `name` (e.g. "okta", "auth0"), created on first use. */
export async function signingKeyFor(name: string, dir = join(harnessDir(), 'keys')): Promise<SigningKey> {
  const path = join(dir, `${name}.private.jwk.json`);
  if (existsSync(path)) {
    try {
      return await fromPrivateJwk(JSON.parse(readFileSync(path, 'utf8')) as JWK);
    } catch {
      // unreadable: replace it below
    }
  }
  const key = await generateSigningKey();
  mkdirSync(dir, { recursive: true });
  // Write then rename, so parallel starts never read a half-written file.
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeSecret(temp, JSON.stringify(key.privateJwk));
  renameSync(temp, path);
  return key;
}

async function fromPrivateJwk(privateJwk: JWK): Promise<SigningKey> {
  if (privateJwk.kty !== 'RSA' || !privateJwk.d || !privateJwk.kid) throw new Error('not an RSA private JWK with a kid');
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  return {
    kid: privateJwk.kid,
    alg: 'RS256',
    privateKey: (await importJWK(privateJwk, 'RS256', { extractable: true })) as CryptoKey,
    publicKey: (await importJWK(publicJwk, 'RS256', { extractable: true })) as CryptoKey,
    privateJwk,
    publicJwk,
  };
}
