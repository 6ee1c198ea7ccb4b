// Fetches the OpenID Connect discovery document of a connection's identity provider, as Auth0 does
// synchronously when an `okta` connection names a `domain` (https://{domain}/.well-known/openid-configuration
// of the org authorization server, whose issuer is https://{domain}, no trailing slash) or an `oidc`
// connection a `discovery_url`. See docs/fidelity.md#management-api-1.
import type { EventLog } from '../../shared/event-log.ts';
import type { Fetch } from '../../shared/outbound-fetch.ts';
import { payloadError, type ManagementApiError } from './errors.ts';

export type DiscoveryDocument = Record<string, unknown> & {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
};

const REQUIRED_ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;
const TIMEOUT_MS = 5000;

/**
 * `options.domain` is a bare host (port allowed): no scheme, path, query or trailing slash.
 * Returns it lower-cased; throws a 400 naming the domain otherwise.
 */
export function checkOktaDomain(domain: unknown): string {
  const property = 'options.domain';
  if (typeof domain !== 'string') throw payloadError(`Expected type string but found type ${domain === null ? 'null' : typeof domain}`, property);
  const problem = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain)
    ? 'it must not include a scheme (such as https://)'
    : /[/?#]/.test(domain)
      ? 'it must not include a path, query or trailing slash'
      : /\s/.test(domain) || domain === ''
        ? 'it must be a host name'
        : undefined;
  if (problem) throw payloadError(`Invalid Okta domain "${domain}": ${problem}; expected a host such as dev-123456.okta.com`, property);
  let url: URL;
  try {
    url = new URL(`https://${domain}`);
  } catch {
    throw payloadError(`Invalid Okta domain "${domain}": not a valid host name`, property);
  }
  if (url.host !== domain.toLowerCase() || url.username || url.password) throw payloadError(`Invalid Okta domain "${domain}": not a valid host name`, property);
  return url.host;
}

/**
 * Fetches and checks the discovery document; any failure → 400 that names the domain. Records
 * the hop as event `auth0.okta.discovery` ({url, outcome}).
 */
export async function discoverOktaOrg(via: { fetch: Fetch; events: EventLog }, domain: string): Promise<DiscoveryDocument> {
  const url = `https://${domain}/.well-known/openid-configuration`;
  const fail = (reason: string) =>
    payloadError(`Unable to load the OpenID Connect discovery document of the Okta domain "${domain}" (${url}): ${reason}`, 'options.domain');
  return discover(via, url, fail, `https://${domain}`);
}

/** The document at an `oidc` connection's `discovery_url`; any failure → 400 naming it. */
export async function discoverByUrl(via: { fetch: Fetch; events: EventLog }, url: string): Promise<DiscoveryDocument> {
  const fail = (reason: string) => payloadError(`Unable to load the OpenID Connect discovery document at ${url}: ${reason}`, 'options.discovery_url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail('not an absolute URL');
  }
  if (parsed.protocol !== 'https:') throw fail('it must be an https URL');
  return discover(via, url, fail);
}

async function discover(
  via: { fetch: Fetch; events: EventLog },
  url: string,
  fail: (reason: string) => ManagementApiError,
  expectedIssuer?: string,
): Promise<DiscoveryDocument> {
  try {
    const document = await fetchDiscovery(via.fetch, url, fail, expectedIssuer);
    via.events.record('auth0.okta.discovery', { url, outcome: 'ok', issuer: document.issuer });
    return document;
  } catch (error) {
    via.events.record('auth0.okta.discovery', { url, outcome: 'failed', reason: (error as ManagementApiError).message });
    throw error;
  }
}

async function fetchDiscovery(fetch: Fetch, url: string, fail: (reason: string) => ManagementApiError, expectedIssuer?: string): Promise<DiscoveryDocument> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw fail(networkReason(error));
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw fail(`the server answered HTTP ${response.status}`);
  }
  let document: unknown;
  try {
    document = await response.json();
  } catch {
    throw fail('the response is not JSON');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) throw fail('the response is not a JSON object');
  const doc = document as Record<string, unknown>;
  if (typeof doc.issuer !== 'string' || !doc.issuer) throw fail('it has no issuer');
  if (expectedIssuer !== undefined && doc.issuer !== expectedIssuer) throw fail(`its issuer is ${JSON.stringify(doc.issuer)}, expected "${expectedIssuer}"`);
  const missing = REQUIRED_ENDPOINTS.filter(key => typeof doc[key] !== 'string' || !doc[key]);
  if (missing.length) throw fail(`it lacks ${missing.join(', ')}`);
  return doc as DiscoveryDocument;
}

function networkReason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const code = e?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS certificate not trusted (${code})`;
  return code ?? e?.cause?.message ?? e?.message ?? 'the request failed';
}
