// The demo relying party: a small Express app on express-openid-connect that shows who signed in,
// through which connection, with which claims, and offers every login and logout path; beside it,
// the demo's single-page app (/spa) and the API both call (/api).
import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import helmet from 'helmet';
import openid from 'express-openid-connect'; // CommonJS: its named exports are not visible to ESM
import { log, redactText } from '../lib/redaction.ts';
import { printableText } from '../lib/printable-text.ts';
import type { DemoAppConfig } from './config.ts';
import { authMiddleware } from './auth.ts';
import { ServerSessionStore } from './session-store.ts';
import { homePage } from './views/home.ts';
import { profilePage, type ProfileView } from './views/profile.ts';
import { errorPage } from './views/error.ts';
import { leavingPage } from './views/leaving.ts';
import { API_PATH, demoApi } from './api.ts';
import { singlePageApp } from './single-page-app.ts';
import { AppFlowRecorder } from './flow-recorder.ts';
import { flowPage, type FlowView } from './views/flow.ts';
import { withAppView, type SessionFlowSource } from '../inspector/session-flows.ts';
import { join } from 'node:path';
import { projectRoot } from '../lib/paths.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface DemoApp {
  app: express.Express;
  /** The server-side sessions (logout and back-channel logout end them). */
  sessionStore: ServerSessionStore;
}

export interface DemoAppOptions {
  /** The parties' side of a session's flows (the emulators, or the tenant's logs), for "How you signed in". */
  flowSource?: SessionFlowSource;
}

export function createDemoApp(config: DemoAppConfig, options: DemoAppOptions = {}): DemoApp {
  const app = express();
  const sessionStore = new ServerSessionStore();
  const recorder = new AppFlowRecorder({ app: new URL(config.baseURL).origin, issuer: config.issuerBaseURL });
  const https = config.baseURL.startsWith('https:');
  const issuerOrigin = new URL(config.issuerBaseURL).origin;
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'img-src': ["'self'", 'data:', 'https:'],
          // Chromium applies form-action to the redirect after a form post: the work-email form
          // ends at the issuer's /authorize.
          'form-action': ["'self'", issuerOrigin],
          // The single-page app calls the tenant's token endpoint, and renews silently in a hidden iframe.
          'connect-src': ["'self'", issuerOrigin],
          'frame-src': ["'self'", issuerOrigin],
          'worker-src': ["'self'"],
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      strictTransportSecurity: https,
      // Chromium sends `Origin: null` on a form POST from a no-referrer page; same-origin keeps the
      // real Origin on the app's own forms (checked with their CSRF token) and sends no referrer elsewhere.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.use('/static', express.static(join(projectRoot, 'demo-app', 'public'), { maxAge: '1h' }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // The API answers bearer tokens only: no session, no cookies.
  if (config.apiAudience) app.use(API_PATH, demoApi({ issuerBaseURL: config.issuerBaseURL, audience: config.apiAudience, caCertPath: config.caCertPath }));

  app.use(recorder.middleware());
  app.use(authMiddleware(config, sessionStore, recorder));
  const signedIn = (req: Request) => req.oidc.isAuthenticated();
  // Pages for a signed-in person show their data: never stored by a browser or a proxy.
  app.use((req, res, next) => {
    if (signedIn(req)) res.set('Cache-Control', 'no-store');
    next();
  });
  const form = express.urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 });
  const sameOrigin = new URL(config.baseURL).origin;
  /** The forms that act on a session carry its CSRF token, and come from this app's own pages. */
  const checkForm = (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    const expected = (req as unknown as { appSession?: { csrf_token?: unknown } }).appSession?.csrf_token;
    const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf;
    if ((origin !== undefined && origin !== sameOrigin) || typeof expected !== 'string' || typeof sent !== 'string' || !sameText(sent, expected)) {
      res.status(403).send(errorPage({ status: 403, title: 'This form has expired', description: 'Reload the page and try again.', signedIn: signedIn(req) }));
      return;
    }
    next();
  };
  const csrfTokenOf = (req: Request) => String((req as unknown as { appSession?: { csrf_token?: unknown } }).appSession?.csrf_token ?? '');

  app.get('/', (req, res) => {
    res.send(
      homePage({
        signedIn: signedIn(req),
        userName: req.oidc.user?.name as string | undefined,
        connectionName: config.connectionName,
        connectionDisplayName: config.connectionDisplayName,
        singlePageApp: Boolean(config.spaClientID),
      }),
    );
  });
  if (config.spaClientID) app.use(singlePageApp({ ...config, spaClientID: config.spaClientID }, signedIn));

  // Our own /login so that every path lands on the profile page after sign-in.
  app.get('/login', (_req, res, next) => {
    res.oidc.login({ returnTo: '/profile' }).catch(next);
  });

  app.get('/login/connection', (req, res, next) => {
    if (!config.connectionName) return next();
    res.oidc.login({ returnTo: '/profile', authorizationParams: { connection: config.connectionName } }).catch(next);
  });

  app.post('/login/work-email', express.urlencoded({ extended: false, limit: '4kb' }), (req, res, next) => {
    const email = typeof req.body?.email === 'string' ? req.body.email.trim() : '';
    if (!EMAIL.test(email)) {
      res
        .status(400)
        .send(errorPage({ status: 400, title: 'Enter your work email', description: 'That does not look like an email address.', signedIn: signedIn(req) }));
      return;
    }
    res.oidc.login({ returnTo: '/profile', authorizationParams: { login_hint: email } }).catch(next);
  });

  app.get('/profile', openid.requiresAuth(), async (req, res) => {
    res.send(profilePage(await profileView(req, csrfTokenOf(req))));
  });

  app.post('/profile/refresh', openid.requiresAuth(), form, checkForm, async (req, res) => {
    const at = new Date().toISOString();
    let refreshResult: ProfileView['refreshResult'];
    try {
      if (!req.oidc.refreshToken) throw new Error('this session has no refresh token');
      const token = await req.oidc.accessToken!.refresh();
      refreshResult = { ok: true, expiresIn: token.expires_in, at };
    } catch (error) {
      refreshResult = { ok: false, error: describe(error), at };
    }
    res.status(refreshResult.ok ? 200 : 502).send(profilePage({ ...(await profileView(req, csrfTokenOf(req))), refreshResult }));
  });

  app.post('/profile/call-api', openid.requiresAuth(), form, checkForm, async (req, res) => {
    const apiCall = await callApiFromServer(config, req.oidc.accessToken?.access_token);
    res.status(apiCall.ok ? 200 : 502).send(profilePage({ ...(await profileView(req, csrfTokenOf(req))), apiCall }));
  });

  app.get('/flow', openid.requiresAuth(), async (req, res) => {
    res.send(flowPage(await sessionFlowView(req.oidc.idTokenClaims?.sid as string | undefined, recorder, options.flowSource)));
  });

  // Logout by POST only, with the session's CSRF token: a page elsewhere cannot log you out.
  // Signed out already: nothing to end, back home.
  const signedOutHome = (req: Request, res: Response, next: NextFunction) => (signedIn(req) ? next() : res.redirect(303, '/'));
  app.post('/logout', form, signedOutHome, checkForm, (_req, res, next) => {
    res.oidc.logout({ returnTo: config.baseURL }).catch(next);
  });
  app.post('/logout/federated', form, signedOutHome, checkForm, (_req, res, next) => {
    // `federated` makes Auth0 also end the Okta session (through Okta's logout endpoint). That
    // chain leaves for Okta's origin, which the form's CSP cannot name: the library ends the app
    // session and names the tenant's logout URL; the browser goes there by a new navigation.
    res.redirect = ((url: string) => void res.status(200).send(leavingPage(url))) as typeof res.redirect;
    res.oidc.logout({ returnTo: config.baseURL, logoutParams: { federated: '' } }).catch(next);
  });

  app.use((req, res) => {
    res.status(404).send(errorPage({ status: 404, title: 'Page not found', signedIn: signedIn(req) }));
  });
  app.use(errorHandler);
  return { app, sessionStore };
}

const APP_ONLY =
  "Shown from this app's own view only: its redirects, the requests it received and its calls to Auth0, with the tokens it received. " +
  "Not visible from here: Universal Login, the Okta org's side (its sign-in page, and its token, keys and userinfo answers to Auth0).";

async function sessionFlowView(sid: string | undefined, recorder: AppFlowRecorder, source: SessionFlowSource | undefined): Promise<FlowView> {
  const appHops = recorder.hopsOf(sid);
  if (!source || !sid) return { flows: withAppView([], appHops), source: '', cannotSee: APP_ONLY };
  try {
    const parties = await source(sid);
    return { flows: withAppView(parties.flows, appHops), source: parties.source, cannotSee: parties.cannotSee };
  } catch (error) {
    return { flows: withAppView([], appHops), source: '', cannotSee: APP_ONLY, problem: `The parties' side could not be read: ${describe(error)}` };
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function profileView(req: Request, csrfToken: string): Promise<ProfileView> {
  const view: ProfileView = {
    csrfToken,
    claims: (req.oidc.idTokenClaims ?? {}) as Record<string, unknown>,
    loginAt: (req as unknown as { appSession?: { login_at?: number } }).appSession?.login_at,
    hasRefreshToken: Boolean(req.oidc.refreshToken),
    accessTokenExpiresIn: req.oidc.accessToken?.expires_in,
  };
  try {
    view.userinfo = (await req.oidc.fetchUserInfo()) as Record<string, unknown>;
  } catch (error) {
    view.userinfoError = describe(error);
  }
  return view;
}

/** The regular web app calls the API from its server, with the access token of the user's session. */
async function callApiFromServer(config: DemoAppConfig, accessToken: string | undefined): Promise<NonNullable<ProfileView['apiCall']>> {
  const at = new Date().toISOString();
  if (!config.apiAudience) return { ok: false, at, status: 0, body: 'This demo has no API (API_AUDIENCE is not set).' };
  if (!accessToken) return { ok: false, at, status: 0, body: 'This session has no access token.' };
  try {
    const response = await fetch(new URL(`${API_PATH}/whoami`, config.baseURL), {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    return { ok: response.ok, at, status: response.status, body: indented(await response.text()) };
  } catch (error) {
    return { ok: false, at, status: 0, body: describe(error) };
  }
}

/** JSON shown indented; anything else as it came. */
function indented(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function describe(error: unknown): string {
  const e = error as { error?: string; error_description?: string; message?: string };
  return redactText(e.error ? `${e.error}${e.error_description ? `: ${e.error_description}` : ''}` : (e.message ?? String(error)));
}

/** Callback errors (access_denied, unauthorized, state mismatch, …) plainly; never a stack trace. */
const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const e = err as { status?: number; statusCode?: number; error?: string; error_description?: string; message?: string };
  const status = e.status ?? e.statusCode ?? 500;
  const signedInNow = Boolean(req.oidc?.isAuthenticated?.());
  if (req.path === '/callback' || e.error) {
    const error = e.error ?? (/cookie not found/.test(e.message ?? '') ? 'login_transaction_not_found' : 'login_failed');
    const description = e.error_description ?? e.message;
    // What the callback carried comes from outside: printable only, so it cannot forge log lines.
    log.warn(printableText(`demo app: login failed: ${error}${description ? ` — ${description}` : ''}`));
    res
      .status(status >= 400 && status < 500 ? status : 400)
      .send(
        errorPage({ status, title: 'Sign-in did not complete', error, description: description ? redactText(description) : undefined, signedIn: signedInNow }),
      );
    return;
  }
  log.error(printableText(`demo app: ${req.method} ${req.path} failed: ${e.message ?? String(err)}`));
  res
    .status(status)
    .send(errorPage({ status, title: 'Something went wrong', description: 'The demo app could not complete this request.', signedIn: signedInNow }));
};
