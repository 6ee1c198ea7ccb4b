// What `npm run emulators` (and the emulators' container image, whose entry point it is) reads from
// the environment besides the topology: credentials passed in instead of generated, a certificate
// authority to issue the leaf with, and seeds. Every problem is named at once, with what is expected.
import { existsSync, readFileSync } from 'node:fs';
import { registerSecret } from '../lib/redaction.ts';
import type { StartEmulatorsOptions } from './start.ts';

export class EmulatorSettingsError extends Error {
  override name = 'EmulatorSettingsError';
}

/** The variables, as the configuration table of docs/containers.md names them. */
export const SETTINGS = {
  controlPlaneToken: 'EMULATOR_CONTROL_PLANE_TOKEN',
  oktaApiToken: 'EMULATOR_OKTA_API_TOKEN',
  auth0ClientId: 'EMULATOR_AUTH0_CLIENT_ID',
  auth0ClientSecret: 'EMULATOR_AUTH0_CLIENT_SECRET',
  caCertFile: 'EMULATOR_CA_CERT_FILE',
  caKeyFile: 'EMULATOR_CA_KEY_FILE',
  seedsFile: 'EMULATOR_SEEDS_FILE',
} as const;

export interface EmulatorSettings {
  credentials: Pick<StartEmulatorsOptions, 'controlPlaneToken'> & {
    okta?: { apiToken: string };
    auth0?: { managementClient: { clientId: string; clientSecret: string } };
  };
  /** A CA to issue the emulators' leaf certificate with, instead of the one under .harness/tls/. */
  certificateAuthority?: { certPem: string; keyPem: string };
  /** A JSON file of apps, users and connections to create once both emulators listen. */
  seedsFile?: string;
}

// Tokens travel in HTTP headers: printable, no spaces, long enough not to be guessed.
const TOKEN = /^[A-Za-z0-9._~+/=-]{24,256}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): EmulatorSettings {
  const problems: string[] = [];
  const read = (name: string) => env[name]?.trim() || undefined;
  const token = (name: string, what: string): string | undefined => {
    const value = read(name);
    if (value === undefined) return undefined;
    if (!TOKEN.test(value)) {
      problems.push(
        `${name} must be ${what}: 24 to 256 characters of A-Z a-z 0-9 . _ ~ + / = - (e.g. \`openssl rand -hex 24\`), got ${value.length} characters`,
      );
      return undefined;
    }
    registerSecret(value);
    return value;
  };

  const controlPlaneToken = token(SETTINGS.controlPlaneToken, 'the control-plane token');
  const apiToken = token(SETTINGS.oktaApiToken, "the Okta org's admin API token (SSWS)");
  const clientId = read(SETTINGS.auth0ClientId);
  const clientSecret = token(SETTINGS.auth0ClientSecret, "the Auth0 Management API client's secret");
  if (clientId !== undefined && !CLIENT_ID.test(clientId))
    problems.push(`${SETTINGS.auth0ClientId} must be 16 to 64 characters of A-Z a-z 0-9 _ -, got "${clientId}"`);
  if ((clientId === undefined) !== (read(SETTINGS.auth0ClientSecret) === undefined))
    problems.push(`${SETTINGS.auth0ClientId} and ${SETTINGS.auth0ClientSecret} go together: set both, or neither (then both are generated)`);

  const file = (name: string): string | undefined => {
    const path = read(name);
    if (path === undefined) return undefined;
    if (!existsSync(path)) {
      problems.push(`${name} names a file that does not exist here: ${path}`);
      return undefined;
    }
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(
        `${name} names a file this process cannot read (${(error as NodeJS.ErrnoException).code}): ${path}; in a container, it must be readable by the image's user (uid 1000), or run with --user`,
      );
      return undefined;
    }
  };
  const certPem = file(SETTINGS.caCertFile);
  const keyPem = file(SETTINGS.caKeyFile);
  if ((read(SETTINGS.caCertFile) === undefined) !== (read(SETTINGS.caKeyFile) === undefined))
    problems.push(`${SETTINGS.caCertFile} and ${SETTINGS.caKeyFile} go together: the CA's certificate and its private key`);

  const seedsFile = read(SETTINGS.seedsFile);
  if (seedsFile !== undefined && !existsSync(seedsFile)) problems.push(`${SETTINGS.seedsFile} names a file that does not exist here: ${seedsFile}`);

  if (problems.length) throw new EmulatorSettingsError(problems.join('\n'));
  return {
    credentials: {
      ...(controlPlaneToken ? { controlPlaneToken } : {}),
      ...(apiToken ? { okta: { apiToken } } : {}),
      ...(clientId && clientSecret ? { auth0: { managementClient: { clientId, clientSecret } } } : {}),
    },
    ...(certPem && keyPem ? { certificateAuthority: { certPem, keyPem } } : {}),
    ...(seedsFile ? { seedsFile } : {}),
  };
}
