// Starts the emulator pair (Okta org and Auth0 tenant) and describes them as the environment
// variables the rest of the harness reads, the same names a live target uses in .env.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { harnessDir } from '../lib/paths.ts';
import { writeSecret } from '../lib/secret-file.ts';
import { ensureLocalTls, nodeExtraCaCertsFile, type TlsMaterial } from './tls/local-ca.ts';
import { startOktaOrg, type OktaBehaviour, type OktaOrg } from './okta/okta-org.ts';
import { startAuth0Tenant, type Auth0Behaviour, type Auth0Tenant } from './auth0/auth0-tenant.ts';
import { allowRemoteFromEnv, checkBindHosts, DEFAULT_TOPOLOGY, withLoopbackFallback, type Topology } from './topology.ts';
import { newControlPlaneToken } from './shared/control-plane.ts';

export interface StartEmulatorsOptions {
  topology?: Topology;
  /** Receives the one-line loopback fallback warning, if any. */
  warn?: (line: string) => void;
  /** Listen on addresses other than loopback (default: EMULATORS_ALLOW_REMOTE); refused otherwise. */
  allowRemote?: boolean;
  /** The run's control-plane token, shared by both emulators; generated when absent. */
  controlPlaneToken?: string;
  okta?: { apiToken?: string; behaviour?: Partial<OktaBehaviour> };
  auth0?: { managementClient?: { clientId: string; clientSecret: string }; behaviour?: Partial<Auth0Behaviour> };
}

export interface Emulators {
  okta: OktaOrg;
  auth0: Auth0Tenant;
  tls: TlsMaterial;
  /** AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, OKTA_ORG_URL, OKTA_API_TOKEN, NODE_EXTRA_CA_CERTS, EMULATOR_CONTROL_PLANE_TOKEN. */
  env: EmbeddedEnv;
  /** Milliseconds from the call to both emulators listening. */
  startupMs: number;
  close(): Promise<void>;
}

export interface EmbeddedEnv {
  AUTH0_DOMAIN: string;
  /** Only when the tenant has a custom domain (Topology.auth0CustomDomain). */
  AUTH0_CUSTOM_DOMAIN?: string;
  AUTH0_CLIENT_ID: string;
  AUTH0_CLIENT_SECRET: string;
  OKTA_ORG_URL: string;
  OKTA_API_TOKEN: string;
  NODE_EXTRA_CA_CERTS: string;
  /** The control plane's token (both emulators): `Authorization: Bearer …` on /_emulator/* (docs/security.md, "Security of the harness"). */
  EMULATOR_CONTROL_PLANE_TOKEN: string;
}

export async function startEmulators(options: StartEmulatorsOptions = {}): Promise<Emulators> {
  const t0 = performance.now();
  const wanted = options.topology ?? DEFAULT_TOPOLOGY;
  checkBindHosts(wanted, options.allowRemote ?? allowRemoteFromEnv(), options.warn);
  const topology = await withLoopbackFallback(wanted, options.warn);
  const controlPlaneToken = options.controlPlaneToken ?? newControlPlaneToken();
  const endpoints = [topology.auth0, topology.okta, ...(topology.auth0CustomDomain ? [topology.auth0CustomDomain] : [])];
  const tls = await ensureLocalTls(endpoints.map(endpoint => endpoint.publicHost ?? endpoint.host));
  const [oktaResult, auth0Result] = await Promise.allSettled([
    startOktaOrg({ ...topology.okta, tls, controlPlaneToken, ...options.okta }),
    startAuth0Tenant({ ...topology.auth0, tls, customDomain: topology.auth0CustomDomain, controlPlaneToken, ...options.auth0 }),
  ]);
  if (oktaResult.status === 'rejected' || auth0Result.status === 'rejected') {
    // Leave nothing listening when only one of the pair came up.
    if (oktaResult.status === 'fulfilled') await oktaResult.value.close();
    if (auth0Result.status === 'fulfilled') await auth0Result.value.close();
    throw oktaResult.status === 'rejected' ? oktaResult.reason : (auth0Result as PromiseRejectedResult).reason;
  }
  const okta = oktaResult.value;
  const auth0 = auth0Result.value;
  const env: EmbeddedEnv = {
    AUTH0_DOMAIN: auth0.domain,
    ...(auth0.custom ? { AUTH0_CUSTOM_DOMAIN: auth0.custom.domain } : {}),
    AUTH0_CLIENT_ID: auth0.managementClient.clientId,
    AUTH0_CLIENT_SECRET: auth0.managementClient.clientSecret,
    OKTA_ORG_URL: okta.origin,
    OKTA_API_TOKEN: okta.apiToken,
    NODE_EXTRA_CA_CERTS: nodeExtraCaCertsFile(tls),
    EMULATOR_CONTROL_PLANE_TOKEN: controlPlaneToken,
  };
  return {
    okta,
    auth0,
    tls,
    env,
    startupMs: Math.round(performance.now() - t0),
    close: async () => {
      await Promise.all([okta.close(), auth0.close()]);
    },
  };
}

export function embeddedEnvPath(): string {
  return join(harnessDir(), 'embedded.env');
}

/** Writes .harness/embedded.env (mode 0600: it holds the emulators' admin credentials and the control-plane token). */
export function writeEmbeddedEnv(env: EmbeddedEnv, path = embeddedEnvPath()): string {
  mkdirSync(dirname(path), { recursive: true });
  const body =
    '# Written by `npm run emulators` while the emulators run; removed when they stop.\n' +
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') +
    '\n';
  writeSecret(path, body);
  return path;
}

export function removeEmbeddedEnv(path = embeddedEnvPath()): void {
  rmSync(path, { force: true });
}
