// RSA signing keys for an emulator's tokens. Real keys, generated at start-up; the public half is
// published in the emulator's JWKS and the private JWK is handed to oidc-provider.
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';

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
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const meta = { kid, alg: 'RS256', use: 'sig' };
  return {
    kid,
    alg: 'RS256',
    privateKey,
    publicKey,
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
  };
}
