// Starts an emulator's request handler on HTTPS with the local leaf certificate, and turns the
// usual start-up failures into one clear line each.
import { createServer, type Server } from 'node:https';
import type { RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TlsMaterial } from '../tls/local-ca.ts';

export interface RunningServer {
  server: Server;
  host: string;
  port: number;
  /** https://host:port (IPv6 hosts in brackets), no trailing slash; the public host when one is given. */
  origin: string;
  close(): Promise<void>;
}

export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * `publicHost`: the host clients use when it differs from the one bound, e.g. a container that
 * binds 0.0.0.0 and is published on the machine's 127.0.0.2 (same port): it names the origin.
 */
export function listenHttps(
  handler: RequestListener,
  tls: Pick<TlsMaterial, 'certPem' | 'keyPem'>,
  host: string,
  port: number,
  label: string,
  publicHost = host,
): Promise<RunningServer> {
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, handler);
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(startupError(err, label, host, port)));
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      const hostPart = publicHost.includes(':') ? `[${publicHost}]` : publicHost;
      resolve({
        server,
        host,
        port: actual,
        origin: `https://${hostPart}:${actual}`,
        close: () =>
          new Promise<void>(done => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

export function startupError(err: NodeJS.ErrnoException, label: string, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE')
    return new StartupError(
      `${label}: port ${port} on ${host} is already in use. Stop what uses it, or choose another port (see docs/emulators.md, "Hosts, ports and local TLS").`,
    );
  if (err.code === 'EADDRNOTAVAIL') return new StartupError(`${label}: cannot bind ${host}: the address is not available on this machine.`);
  if (err.code === 'EACCES') return new StartupError(`${label}: not allowed to bind ${host}:${port}.`);
  return new StartupError(`${label}: cannot listen on ${host}:${port}: ${err.message}`);
}
