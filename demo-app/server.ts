// Starts the demo app. The port is taken first and the app attached afterwards, because the
// app's callback URL (which provisioning registers) must name the port before the app can be
// configured. A busy port is one clear line, not a stack trace.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoAppConfig } from './config.ts';
import { createDemoApp, type DemoApp, type DemoAppOptions } from './app.ts';

export interface DemoAppListener {
  server: Server;
  port: number;
  /** http://{host}:{port} as the browser reaches it. */
  url: string;
  /** Serves the demo app configured with `config` from now on. */
  attach(config: DemoAppConfig, options?: DemoAppOptions): DemoApp;
  close(): Promise<void>;
}

export interface RunningDemoApp extends DemoApp {
  url: string;
  close(): Promise<void>;
}

export class DemoAppStartError extends Error {
  override name = 'DemoAppStartError';
}

/** Listens on host:port (0 = any free port) and answers 503 until an app is attached. */
export function listenForDemoApp(host: string, port: number): Promise<DemoAppListener> {
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('The demo app is starting.\n');
  };
  const server = createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new DemoAppStartError(
          error.code === 'EADDRINUSE'
            ? `Demo app: port ${port} is already in use. Stop what uses it, or set BASE_URL to another port (e.g. BASE_URL=http://localhost:3001).`
            : `Demo app: cannot listen on ${host}:${port}: ${error.message}`,
        ),
      ),
    );
    server.listen(port, host, () => {
      const actual = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: actual,
        url: `http://${host}:${actual}`,
        attach(config, options) {
          const demo = createDemoApp(config, options);
          handler = demo.app;
          return demo;
        },
        close: () =>
          new Promise<void>(done => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** Listens on the configured BASE_URL's port and serves the app. */
export async function startDemoApp(config: DemoAppConfig): Promise<RunningDemoApp> {
  const listener = await listenForDemoApp(config.host, config.port);
  const demo = listener.attach(config);
  return { ...demo, url: config.port === 0 ? listener.url : config.baseURL, close: listener.close };
}
