// The demo's single-page app: a page served at /spa whose script (public/spa/app.js) runs
// @auth0/auth0-spa-js, the library Auth0's single-page-app quickstarts use, served unchanged from
// the installed package (no external assets: the page's CSP allows scripts from this origin only).
// It is an application of its own (SPA_CLIENT_ID, a public client), signs in through the same
// connection, keeps its tokens in the browser and calls the demo API with them.
import express, { type Router } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DemoAppConfig } from './config.ts';
import { spaPage } from './views/spa.ts';

/** The library's files the page loads: its ES module, and the worker that keeps refresh tokens out of the page's reach. */
export const VENDOR_FILES = ['auth0-spa-js.production.esm.js', 'auth0-spa-js.worker.production.js'];
export const VENDOR_PATH = '/static/vendor';

export function singlePageApp(config: DemoAppConfig & { spaClientID: string }, signedIn: (req: express.Request) => boolean): Router {
  const router = express.Router();
  const dist = join(dirname(createRequire(import.meta.url).resolve('@auth0/auth0-spa-js/package.json')), 'dist');
  for (const file of VENDOR_FILES) {
    router.get(`${VENDOR_PATH}/${file}`, (_req, res) => {
      res.type('text/javascript').set('cache-control', 'public, max-age=3600').sendFile(join(dist, file));
    });
  }
  router.get('/spa', (req, res) => {
    res.send(
      spaPage({
        signedIn: signedIn(req),
        domain: new URL(config.issuerBaseURL).host,
        clientId: config.spaClientID,
        audience: config.apiAudience,
        connectionName: config.connectionName,
        connectionDisplayName: config.connectionDisplayName,
      }),
    );
  });
  return router;
}
