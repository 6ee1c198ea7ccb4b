// Errors from either SDK (or the network) as one line a person can act on. Statuses and codes:
// Okta's OktaApiError {status, errorCode, errorSummary, errorCauses}; Auth0's ManagementError
// {statusCode, body: {error, message, errorCode}}; network failures from node-fetch (Okta) or
// undici (Auth0).
import { redactText } from '../lib/redaction.ts';
import { AUTH0_SCOPES } from './auth0.ts';
import { httpStatusOf } from './not-found.ts';

export type Side = 'okta' | 'auth0';

/** A step of a run failed: what it was doing, and why, in one line. */
export class StepError extends Error {
  override name = 'StepError';
  constructor(
    readonly step: string,
    readonly side: Side,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${describeApiError(cause, side)}`);
  }
}

interface OktaLikeError {
  status?: number;
  errorCode?: string;
  errorSummary?: string;
  errorCauses?: { errorSummary?: string }[];
}

interface Auth0LikeError {
  statusCode?: number;
  body?: unknown;
}

export function describeApiError(error: unknown, side: Side): string {
  return redactText(oneLine(error, side));
}

function oneLine(error: unknown, side: Side): string {
  const network = networkProblem(error);
  if (network) return `${side === 'okta' ? 'Okta' : 'Auth0'}: ${network}`;

  const okta = error as OktaLikeError;
  if (typeof okta?.errorCode === 'string' && typeof okta.status === 'number') {
    const causes = (okta.errorCauses ?? []).map(c => c.errorSummary).filter(Boolean);
    const text = `Okta ${okta.status} ${okta.errorCode} ${okta.errorSummary ?? ''}${causes.length ? ` (${causes.join('; ')})` : ''}`.trim();
    return text + oktaHint(okta.status, okta.errorCode);
  }

  const auth0 = error as Auth0LikeError & Error;
  if (side === 'auth0' && typeof auth0?.statusCode === 'number') {
    const body = (auth0.body ?? {}) as { error?: string; error_description?: string; message?: string; errorCode?: string };
    const tokenRequest = /token request failed/.test(auth0.message ?? '');
    const detail =
      typeof auth0.body === 'string'
        ? auth0.body.slice(0, 200)
        : [body.errorCode ?? body.error, body.message ?? body.error_description].filter(Boolean).join(': ');
    const text = `Auth0 ${tokenRequest ? 'Management API token request' : 'Management API'} ${auth0.statusCode}${detail ? ` ${detail}` : ''}`;
    return text + auth0Hint(auth0.statusCode, tokenRequest, body);
  }

  const status = httpStatusOf(error);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message.split('\n')[0]})` : '';
  const message = error instanceof Error ? error.message.split('\n')[0] + cause : String(error);
  return `${side === 'okta' ? 'Okta' : 'Auth0'}${status ? ` ${status}` : ''}: ${message}`;
}

function oktaHint(status: number, code: string): string {
  if (status === 401) return ' — check OKTA_API_TOKEN (revoked, expired, or for another org)';
  if (status === 403 && code === 'E0000006')
    return ' — the API token\'s admin lacks a role for this (see docs/live-tenants.md, "Running against sandbox tenants")';
  if (status === 429) return " — rate limit still exceeded after the SDK's retries; wait a minute and run again";
  return '';
}

function auth0Hint(status: number, tokenRequest: boolean, body: { error?: string; errorCode?: string; message?: string }): string {
  if (tokenRequest && status === 401) return ' — check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET';
  if (tokenRequest && status === 403) return ' — authorise the machine-to-machine application for the Auth0 Management API (see docs/live-tenants.md)';
  if (status === 403 && body.errorCode === 'insufficient_scope') return ` — ${grantHint(body.message ?? '')}`;
  if (status === 429) return " — rate limit still exceeded after the SDK's retries; wait a minute and run again";
  return '';
}

/** "grant read:users to …, needed to …": the scopes Auth0 named, each with why the harness needs it. */
function grantHint(message: string): string {
  const named = (/expected (?:any|all) of: (.+)$/.exec(message)?.[1] ?? '').split(/[ ,]+/).filter(Boolean);
  const known = named.filter((s): s is keyof typeof AUTH0_SCOPES => s in AUTH0_SCOPES);
  if (!known.length) return 'grant that scope to the machine-to-machine application (see docs/live-tenants.md, "Running against sandbox tenants")';
  const why = known.map(s => `${s} (${AUTH0_SCOPES[s].why})`).join(' or ');
  return `grant ${why} to the machine-to-machine application: Dashboard → Applications → APIs → Auth0 Management API → Machine To Machine Applications`;
}

/** "cannot reach …" for connection failures, from node-fetch's FetchError or undici's TypeError cause. */
function networkProblem(error: unknown): string | undefined {
  const chain: { code?: string; message?: string; hostname?: string; address?: string; port?: number }[] = [];
  let current = error as { cause?: unknown } | undefined;
  for (let i = 0; current && i < 5; i++) {
    chain.push(current as never);
    current = (current as { cause?: unknown }).cause as never;
  }
  for (const e of chain) {
    const code =
      e.code ??
      /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|CERT_\w+|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT)\b/.exec(
        e.message ?? '',
      )?.[1];
    if (!code) continue;
    const where = e.address ? ` ${e.address}${e.port ? `:${e.port}` : ''}` : e.hostname ? ` ${e.hostname}` : '';
    switch (code) {
      case 'ECONNREFUSED':
        return `cannot reach${where}: connection refused (are the emulators running / is the URL right?)`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `cannot resolve${where}: check the domain`;
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return `cannot reach${where}: timed out`;
      case 'ECONNRESET':
        return `connection reset${where}`;
      default:
        if (/CERT|SIGNATURE/.test(code)) return `TLS certificate not trusted (${code})${where}`;
    }
  }
  return undefined;
}
