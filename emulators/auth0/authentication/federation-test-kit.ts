// Shared by the Authentication API tests: a federation arranged through the official SDKs the way
// provisioning does it — an Okta OIDC web app, an Okta user assigned to it (Okta SDK), an Auth0
// regular web application and an `okta` connection enabled for it (auth0 ManagementClient) — an
// openid-client v6 relying party, and a cookie-keeping HTTP browser that walks Universal Login
// and signs in on Okta's hosted page over the Identity Engine API (fixtures/okta-hosted-sign-in.ts). Each test provisions its own app, user and connection: the emulators
// are shared by a worker's tests.
import type { Client as OktaClient, OpenIdConnectApplication } from '@okta/okta-sdk-nodejs';
import type { ManagementClient } from 'auth0';
import * as client from 'openid-client';
import { test as base, expect } from '../../../fixtures/emulators.ts';
import { HttpBrowser, type Page } from '../../../fixtures/http-browser.ts';
import { hostedSignInStateToken, signInOnOktaPage, type OktaCredentials } from '../../../fixtures/okta-hosted-sign-in.ts';
import { sdkClient, unique, webApp } from '../../okta/management/sdk-test-kit.ts';
import type { Emulators } from '../../start.ts';
import { managementClient } from '../management/management-sdk-fixture.ts';

export const RP_ORIGIN = 'http://localhost:3000';
export const RP_CALLBACK = `${RP_ORIGIN}/callback`;
export const RP_LOGGED_OUT = `${RP_ORIGIN}/`;
export const PASSWORD = 'Correct-Horse-Battery-9';
/** Authorization parameters for a login that also gets a refresh token. */
export const OFFLINE = { scope: 'openid profile email offline_access' };

export interface FederationOptions {
  /** Extra `options` of the okta connection (replacing the defaults below where they overlap). */
  connectionOptions?: Record<string, unknown>;
  /** Top-level fields of the connection (show_as_button, display_name, …). */
  connection?: Record<string, unknown>;
  /** Fields of the Auth0 application (grant_types, refresh_token, oidc_logout, …). */
  application?: Record<string, unknown>;
  /** Assign the Okta user to the Okta app (default true). */
  assign?: boolean;
  /** Okta user profile overrides. */
  profile?: Record<string, string>;
}

export interface Federation {
  emulators: Emulators;
  management: ManagementClient;
  okta: OktaClient;
  /** The email domain HRD routes to this connection. */
  emailDomain: string;
  user: { id: string; login: string; password: string };
  oktaApp: { id: string; clientId: string };
  application: { clientId: string; clientSecret: string; name: string };
  connection: { id: string; name: string; displayName?: string };
  /** user_id the login creates in Auth0. */
  auth0UserId: string;
  /** The relying party: openid-client v6 configured from the tenant's discovery. */
  rp(): Promise<client.Configuration>;
}

export const test = base.extend<{ federate: (options?: FederationOptions) => Promise<Federation> }>({
  federate: async ({ emulators }, use) => {
    await use(options => provisionFederation(emulators, options));
  },
});
export { expect };

export async function provisionFederation(emulators: Emulators, options: FederationOptions = {}): Promise<Federation> {
  const { auth0, okta: oktaOrg } = emulators;
  const oktaClient = sdkClient(oktaOrg);
  // The SDK fetches its own client-credentials token from /oauth/token, as against a real tenant.
  const management = managementClient(auth0, auth0.managementClient);
  const tag = unique('fed');
  const emailDomain = `${tag}.example.test`;
  const login = `pat.doe@${emailDomain}`;

  const app = (await oktaClient.applicationApi.createApplication({
    application: webApp(`Auth0 ${tag}`, `https://${auth0.domain}/login/callback`),
  })) as OpenIdConnectApplication;
  const oktaClientId = app.credentials.oauthClient!.client_id!;
  const oktaClientSecret = app.credentials.oauthClient!.client_secret!;

  const user = await oktaClient.userApi.createUser({
    body: {
      profile: { firstName: 'Pat', lastName: 'Doe', email: login, login, ...options.profile },
      credentials: { password: { value: PASSWORD } },
    },
    activate: true,
  });
  if (options.assign !== false) await oktaClient.applicationApi.assignUserToApplication({ appId: app.id!, appUser: { id: user.id! } });

  const application = await management.clients.create({
    name: `Demo ${tag}`,
    app_type: 'regular_web',
    callbacks: [RP_CALLBACK],
    allowed_logout_urls: [RP_LOGGED_OUT],
    grant_types: ['authorization_code', 'implicit', 'refresh_token'],
    token_endpoint_auth_method: 'client_secret_post',
    oidc_conformant: true,
    ...(options.application as object),
  });
  const connectionName = `okta-${tag}`;
  const connection = await management.connections.create({
    name: connectionName,
    strategy: 'okta',
    ...(options.connection as object),
    options: {
      domain: oktaOrg.domain,
      client_id: oktaClientId,
      client_secret: oktaClientSecret,
      scope: 'openid profile email',
      domain_aliases: [emailDomain],
      ...options.connectionOptions,
    },
  } as never);
  await management.connections.clients.update(connection.id!, [{ client_id: application.client_id!, status: true }]);

  return {
    emulators,
    management,
    okta: oktaClient,
    emailDomain,
    user: { id: user.id!, login, password: PASSWORD },
    oktaApp: { id: app.id!, clientId: oktaClientId },
    application: { clientId: application.client_id!, clientSecret: application.client_secret!, name: application.name! },
    connection: { id: connection.id!, name: connectionName, displayName: connection.display_name },
    auth0UserId: `okta|${connectionName}|${user.id}`,
    rp: () => client.discovery(new URL(auth0.issuer), application.client_id!, application.client_secret!),
  };
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The relying party's /authorize URL (code flow, PKCE S256, state and nonce), plus what it must remember. */
export async function authorizationRequest(rp: client.Configuration, params: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: RP_CALLBACK,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, state, nonce, codeVerifier };
}

/** Stops the browser before it would load the relying party's callback. */
export const atRelyingParty = (url: URL) => url.origin === RP_ORIGIN;

/** Whether the browser still has an Auth0 session for the application (prompt=none answers a code instead of login_required). */
export async function hasAuth0Session(browser: HttpBrowser, rp: client.Configuration): Promise<boolean> {
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const page = await browser.navigate(request.url, { stopBefore: atRelyingParty });
  const params = new URL(page.url).searchParams;
  if (params.get('error') === 'login_required') return false;
  expect(params.get('code'), `unexpected answer ${page.url}`).toBeTruthy();
  return true;
}

export type LoginRoute = 'hrd' | 'button' | 'direct';

/**
 * Drives a browser from /authorize to the relying party's callback: Universal Login (HRD with the
 * user's email, or the connection button, or nothing for `connection=`), then Okta's sign-in page
 * (identifier, then password). Returns the page that stopped at the callback.
 */
export async function signInThroughOkta(
  browser: HttpBrowser,
  authorizeUrl: URL,
  federation: Federation,
  route: LoginRoute = 'hrd',
  credentials: OktaCredentials = federation.user,
): Promise<Page> {
  let page = await browser.navigate(authorizeUrl, { stopBefore: atRelyingParty });
  if (page.stopped) return page;
  const auth0Origin = federation.emulators.auth0.origin;
  if (route !== 'direct') {
    expect(page.url.startsWith(`${auth0Origin}/u/login/identifier?state=`), `expected Universal Login, got ${page.url}`).toBe(true);
    page =
      route === 'hrd'
        ? await browser.submit(page.form({ index: 0 }), { username: credentials.login }, { stopBefore: atRelyingParty, submitter: 'default' })
        : await browser.submit(page.form({ index: 1 }), {}, { stopBefore: atRelyingParty });
  }
  return completeOktaSignIn(browser, page, federation, credentials);
}

/**
 * Okta's hosted sign-in (username, then password, over the Identity Engine API as its widget does);
 * returns the first page after Okta. A page that is not Okta's sign-in page (Okta answered from its
 * session, or the browser never reached Okta) is returned as it is. Throws OktaSignInRefused when
 * Okta refuses the sign-in.
 */
export async function completeOktaSignIn(
  browser: HttpBrowser,
  page: Page,
  federation: Federation,
  credentials: OktaCredentials = federation.user,
): Promise<Page> {
  if (page.stopped || new URL(page.url).origin !== federation.emulators.okta.origin || !hostedSignInStateToken(page)) return page;
  return signInOnOktaPage(browser, page, credentials, { stopBefore: atRelyingParty });
}

/** The callback's query, as the relying party receives it. */
export function callbackParams(page: Page): URLSearchParams {
  expect(page.stopped, `expected a redirect to the relying party, got ${page.url} (${page.status})`).toBe(true);
  const url = new URL(page.url);
  expect(`${url.origin}${url.pathname}`).toBe(RP_CALLBACK);
  return url.searchParams;
}

/** A full code-flow login; returns the token response (validated by openid-client). */
export async function loginWithCode(federation: Federation, options: { browser?: HttpBrowser; route?: LoginRoute; params?: Record<string, string> } = {}) {
  const rp = await federation.rp();
  const browser = options.browser ?? new HttpBrowser();
  const request = await authorizationRequest(rp, options.params);
  const page = await signInThroughOkta(browser, request.url, federation, options.route ?? 'hrd');
  callbackParams(page);
  const tokens = await client.authorizationCodeGrant(rp, new URL(page.url), {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { rp, browser, tokens, page };
}

export interface BackchannelReceiver {
  /** https://127.0.0.1:{port}/backchannel-logout */
  url: string;
  /** logout_token values received so far, with the request's content type. */
  received: { token: string; contentType: string | undefined }[];
  /** Resolves with the next logout token (or one already received and not yet taken). */
  next(timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** A small HTTPS listener standing in for an application's back-channel logout route. */
export async function startBackchannelReceiver(tls: { certPem: string; keyPem: string }, status = 204): Promise<BackchannelReceiver> {
  const { createServer } = await import('node:https');
  const received: BackchannelReceiver['received'] = [];
  let taken = 0;
  const waiters: (() => void)[] = [];
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const token = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('logout_token') ?? '';
      received.push({ token, contentType: req.headers['content-type'] });
      res.statusCode = status;
      res.end();
      waiters.splice(0).forEach(wake => wake());
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}/backchannel-logout`,
    received,
    async next(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length <= taken) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error('no back-channel logout request arrived');
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received[taken++].token;
    },
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
