// The demo relying party's configuration: the variables express-openid-connect itself falls back
// to (ISSUER_BASE_URL, BASE_URL, CLIENT_ID, CLIENT_SECRET, SECRET) plus the connection to offer and
// the single-page app and API provisioning made (SPA_CLIENT_ID, API_AUDIENCE), read from the
// environment or, where absent, from .harness/run.env (written by provisioning).
import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import { registerSecret } from '../lib/redaction.ts';
import { DEFAULT_BASE_URL, DEFAULT_CONNECTION_DISPLAY_NAME } from '../provisioning/config.ts';
import { runEnvPath as defaultRunEnvPath } from '../provisioning/manifest.ts';

export interface DemoAppConfig {
  issuerBaseURL: string;
  baseURL: string;
  clientID: string;
  clientSecret: string;
  secret: string;
  /** The Okta Workforce connection offered by "Log in with …" (optional). */
  connectionName?: string;
  connectionDisplayName: string;
  /** The single-page app's client id; without it the demo offers no single-page app. */
  spaClientID?: string;
  /** The demo API's identifier (audience); without it the demo serves no API and asks for no API token. */
  apiAudience?: string;
  /** CA certificate file to trust for calls to the issuer (the embedded target's local CA). */
  caCertPath?: string;
  /** Port to listen on; from BASE_URL unless PORT is set. */
  port: number;
  /** Host to bind; loopback unless HOST is set. */
  host: string;
}

export class DemoAppConfigError extends Error {
  override name = 'DemoAppConfigError';
}

/** Environment first, then .harness/run.env for what the environment does not set. */
export function demoAppEnvironment(env: NodeJS.ProcessEnv = process.env, runEnvPath = defaultRunEnvPath()): Record<string, string | undefined> {
  const fromFile = existsSync(runEnvPath) ? parse(readFileSync(runEnvPath)) : {};
  const merged = { ...fromFile, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) };
  // The run's CA file wins over a machine-wide NODE_EXTRA_CA_CERTS: the app trusts it in addition
  // to whatever this process already trusts (see lib/trusting-fetch.ts).
  if (fromFile.NODE_EXTRA_CA_CERTS) merged.NODE_EXTRA_CA_CERTS = fromFile.NODE_EXTRA_CA_CERTS;
  return merged;
}

/** The port a URL names, else its scheme's (443 for https, 80 for http). */
export function defaultPort(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

export function loadDemoAppConfig(env: Record<string, string | undefined> = demoAppEnvironment()): DemoAppConfig {
  const problems: string[] = [];
  const required = (name: string, what: string) => {
    const value = env[name]?.trim();
    if (!value) problems.push(`${name} is missing: ${what}`);
    return value ?? '';
  };
  const issuerBaseURL = required('ISSUER_BASE_URL', 'the Auth0 tenant URL, e.g. https://my-tenant.eu.auth0.com');
  const baseURL = (env.BASE_URL?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  const clientID = required('CLIENT_ID', "the Auth0 application's client id");
  const clientSecret = required('CLIENT_SECRET', "the Auth0 application's client secret");
  const secret = required('SECRET', 'a long random value (at least 32 characters) that protects the session cookie');

  if (issuerBaseURL && !/^https:\/\/[^/?#]+\/?$/.test(issuerBaseURL))
    problems.push(`ISSUER_BASE_URL must be https://{auth0 domain} with no path, got "${issuerBaseURL}"`);
  let url: URL | undefined;
  try {
    url = new URL(baseURL);
    if (!/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search) throw new Error();
  } catch {
    problems.push(`BASE_URL must be the app's root URL, e.g. http://localhost:3000, got "${baseURL}"`);
  }
  if (secret && secret.length < 32) problems.push('SECRET must be at least 32 characters long');
  const port = env.PORT ? Number(env.PORT) : url ? defaultPort(url) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${env.PORT}"`);
  const caCertPath = env.NODE_EXTRA_CA_CERTS || undefined;
  if (caCertPath && !existsSync(caCertPath)) problems.push(`NODE_EXTRA_CA_CERTS points at a missing file: ${caCertPath}`);

  if (problems.length) {
    throw new DemoAppConfigError(
      `The demo app is not configured:\n  - ${problems.join('\n  - ')}\n` +
        'Run `npm run provision` (writes .harness/run.env), or `npm start`, which does everything.',
    );
  }
  registerSecret(clientSecret);
  registerSecret(secret);
  return {
    issuerBaseURL,
    baseURL,
    clientID,
    clientSecret,
    secret,
    connectionName: env.CONNECTION_NAME?.trim() || undefined,
    connectionDisplayName: env.CONNECTION_DISPLAY_NAME?.trim() || DEFAULT_CONNECTION_DISPLAY_NAME,
    spaClientID: env.SPA_CLIENT_ID?.trim() || undefined,
    apiAudience: env.API_AUDIENCE?.trim() || undefined,
    caCertPath,
    port,
    host: env.HOST?.trim() || 'localhost',
  };
}
