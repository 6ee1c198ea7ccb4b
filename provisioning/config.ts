// The one validated configuration object for provisioning, on either target.
//   embedded (default): .harness/embedded.env, written by `npm run emulators`; the file wins over
//                       the process environment (it describes the emulators that are running).
//   live:               .env (dotenv.parse; HARNESS_ENV_FILE names another file), the process
//                       environment wins (CI injects secrets).
// Every problem is collected and reported at once, each with what is expected.
import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { harnessDir, projectRoot } from '../lib/paths.ts';
import { registerSecret } from '../lib/redaction.ts';

export type HarnessTarget = 'embedded' | 'live';

export interface HarnessConfig {
  target: HarnessTarget;
  /** Where the variables came from (for messages). */
  source: string;
  auth0: {
    /** The tenant's canonical host[:port], no scheme: the Management API and its token live here. */
    domain: string;
    /** AUTH0_CUSTOM_DOMAIN: where logins run when the tenant has a custom domain (host[:port]). */
    customDomain?: string;
    /** Where logins run: the custom domain when there is one, else the canonical domain. */
    loginDomain: string;
    /** Machine-to-machine application authorised for the Management API. */
    clientId: string;
    clientSecret: string;
  };
  okta: {
    /** https://host[:port], no trailing slash. */
    orgUrl: string;
    /** host[:port]: what the Auth0 connection takes as options.domain. */
    domain: string;
    apiToken: string;
  };
  /** Embedded only: the local CA the SDK clients trust explicitly. */
  caCertPem?: string;
  /** Embedded only: the emulators' control-plane token (EMULATOR_CONTROL_PLANE_TOKEN). */
  controlPlaneToken?: string;
  caCertPath?: string;
  /** The demo relying party's root URL, no trailing slash. */
  baseUrl: string;
  /** Where Auth0 can reach the demo app from outside (live back-channel logout). */
  publicBaseUrl?: string;
  /** Fixed email domain for test users (default: one per run). */
  emailDomain?: string;
  connection: {
    displayName: string;
    iconUrl?: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    /** Each problem in one line, naming the variable and what is expected (empty for a problem of the file as a whole). */
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

export interface LoadConfigOptions {
  /** Process environment (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The harness directory holding embedded.env (default .harness/). */
  dir?: string;
  /** The live target's .env file (default HARNESS_ENV_FILE, else .env in the project root). */
  envFile?: string;
}

export const DEFAULT_BASE_URL = 'http://localhost:3000';
export const DEFAULT_CONNECTION_DISPLAY_NAME = 'Okta Workforce';

export function loadConfig(options: LoadConfigOptions = {}): HarnessConfig {
  const processEnv = options.env ?? process.env;
  const rawTarget = processEnv.HARNESS_TARGET?.trim() || 'embedded';
  if (rawTarget !== 'embedded' && rawTarget !== 'live') {
    throw new ConfigError(`HARNESS_TARGET must be "embedded" (the default: local emulators) or "live" (sandbox tenants from .env), got "${rawTarget}".`);
  }
  const target: HarnessTarget = rawTarget;
  const { vars, source } = target === 'embedded' ? embeddedVariables(processEnv, options.dir) : liveVariables(processEnv, options.envFile);

  const problems: string[] = [];
  const value = (name: string) => vars[name]?.trim() ?? '';
  const requireNonEmpty = (name: string, what: string) => {
    const v = value(name);
    if (!v) problems.push(`${name} is missing: ${what}`);
    return v;
  };

  const auth0Domain = checkAuth0Domain('AUTH0_DOMAIN', value('AUTH0_DOMAIN'), problems);
  const customDomain = value('AUTH0_CUSTOM_DOMAIN') ? checkAuth0Domain('AUTH0_CUSTOM_DOMAIN', value('AUTH0_CUSTOM_DOMAIN'), problems) : undefined;
  const clientId = requireNonEmpty('AUTH0_CLIENT_ID', 'the client id of an Auth0 machine-to-machine application authorised for the Management API');
  const clientSecret = requireNonEmpty('AUTH0_CLIENT_SECRET', 'the client secret of that machine-to-machine application');
  const orgUrl = checkOktaOrgUrl(value('OKTA_ORG_URL'), problems);
  const apiToken = requireNonEmpty('OKTA_API_TOKEN', 'an Okta API token (SSWS) of an admin who may manage apps, users and trusted origins');

  let caCertPath: string | undefined;
  let caCertPem: string | undefined;
  let controlPlaneToken: string | undefined;
  if (target === 'embedded') {
    controlPlaneToken = requireNonEmpty('EMULATOR_CONTROL_PLANE_TOKEN', "the emulators' control-plane token (they write it when they start)");
    caCertPath = value('NODE_EXTRA_CA_CERTS');
    if (!caCertPath) problems.push("NODE_EXTRA_CA_CERTS is missing: the path of the emulators' local CA certificate (.harness/tls/ca.pem)");
    else if (!existsSync(caCertPath))
      problems.push(`NODE_EXTRA_CA_CERTS must point at an existing file (the emulators' local CA certificate), got "${caCertPath}"`);
    else caCertPem = readFileSync(caCertPath, 'utf8');
  }

  const baseUrl = checkRootUrl('BASE_URL', value('BASE_URL') || DEFAULT_BASE_URL, "the demo app's root URL, e.g. http://localhost:3000", problems);
  const publicBaseUrl = value('PUBLIC_BASE_URL')
    ? checkRootUrl(
        'PUBLIC_BASE_URL',
        value('PUBLIC_BASE_URL'),
        'the https root URL where Auth0 can reach the demo app, e.g. https://harness.example.com',
        problems,
        true,
      )
    : undefined;
  const emailDomain = value('HARNESS_EMAIL_DOMAIN') ? checkEmailDomain(value('HARNESS_EMAIL_DOMAIN'), problems) : undefined;
  const iconUrl = value('HARNESS_CONNECTION_ICON_URL') ? checkIconUrl(value('HARNESS_CONNECTION_ICON_URL'), problems) : undefined;
  const displayName = value('HARNESS_CONNECTION_DISPLAY_NAME') || DEFAULT_CONNECTION_DISPLAY_NAME;

  if (problems.length) {
    const hint =
      target === 'embedded'
        ? `Restart the emulators (\`npm run emulators\`) so that they rewrite ${source}.`
        : `Set them in .env (see .env.example) or in the environment, or run with HARNESS_TARGET=embedded.`;
    throw new ConfigError(`The ${target} target is not configured (${source}):\n  - ${problems.join('\n  - ')}\n${hint}`, problems);
  }

  registerSecret(clientSecret);
  registerSecret(apiToken);
  registerSecret(controlPlaneToken);
  return {
    target,
    source,
    auth0: { domain: auth0Domain, customDomain, loginDomain: customDomain ?? auth0Domain, clientId, clientSecret },
    okta: { orgUrl, domain: new URL(orgUrl).host, apiToken },
    caCertPem,
    caCertPath,
    controlPlaneToken,
    baseUrl,
    publicBaseUrl,
    emailDomain,
    connection: { displayName, iconUrl },
  };
}

function embeddedVariables(processEnv: NodeJS.ProcessEnv, dir?: string) {
  const path = join(resolve(dir ?? harnessDir()), 'embedded.env');
  if (!existsSync(path)) {
    throw new ConfigError(
      `The emulators are not running (no ${path}): start them with \`npm run emulators\` in another terminal, or use HARNESS_TARGET=live for sandbox tenants.`,
    );
  }
  // The file describes the emulators that are running: it wins over stray variables in the shell.
  return { vars: { ...definedOnly(processEnv), ...parse(readFileSync(path)) }, source: path };
}

/** The live target's variables: .env, overridden by the process environment's non-blank values. */
export function liveEnvironment(processEnv: NodeJS.ProcessEnv = process.env, envFile?: string): Record<string, string> {
  return liveVariables(processEnv, envFile).vars;
}

/** The live target's .env: `envFile`, else HARNESS_ENV_FILE, else .env in the project root. */
export function liveEnvFile(processEnv: NodeJS.ProcessEnv = process.env, envFile?: string): string {
  return resolve(envFile ?? (processEnv.HARNESS_ENV_FILE?.trim() || join(projectRoot, '.env')));
}

function liveVariables(processEnv: NodeJS.ProcessEnv, envFile?: string) {
  const path = liveEnvFile(processEnv, envFile);
  const fromFile = existsSync(path) ? parse(readFileSync(path)) : {};
  // CI injects secrets through the environment: it wins over the file.
  return { vars: { ...fromFile, ...definedOnly(processEnv) }, source: existsSync(path) ? path : 'environment; no .env file' };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
}

const HOST_PORT = /^(?=.{1,253}(:|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::\d{1,5})?$/;

/** Auth0's public-cloud tenant domains: `tenant.auth0.com` (the oldest US tenants) or `tenant.<region>.auth0.com`. */
const AUTH0_CLOUD_DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z]{2}(?:-\d)?)?\.auth0\.com$/;

function checkAuth0Domain(name: 'AUTH0_DOMAIN' | 'AUTH0_CUSTOM_DOMAIN', raw: string, problems: string[]): string {
  const what =
    name === 'AUTH0_DOMAIN'
      ? "the Auth0 tenant's own domain without scheme or path, e.g. my-tenant.auth0.com, my-tenant.us.auth0.com or my-tenant.eu.auth0.com (or host:port)"
      : "the tenant's custom domain without scheme or path, e.g. login.example.com";
  // One trailing slash is what copying from a browser gives: harmless.
  const value = raw.replace(/\/$/, '').toLowerCase();
  if (!raw) problems.push(`${name} is missing: ${what}`);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) problems.push(`${name} must be ${what}; remove the scheme from "${raw}"`);
  else if (/[/?#]/.test(value)) problems.push(`${name} must be ${what}; remove the path from "${raw}"`);
  else if (!HOST_PORT.test(value) || !validPort(value)) problems.push(`${name} must be ${what}, got "${raw}"`);
  else if (/(^|\.)auth0\.com$/.test(value) && (value === 'manage.auth0.com' || !AUTH0_CLOUD_DOMAIN.test(value)))
    problems.push(`${name} must be ${what}; "${raw}" is not a tenant domain (the Dashboard shows it under Settings → Domain)`);
  return value;
}

function checkOktaOrgUrl(raw: string, problems: string[]): string {
  const what = 'the Okta org URL https://host[:port] without a path, e.g. https://dev-123456.okta.com';
  if (!raw) {
    problems.push(`OKTA_ORG_URL is missing: ${what}`);
    return '';
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`OKTA_ORG_URL must be ${what}, got "${raw}"`);
    return '';
  }
  if (url.protocol !== 'https:') problems.push(`OKTA_ORG_URL must be ${what}; it must start with https://, got "${raw}"`);
  else if (url.pathname !== '/' || url.search || url.hash || url.username || url.password)
    problems.push(
      `OKTA_ORG_URL must be ${what}; remove the path from "${raw}" (a custom authorization server path such as /oauth2/default does not belong here)`,
    );
  else if (/-admin\./i.test(url.hostname)) problems.push(`OKTA_ORG_URL must be the org URL, not the Admin Console URL: remove "-admin" from "${raw}"`);
  else return url.origin;
  return '';
}

function checkRootUrl(name: string, raw: string, what: string, problems: string[], httpsOnly = false): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} must be ${what}, got "${raw}"`);
    return '';
  }
  if (!(httpsOnly ? /^https:$/ : /^https?:$/).test(url.protocol))
    problems.push(`${name} must be ${what}; use ${httpsOnly ? 'https://' : 'http:// or https://'}, got "${raw}"`);
  else if (url.pathname !== '/' || url.search || url.hash) problems.push(`${name} must be ${what} without a path, got "${raw}"`);
  else return url.origin;
  return '';
}

function checkEmailDomain(raw: string, problems: string[]): string {
  if (!/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(raw)) {
    problems.push(`HARNESS_EMAIL_DOMAIN must be a domain name for the test users' emails (home realm discovery), e.g. hrd.example.com, got "${raw}"`);
  }
  return raw.toLowerCase();
}

function checkIconUrl(raw: string, problems: string[]): string {
  try {
    if (new URL(raw).protocol === 'https:') return raw;
  } catch {
    /* reported below */
  }
  problems.push(`HARNESS_CONNECTION_ICON_URL must be an https URL of the login button's logo, got "${raw}"`);
  return '';
}

function validPort(hostPort: string): boolean {
  const port = hostPort.split(':')[1];
  return port === undefined || (Number(port) > 0 && Number(port) <= 65535);
}
