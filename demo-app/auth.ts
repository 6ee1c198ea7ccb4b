// express-openid-connect, configured for this demo. Everything that decides which path a login or
// logout takes is pinned here, so the embedded emulator and a real *.auth0.com tenant behave alike.
import openid, { type ConfigParams } from 'express-openid-connect'; // CommonJS: use the default export
import { readFileSync } from 'node:fs';
import { fetchTrusting } from '../lib/trusting-fetch.ts';
import type { DemoAppConfig } from './config.ts';
import { randomBytes } from 'node:crypto';
import type { ServerSessionStore } from './session-store.ts';
import { DEMO_API_SCOPE } from '../provisioning/auth0-api.ts';
import type { AppFlowRecorder } from './flow-recorder.ts';
import type { Fetch } from '../lib/trusting-fetch.ts';

export const SCOPE = 'openid profile email offline_access';

export function authMiddleware(config: DemoAppConfig, sessionStore: ServerSessionStore, recorder?: AppFlowRecorder) {
  const secureCookie = config.baseURL.startsWith('https:');
  const params: ConfigParams = {
    issuerBaseURL: config.issuerBaseURL,
    baseURL: config.baseURL,
    clientID: config.clientID,
    clientSecret: config.clientSecret,
    secret: config.secret,
    // Pages choose for themselves: /profile requires login, home does not.
    authRequired: false,
    // Authorization code flow (PKCE is added by the library), with a refresh token; with an API,
    // its access token is for the API (audience) and carries the API's scope.
    authorizationParams: config.apiAudience
      ? { response_type: 'code', scope: `${SCOPE} ${DEMO_API_SCOPE}`, audience: config.apiAudience }
      : { response_type: 'code', scope: SCOPE },
    clientAuthMethod: 'client_secret_basic',
    // Auto-detection enables Auth0 logout only for *.auth0.com hosts; pin it so every target
    // logs out through /v2/logout (the Auth0 session ends too, not just the app's).
    auth0Logout: true,
    idpLogout: true,
    // Server-side sessions: the cookie is a signed session id, so logout (and back-channel
    // logout) really ends a session and a replayed cookie finds nothing.
    session: {
      name: 'appSession',
      store: sessionStore,
      signSessionStoreCookie: true,
      requireSignedSessionStoreCookie: true,
      cookie: { httpOnly: true, sameSite: 'Lax', secure: secureCookie },
    },
    transactionCookie: { name: 'auth_verification', sameSite: 'Lax' },
    // Logout is ours, by POST with the session's CSRF token (app.ts).
    routes: { login: false, logout: false },
    // A logout token ends the sessions it names right away (the library's default only marks them).
    backchannelLogout: {
      onLogoutToken: async token => void sessionStore.endSessionsFor(token as { iss?: string; sid?: string; sub?: string }),
      isLoggedOut: false,
      onLogin: false,
    },
    // Each session gets its own CSRF token for the forms that change it (logout, refresh, call the API).
    afterCallback: (_req, _res, session) => ({ ...session, login_at: Date.now(), csrf_token: randomBytes(32).toString('base64url') }),
    enableTelemetry: false,
    // Trust the embedded target's local CA explicitly, whatever this process's environment; record
    // each call for the "How you signed in" page.
    customFetch: recording(recorder, config.caCertPath ? fetchTrusting(readFileSync(config.caCertPath, 'utf8'), 10_000) : fetch),
  };
  return openid.auth(params);
}

function recording(recorder: AppFlowRecorder | undefined, inner: Fetch): Fetch {
  return recorder ? recorder.fetch(inner) : inner;
}
