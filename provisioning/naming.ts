// Run ids and resource names. A run id encodes its creation time (UTC, to the minute) plus a random
// suffix, e.g. `20261128t0712-k3f9`; every resource a run creates is named `harness-<runid>-…`, so
// a sweep can find leftovers on a shared tenant and judge their age from the name alone.
import { randomInt } from 'node:crypto';

export const RESOURCE_PREFIX = 'harness-';

const RUN_ID = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})-([a-z0-9]{4})$/;
const NAMED_RESOURCE = /^harness-(\d{8}t\d{4}-[a-z0-9]{4})(?:-|$)/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newRunId(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(now.getUTCFullYear(), 4)}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}t${p(now.getUTCHours())}${p(now.getUTCMinutes())}`;
  let suffix = '';
  for (let i = 0; i < 4; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${stamp}-${suffix}`;
}

export function isRunId(value: string): boolean {
  return runIdTime(value) !== undefined;
}

/** When the run was created (to the minute), or undefined for a malformed id. */
export function runIdTime(runId: string): Date | undefined {
  const m = RUN_ID.exec(runId);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  // Reject ids such as 20261399t9999 that Date would silently roll over.
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h || date.getUTCMinutes() !== mi) return undefined;
  return date;
}

/** The run id in a harness resource name (label, name or login), if the name has one. */
export function runIdOfName(name: string | undefined | null): string | undefined {
  const m = NAMED_RESOURCE.exec((name ?? '').toLowerCase());
  return m && isRunId(m[1]) ? m[1] : undefined;
}

/** The names of everything one run creates. */
export function runNames(runId: string) {
  const base = `${RESOURCE_PREFIX}${runId}`;
  return {
    prefix: `${base}-`,
    oktaApp: `${base}-auth0`,
    /** The authentication policy the run's apps sign in under. */
    oktaSignInPolicy: `${base}-sign-in`,
    oktaTrustedOrigin: `${base}-auth0-origin`,
    auth0Client: `${base}-demo`,
    auth0Connection: `${base}-okta`,
    auth0SpaClient: `${base}-spa`,
    auth0Api: `${base}-api`,
    /** The API's identifier (audience): a name, not a place; run-scoped like everything else. */
    auth0ApiIdentifier: `https://api.${runId}.harness.test/`,
    /** Local part of the n-th test user's email (1-based). */
    userLocalPart: (n: number) => `${base}-user${n}`,
  };
}

/** Per-run home-realm-discovery domain, so concurrent runs on one tenant never route each other's users. */
export function runEmailDomain(runId: string): string {
  return `${runId}.harness.test`;
}
