// The Auth0 tenant emulator's Management API as a replay target for the Auth0 Terraform provider's
// recordings: requests go to https://{emulator}/api/v2 with a client-credentials token of the seeded
// machine-to-machine app (as the provider's Go SDK gets one); the Okta org and OpenID providers the
// recordings name are replaced by the local Okta org emulator, whose discovery document the tenant
// fetches as the real one fetches theirs; the recorded tenant's own host is the emulator's.
import type { Emulators } from '../../emulators/start.ts';
import type { RecordedInteraction } from '../cassette.ts';
import type { ReplayTarget } from '../replay.ts';

/** Hosts of identity providers in the recordings that the tenant contacts (discovery). */
const UPSTREAM_HOSTS = ['domain.okta.com', 'example.okta.com', 'api.login.yahoo.com', 'www.paypalobjects.com', 'api.paypal.com', 'www.paypal.com'];

/** The recorded tenant: its own URLs (the Management API's identifier) are the emulator's. */
const RECORDED_TENANT = 'terraform-provider-auth0-dev.eu.auth0.com';

const AREAS: [RegExp, string][] = [
  [/^\/api\/v2\/resource-servers(\/|$)/, 'resource servers'],
  [/^\/api\/v2\/client-grants(\/|$)/, 'client grants'],
  [/^\/api\/v2\/connections\/[^/]+\/clients$|^\/api\/v2\/clients\/[^/]+\/connections$/, 'connection clients'],
  [/^\/api\/v2\/connections\/[^/]+\/scim-configuration\/tokens(\/|$)/, 'SCIM tokens'],
  [/^\/api\/v2\/connections\/[^/]+\/scim-configuration(\/|$)/, 'SCIM configuration'],
  [/^\/api\/v2\/connections(\/|$)/, 'connections'],
  [/^\/api\/v2\/clients(\/|$)/, 'clients'],
  [/^\/api\/v2\/users(\/|$)/, 'users'],
];

export async function auth0ManagementTarget(emulators: Emulators): Promise<ReplayTarget> {
  const { auth0, okta } = emulators;
  const token = await managementToken(auth0.domain, auth0.managementClient, auth0.managementAudience);
  const oktaHost = new URL(okta.origin).host;
  return {
    hosts: { ...Object.fromEntries(UPSTREAM_HOSTS.map(host => [host, oktaHost])), [RECORDED_TENANT]: auth0.domain },
    idMembers: ['id', 'client_id', 'connection_id', 'user_id', 'token_id'],
    nested: interaction => (recordsOktaConnection(interaction) ? ['options', 'options.oidc_metadata'] : ['options']),
    areaOf: (interaction: RecordedInteraction) => AREAS.find(([pattern]) => pattern.test(interaction.url.pathname))?.[1],
    async send({ method, path, body }) {
      const response = await fetch(`https://${auth0.domain}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body,
      });
      return { status: response.status, body: await response.text() };
    },
  };
}

/**
 * The stored discovery document is compared only for okta connections: their recorded provider (an
 * Okta org) is replaced by the Okta org emulator, which serves the document that org served, so any
 * difference is the tenant's. The oidc recordings' providers (Yahoo, PayPal) are replaced by the
 * Okta org emulator too, whose document is not theirs.
 */
function recordsOktaConnection(interaction: RecordedInteraction): boolean {
  try {
    return (JSON.parse(interaction.responseBody) as { strategy?: unknown } | null)?.strategy === 'okta';
  } catch {
    return false;
  }
}

async function managementToken(domain: string, client: { clientId: string; clientSecret: string }, audience: string): Promise<string> {
  const response = await fetch(`https://${domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, audience }),
  });
  if (response.status !== 200) throw new Error(`The emulator refused the Management API token request: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
