// A JWT as the flow inspector shows it: its header and claims, decoded without verification, and
// never its signature (nor the raw token). Anything that is not a JWT (opaque access tokens,
// refresh tokens, codes) is only said to be present.
import { decodeJwt, decodeProtectedHeader } from 'jose';

export interface DecodedToken {
  /** What the token is, e.g. "id_token", "access_token", "logout_token". */
  name: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The token's header and claims, or undefined when it is not a JWT. */
export function decodeToken(name: string, value: unknown): DecodedToken | undefined {
  if (typeof value !== 'string' || value.split('.').length !== 3) return undefined;
  try {
    return { name, header: { ...decodeProtectedHeader(value) }, claims: { ...decodeJwt(value) } };
  } catch {
    return undefined;
  }
}

/** Every JWT among the named fields of a token response or request (id_token, access_token, logout_token, …). */
export function decodeTokens(fields: Record<string, unknown>, names: readonly string[] = TOKEN_FIELDS): DecodedToken[] {
  return names.map(name => decodeToken(name, fields[name])).filter((t): t is DecodedToken => t !== undefined);
}

export const TOKEN_FIELDS = ['id_token', 'access_token', 'logout_token', 'id_token_hint', 'subject_token'] as const;
