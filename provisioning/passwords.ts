// Generated credentials: test users' passwords and the demo app's session secret. Each is
// registered with the redaction helper the moment it exists, so no log line can carry it.
import { randomBytes, randomInt } from 'node:crypto';
import { registerSecret } from '../lib/redaction.ts';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// Symbols that need no quoting in an env file or a shell, and that Okta's policies accept.
const SYMBOLS = '!%*+-._~';

/**
 * 24 characters with every class Okta's default (and stricter custom) password policies ask
 * for; never contains the user's name or login, which those policies forbid.
 */
export function newUserPassword(length = 24): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS;
  const chars = [pick(LOWER), pick(UPPER), pick(DIGITS), pick(SYMBOLS)];
  while (chars.length < length) chars.push(pick(all));
  // Fisher–Yates, so the mandatory classes are not always in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  const password = chars.join('');
  registerSecret(password);
  return password;
}

/** express-openid-connect's cookie secret: 48 random bytes, base64url (64 characters). */
export function newSessionSecret(): string {
  const secret = randomBytes(48).toString('base64url');
  registerSecret(secret);
  return secret;
}

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)];
}
