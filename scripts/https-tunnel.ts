// A local stand-in for the https tunnel a live run points PUBLIC_BASE_URL at (ngrok, a reverse
// proxy): an HTTPS listener with the local CA's leaf that passes every request through to the demo
// app's plain-http BASE_URL, so that the Auth0 tenant can deliver back-channel logout to it.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:https';
import type { TlsMaterial } from '../emulators/tls/local-ca.ts';

export interface HttpsTunnel {
  /** https://host:port, what PUBLIC_BASE_URL holds. */
  origin: string;
  close(): Promise<void>;
}

export function startHttpsTunnel(options: { tls: TlsMaterial; host: string; target: string }): Promise<HttpsTunnel> {
  const target = new URL(options.target);
  const server = createServer({ cert: options.tls.certPem, key: options.tls.keyPem }, (req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('The demo app behind this tunnel does not answer.');
    });
    req.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `https://${options.host}:${port}`,
        close: () =>
          new Promise<void>(done => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
