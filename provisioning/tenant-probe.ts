// Does a tenant answer as one? Each side publishes its OpenID configuration without credentials:
// an Auth0 tenant at https://{domain}/.well-known/openid-configuration with issuer https://{domain}/,
// an Okta org at {orgUrl}/.well-known/openid-configuration with issuer {orgUrl} (no slash). The
// preflight reads this before anything else, and a run whose manifest names other tenants uses it
// to tell a tenant that exists (never touched) from one that never answered (a typo).
import { fetchTrusting, type Fetch } from '../lib/trusting-fetch.ts';
import type { HarnessConfig } from './config.ts';
import { describeApiError, type Side } from './api-errors.ts';

export type Probe = { answers: true; issuer: string } | { answers: false; why: string };

const TIMEOUT_MS = 10_000;

/** The fetch for calls outside the SDKs: trusting the embedded target's CA; on live the process's trust (NODE_EXTRA_CA_CERTS). */
export function probeFetch(config: Pick<HarnessConfig, 'caCertPem'>): Fetch {
  return config.caCertPem ? fetchTrusting(config.caCertPem, TIMEOUT_MS) : (input, init) => fetch(input, { signal: AbortSignal.timeout(TIMEOUT_MS), ...init });
}

export function probeAuth0Tenant(domain: string, transport: Fetch): Promise<Probe> {
  return probe('auth0', `https://${domain}/.well-known/openid-configuration`, `https://${domain}/`, transport);
}

export function probeOktaOrg(orgUrl: string, transport: Fetch): Promise<Probe> {
  return probe('okta', `${orgUrl}/.well-known/openid-configuration`, orgUrl, transport);
}

async function probe(side: Side, url: string, expectedIssuer: string, transport: Fetch): Promise<Probe> {
  let response: Response;
  try {
    response = await transport(url, { headers: { accept: 'application/json' }, redirect: 'manual' });
  } catch (error) {
    // "Auth0: cannot resolve …" → "cannot resolve …": the caller names the side.
    return { answers: false, why: describeApiError(error, side).replace(/^(Okta|Auth0):? /, '') };
  }
  const body = (await response.json().catch(() => undefined)) as { issuer?: unknown } | undefined;
  if (response.status !== 200 || typeof body?.issuer !== 'string')
    return { answers: false, why: `${url} answered ${response.status}${body ? ' without an issuer' : ', not JSON'}` };
  if (body.issuer !== expectedIssuer) return { answers: false, why: `${url} names the issuer ${body.issuer}, not ${expectedIssuer}` };
  return { answers: true, issuer: body.issuer };
}
