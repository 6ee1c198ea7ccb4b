// The preflight's Auth0 checks, in the order each depends on the one before: the tenant answers at
// AUTH0_DOMAIN; the machine-to-machine app gets a Management API token; the token carries every
// scope the harness uses (AUTH0_SCOPES); Universal Login asks for the identifier first (the page the
// specs drive); the custom domain, when set, serves the tenant's logins.
import type { HarnessConfig } from './config.ts';
import type { ManagementClients } from './management-clients.ts';
import { AUTH0_SCOPES, auth0ScopesFor, getPromptSettings } from './auth0.ts';
import { describeApiError } from './api-errors.ts';
import { probeAuth0Tenant, probeFetch } from './tenant-probe.ts';
import type { Report } from './preflight-check.ts';

const M2M_APPS = 'Dashboard → Applications → APIs → Auth0 Management API → Machine To Machine Applications';

export async function auth0Checks(config: HarnessConfig, clients: ManagementClients, { scim }: { scim: boolean }, report: Report): Promise<void> {
  const { domain, customDomain } = config.auth0;
  const transport = probeFetch(config);
  const [tenant, custom] = await Promise.all([probeAuth0Tenant(domain, transport), customDomain ? probeAuth0Tenant(customDomain, transport) : undefined]);
  if (!tenant.answers) {
    report({
      check: 'auth0 tenant',
      status: 'fail',
      detail: `no Auth0 tenant answers at ${domain}: ${tenant.why}`,
      fix: "AUTH0_DOMAIN is the tenant's own domain, as Dashboard → Settings shows it (e.g. my-tenant.eu.auth0.com)",
    });
    return;
  }
  report({ check: 'auth0 tenant', status: 'pass', detail: `${domain} answers (issuer ${tenant.issuer})` });
  if (custom) {
    if (custom.answers)
      report({
        check: 'auth0 custom domain',
        status: 'pass',
        detail: `${customDomain} serves the tenant's logins (issuer ${custom.issuer}); the Management API stays on ${domain}`,
      });
    else
      report({
        check: 'auth0 custom domain',
        status: 'fail',
        detail: `${customDomain} does not serve the tenant's logins: ${custom.why}`,
        fix: 'Dashboard → Branding → Custom Domains must show the domain as Ready, and AUTH0_CUSTOM_DOMAIN must be exactly that domain',
      });
  }

  const token = await managementToken(config, transport);
  if ('failure' in token) {
    report({ check: 'auth0 credentials', status: 'fail', detail: token.failure, fix: token.fix });
    return;
  }
  report({ check: 'auth0 credentials', status: 'pass', detail: `AUTH0_CLIENT_ID ${config.auth0.clientId} gets a Management API token` });

  const needed = auth0ScopesFor({ scim });
  const missing = needed.filter(s => !token.scopes.has(s));
  if (missing.length) {
    report({
      check: 'auth0 scopes',
      status: 'fail',
      detail: `the machine-to-machine app lacks ${missing.join(' ')} (${missing.map(s => AUTH0_SCOPES[s].why).join('; ')})`,
      fix: `${M2M_APPS} → your app: tick ${missing.join(', ')}, then Update`,
    });
  } else report({ check: 'auth0 scopes', status: 'pass', detail: `all ${needed.length} scopes the harness uses${scim ? ' (SCIM specs included)' : ''}` });

  if (!token.scopes.has('read:prompts')) return; // reported above
  try {
    const prompts = await getPromptSettings(clients.auth0);
    if (prompts.universal_login_experience === 'new' && prompts.identifier_first === true)
      report({ check: 'auth0 universal login', status: 'pass', detail: 'New Universal Login, identifier first (email, then home realm discovery)' });
    else
      report({
        check: 'auth0 universal login',
        status: 'fail',
        detail: `Universal Login is ${prompts.universal_login_experience ?? 'unknown'}${prompts.identifier_first ? ', identifier first' : ', not identifier first'}; the specs drive the identifier-first page`,
        fix: 'Dashboard → Branding → Universal Login: New; and Authentication → Authentication Profile: Identifier First',
      });
  } catch (error) {
    report({ check: 'auth0 universal login', status: 'fail', detail: describeApiError(error, 'auth0') });
  }
}

type TokenResult = { scopes: Set<string> } | { failure: string; fix: string };

/** The client-credentials request the SDK makes, read directly: its errors and granted scopes are the checks. */
async function managementToken(config: HarnessConfig, transport: typeof fetch): Promise<TokenResult> {
  const audience = `https://${config.auth0.domain}/api/v2/`;
  let response: Response;
  try {
    response = await transport(`https://${config.auth0.domain}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: config.auth0.clientId, client_secret: config.auth0.clientSecret, audience }),
    });
  } catch (error) {
    return { failure: describeApiError(error, 'auth0'), fix: 'check AUTH0_DOMAIN and the network' };
  }
  const body = (await response.json().catch(() => ({}))) as { scope?: string; error?: string; error_description?: string };
  if (response.ok) return { scopes: new Set((body.scope ?? '').split(' ').filter(Boolean)) };
  const said = `${response.status} ${body.error ?? ''}${body.error_description ? `: ${body.error_description}` : ''}`.trim();
  if (response.status === 401)
    return {
      failure: `AUTH0_CLIENT_ID / AUTH0_CLIENT_SECRET are not accepted (${said})`,
      fix: 'copy both from Dashboard → Applications → Applications → your machine-to-machine app → Settings',
    };
  if (/Service not (enabled|found)/i.test(body.error_description ?? ''))
    return {
      failure: `${config.auth0.domain} does not serve the Management API (${said})`,
      fix: "AUTH0_DOMAIN must be the tenant's own domain (…auth0.com), not a custom domain; put a custom domain in AUTH0_CUSTOM_DOMAIN",
    };
  if (body.error === 'unauthorized_client')
    return {
      failure: `the app may not use client credentials (${said})`,
      fix: 'Applications → your app → Settings → Advanced Settings → Grant Types: tick Client Credentials',
    };
  if (response.status === 403) return { failure: `the app is not authorised for the Management API (${said})`, fix: `${M2M_APPS}: authorise your app` };
  return { failure: `the token request failed (${said})`, fix: 'check AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET' };
}
