// One check of the preflight: what was checked, what was found and, for a problem, the fix, and
// the one line a person reads for it.
export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  /** What was checked, e.g. "auth0 scopes". */
  check: string;
  status: CheckStatus;
  /** What was found, in a few words. */
  detail: string;
  /** For a warning or failure: what to do, in one line. */
  fix?: string;
}

export type Report = (result: CheckResult) => void;

const MARK: Record<CheckStatus, string> = { pass: '✓', warn: '!', fail: '✗' };

/** `✓ auth0 tenant — my-tenant.eu.auth0.com answers` / `✗ okta api token — … — fix: …`. */
export function formatCheck(result: CheckResult): string {
  return `${MARK[result.status]} ${result.check} — ${result.detail}${result.fix ? ` — fix: ${result.fix}` : ''}`;
}
