// The one redaction helper: every log line, event, report attachment and error message that could
// carry a secret goes through it. Two mechanisms: known secret values registered at run time
// (client secrets, passwords, API tokens) are replaced wherever they appear, and values under
// secret-looking keys or in token-looking shapes (JWTs, SSWS/Bearer/Basic credentials) are masked.

export const MASK = '[REDACTED]';
/** Shorter values are not treated as secrets (they would mask ordinary text). */
export const MIN_SECRET_LENGTH = 6;

const registered = new Set<string>();

const SECRET_KEY =
  /(secret|password|passcode|passwd|token|assertion|authorization|cookie|api[-_]?key|credentials\.passcode|code_verifier|^code$|private[-_]?key|^key$|^d$|^p$|^q$|^dp$|^dq$|^qi$)/i;
// Keys that contain "token" but hold no secret: lifetimes, type names, counts, URLs, ids.
const NOT_SECRET_KEY =
  /^(token_type|token_type_hint|token_endpoint.*|.*_token_lifetime|token_lifetime|.*token_revocation.*|token_id|id_token_signed_response_alg|.*_endpoint|.*_uri|.*_url|tokens?_count|refresh_token\.rotation_type|rotation_type|expiration_type|idle_token_lifetime|infinite_.*)$/i;

const PATTERNS: [RegExp, string][] = [
  // JWTs (three base64url segments; the first is a JSON header starting with '{"' → "eyJ").
  [/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  // Authorization header values.
  [/\b(SSWS|Bearer|Basic|DPoP)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // Secrets in query strings and form bodies.
  [/\b(client_secret|password|code_verifier|refresh_token|access_token|id_token|logout_token|client_assertion|token|code)=([^&\s"']+)/gi, `$1=${MASK}`],
];

/** Remember a secret value so that it is masked wherever it appears later. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) registered.add(value);
}

/** Mask secrets in a string. */
export function redactText(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Deep copy of `value` with secrets masked: by key name, by registered value and by shape. */
export function redact<T>(value: T, key = ''): T {
  if (typeof value === 'string') {
    if (key && SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key) && value.length > 0) return MASK as T;
    return redactText(value) as T;
  }
  if (Array.isArray(value)) return value.map(v => redact(v, key)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    if (value instanceof Error) return redactError(value) as T;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k);
    return out as T;
  }
  return value;
}

function redactError(error: Error): Record<string, unknown> {
  return { name: error.name, message: redactText(error.message) };
}

/** console-like logger that redacts everything it prints. */
export const log = {
  info: (...parts: unknown[]) => process.stdout.write(format(parts) + '\n'),
  warn: (...parts: unknown[]) => process.stderr.write(format(parts) + '\n'),
  error: (...parts: unknown[]) => process.stderr.write(format(parts) + '\n'),
};

function format(parts: unknown[]): string {
  return parts.map(p => (typeof p === 'string' ? redactText(p) : p instanceof Error ? redactText(p.message) : JSON.stringify(redact(p)))).join(' ');
}
