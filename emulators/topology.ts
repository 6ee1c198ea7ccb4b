// Where each party listens on the embedded target. Three distinct loopback hosts, so the browser
// keeps three cookie jars and treats the parties as cross-site, as in production.
import { createServer, isIP } from 'node:net';

export interface Endpoint {
  host: string;
  port: number;
  /**
   * The host clients use when it is not the one bound: a container that binds 0.0.0.0 and is
   * published on the machine's 127.0.0.2 at the same port. It names the origin and the issuer.
   */
  publicHost?: string;
}

export interface Topology {
  auth0: Endpoint;
  okta: Endpoint;
  /** The Auth0 tenant's custom domain, on a host of its own (off unless given). */
  auth0CustomDomain?: Endpoint;
}

/** Where a custom domain listens when one is asked for: a fourth loopback host. */
export const DEFAULT_AUTH0_CUSTOM_DOMAIN: Endpoint = { host: '127.0.0.4', port: 8445 };

export const DEFAULT_TOPOLOGY: Topology = {
  auth0: { host: '127.0.0.2', port: 8443 },
  okta: { host: '127.0.0.3', port: 8444 },
};

export class TopologyError extends Error {
  override name = 'TopologyError';
}

/**
 * Topology from AUTH0_EMULATOR_HOST/PORT and OKTA_EMULATOR_HOST/PORT, defaults otherwise; with
 * AUTH0_CUSTOM_DOMAIN_EMULATOR_HOST and/or _PORT, the Auth0 tenant also serves a custom domain.
 * {NAME}_EMULATOR_PUBLIC_HOST names the host clients use when it is not the bound one.
 */
export function topologyFromEnv(env: NodeJS.ProcessEnv = process.env): Topology {
  const problems: string[] = [];
  const endpoint = (name: 'AUTH0' | 'OKTA' | 'AUTH0_CUSTOM_DOMAIN', fallback: Endpoint): Endpoint => {
    const host = env[`${name}_EMULATOR_HOST`]?.trim() || fallback.host;
    const rawPort = env[`${name}_EMULATOR_PORT`]?.trim();
    const port = rawPort ? Number(rawPort) : fallback.port;
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      problems.push(`${name}_EMULATOR_PORT must be a port number from 0 to 65535 (0 = any free port), got "${rawPort}"`);
    if (/[/:]/.test(host) && !host.includes('::'))
      problems.push(`${name}_EMULATOR_HOST must be a host name or IP address without scheme or port, got "${host}"`);
    const publicHost = env[`${name}_EMULATOR_PUBLIC_HOST`]?.trim();
    if (publicHost && ((/[/:]/.test(publicHost) && !publicHost.includes('::')) || isUnspecified(publicHost)))
      problems.push(`${name}_EMULATOR_PUBLIC_HOST must be the host name or IP address clients use, without scheme or port, got "${publicHost}"`);
    if (isUnspecified(host) && !publicHost)
      problems.push(
        `${name}_EMULATOR_HOST=${host} listens on every address: set ${name}_EMULATOR_PUBLIC_HOST to the host clients use (e.g. the 127.0.0.x a container's port is published on)`,
      );
    return publicHost ? { host, port, publicHost } : { host, port };
  };
  const customDomain = env.AUTH0_CUSTOM_DOMAIN_EMULATOR_HOST?.trim() || env.AUTH0_CUSTOM_DOMAIN_EMULATOR_PORT?.trim();
  const topology: Topology = {
    auth0: endpoint('AUTH0', DEFAULT_TOPOLOGY.auth0),
    okta: endpoint('OKTA', DEFAULT_TOPOLOGY.okta),
    ...(customDomain ? { auth0CustomDomain: endpoint('AUTH0_CUSTOM_DOMAIN', DEFAULT_AUTH0_CUSTOM_DOMAIN) } : {}),
  };
  if (problems.length) throw new TopologyError(problems.join('\n'));
  return topology;
}

/**
 * Where an extra loopback address cannot be bound (macOS without aliases), fall back to
 * 127.0.0.1 with the same (distinct) ports, and say so once.
 */
export async function withLoopbackFallback(topology: Topology, warn: (line: string) => void = () => {}): Promise<Topology> {
  const result = structuredClone(topology);
  const fellBack: string[] = [];
  for (const party of ['auth0', 'okta', 'auth0CustomDomain'] as const) {
    if (!result[party]) continue;
    const { host } = result[party];
    if (/^127\./.test(host) && host !== '127.0.0.1' && !(await canBind(host))) {
      fellBack.push(`${host} (${party})`);
      result[party].host = '127.0.0.1';
      if (result[party].publicHost === host) result[party].publicHost = '127.0.0.1';
    }
  }
  if (fellBack.length) {
    warn(
      `warning: cannot bind ${fellBack.join(', ')}; using 127.0.0.1 with distinct ports instead. ` +
        'Cookies of the parties then share one host; add loopback aliases for full fidelity (see docs/emulators.md, "Hosts, ports and local TLS").',
    );
  }
  return result;
}

function canBind(host: string): Promise<boolean> {
  return new Promise(resolve => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'EADDRNOTAVAIL'));
    probe.listen(0, host, () => probe.close(() => resolve(true)));
  });
}

/** 0.0.0.0 and :: stand for every address: something to bind, never a host to reach. */
function isUnspecified(host: string): boolean {
  return ['0.0.0.0', '::', '[::]'].includes(host);
}

/** EMULATORS_ALLOW_REMOTE=1 (or `npm run emulators -- --allow-remote`) lets the emulators listen beyond loopback. */
export const ALLOW_REMOTE_VARIABLE = 'EMULATORS_ALLOW_REMOTE';

/** Loopback: 127.0.0.0/8, ::1, localhost. Anything else can be reached from other machines. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * The emulators hold admin credentials and a control plane that wipes tenants: they listen on
 * loopback only, unless asked explicitly; then one warning line says what is exposed.
 */
export function checkBindHosts(topology: Topology, allowRemote: boolean, warn: (line: string) => void = () => {}): void {
  const remote = (['auth0', 'okta', 'auth0CustomDomain'] as const)
    .filter(party => topology[party] && !isLoopbackHost(topology[party].host))
    .map(party => `${topology[party]!.host} (${party})`);
  if (!remote.length) return;
  if (!allowRemote)
    throw new TopologyError(
      `The emulators listen on loopback addresses only, and ${remote.join(', ')} is not one. They hold admin credentials and a control plane that resets both tenants: ` +
        `to expose them on purpose (e.g. in a container), set ${ALLOW_REMOTE_VARIABLE}=1 (see docs/security.md, "Security of the harness").`,
    );
  warn(
    `warning: the emulators listen on ${remote.join(', ')}, reachable from other machines (${ALLOW_REMOTE_VARIABLE}=1): anyone who can reach them and holds the run's tokens can drive them.`,
  );
}

export function allowRemoteFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[ALLOW_REMOTE_VARIABLE]?.trim().toLowerCase();
  if (!value || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new TopologyError(`${ALLOW_REMOTE_VARIABLE} must be 1 (listen beyond loopback) or 0, got "${env[ALLOW_REMOTE_VARIABLE]}"`);
}
