// The demo API, protected by express-oauth2-jwt-bearer as Auth0's API quickstarts protect one: every
// call carries an access token for the API's audience, issued by the tenant and checked against its
// JWKS; each endpoint names the scope it needs (403 insufficient_scope without it). It answers who
// called — the user, or an application on its own behalf — through which application, with which
// scopes. Both demo applications call it: the single-page app from the browser, the regular web
// app from its server.
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import { auth, requiredScopes } from 'express-oauth2-jwt-bearer';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { trustingSecureContext } from '../lib/trusting-fetch.ts';
import { DEMO_API_SCOPE, DEMO_API_UNGRANTED_SCOPE } from '../provisioning/auth0-api.ts';

export const API_PATH = '/api';

export interface DemoApiOptions {
  issuerBaseURL: string;
  audience: string;
  /** The embedded target's CA (added to the public roots; never a replacement). */
  caCertPath?: string;
}

/** What the API answers a caller it accepts. */
export interface Caller {
  /** `sub`: the user, or `{client_id}@clients` for an application on its own behalf. */
  subject: string;
  kind: 'user' | 'application';
  /** The application that obtained the token (`azp`, or `client_id` in the RFC 9068 profile). */
  application: string;
  scopes: string[];
  audience: string | string[];
}

export function demoApi(options: DemoApiOptions): Router {
  const router = express.Router();
  // Answers name the caller: never stored by a browser or a proxy.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Discovery and the JWKS are fetched over https: trust the local CA explicitly, as the rest of the demo does.
  const agent = options.caCertPath ? new Agent({ secureContext: trustingSecureContext(readFileSync(options.caCertPath, 'utf8')) }) : undefined;
  // `secret: ''`: the library takes SECRET from the environment by default as an HS256 key, and SECRET
  // there is express-openid-connect's session secret (the demo app's image is configured by the
  // environment). Auth0's access tokens are verified with the tenant's JWKS only.
  router.use(auth({ issuerBaseURL: options.issuerBaseURL, audience: options.audience, secret: '', ...(agent ? { agent } : {}) }));
  router.get('/whoami', requiredScopes(DEMO_API_SCOPE), (req, res) => {
    res.json(callerOf(req));
  });
  router.get('/reports', requiredScopes(DEMO_API_UNGRANTED_SCOPE), (req, res) => {
    res.json({ ...callerOf(req), reports: [] });
  });
  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found', error_description: 'No such endpoint of the demo API' });
  });
  router.use(apiErrors);
  return router;
}

function callerOf(req: Request): Caller {
  const claims = req.auth!.payload;
  const subject = String(claims.sub);
  return {
    subject,
    kind: subject.endsWith('@clients') ? 'application' : 'user',
    application: String(claims.azp ?? claims.client_id ?? ''),
    scopes: typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [],
    audience: claims.aud ?? '',
  };
}

/** The library's errors as OAuth bearer-token errors: status, WWW-Authenticate, and a JSON body. */
const apiErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  const e = err as { status?: number; headers?: Record<string, string>; code?: string; message?: string };
  const status = e.status && e.status >= 400 && e.status < 500 ? e.status : 500;
  res
    .status(status)
    .set(e.headers ?? {})
    .json({
      error: e.code ?? (status === 500 ? 'server_error' : 'invalid_request'),
      error_description: status === 500 ? 'The API could not check the token' : e.message,
    });
};
