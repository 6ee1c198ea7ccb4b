// The Okta Sign-In Widget's own files (JS, CSS, fonts, images, labels), served by the org from the
// pinned npm package under the path Okta's CDN uses, so the hosted page needs no other host. The
// URL carries the version, so every file is immutable: a browser fetches each one once per
// context. Files are streamed from disk on request (nothing is read at start-up).
// See docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

const packageJson = createRequire(import.meta.url)('@okta/okta-signin-widget/package.json') as { version: string };

/** The widget version the org serves (the package pinned in package.json). */
export const WIDGET_VERSION = packageJson.version;

/** Where the org serves the widget's `dist/` folder. */
export const WIDGET_ASSETS_PATH = `/assets/js/sdk/okta-signin-widget/${WIDGET_VERSION}`;

/**
 * The widget generation the hosted page loads: `G2` (the jQuery/Backbone widget, Okta's default for
 * new Identity Engine orgs) or `G3` (Preact, opt-in per brand). Named as Okta's brand setting
 * `widgetCustomizations.widgetGeneration` names them.
 */
export type WidgetGeneration = 'G2' | 'G3';

export const WIDGET_BUNDLES: Record<WidgetGeneration, { script: string; stylesheet: string }> = {
  G2: { script: 'js/okta-sign-in.min.js', stylesheet: 'css/okta-sign-in.min.css' },
  G3: { script: 'js/okta-sign-in.next.js', stylesheet: 'css/okta-sign-in.next.css' },
};

const DIST = join(dirname(createRequire(import.meta.url).resolve('@okta/okta-signin-widget/package.json')), 'dist');

/** Files of `dist/` the page may load; source maps and the other bundles are not served (nor put in the container image). */
export const WIDGET_SERVED_FILES = /^\/(css\/[\w.-]+\.css|js\/okta-sign-in\.(min|next)\.js|font\/[\w.-]+|img\/[\w./-]+|labels\/json\/[\w.-]+\.json)$/;

export function widgetAssetRouter(): Router {
  const router = express.Router();
  const files = express.static(DIST, {
    index: false,
    redirect: false,
    etag: false,
    lastModified: false,
    immutable: true,
    maxAge: '365d',
  });
  router.use(WIDGET_ASSETS_PATH, (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!WIDGET_SERVED_FILES.test(req.path)) return res.status(404).type('text').send('Not Found');
    files(req, res, () => res.status(404).type('text').send('Not Found'));
  });
  return router;
}
