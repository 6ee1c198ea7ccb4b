// What the authorization server's tests act as: a relying party on openid-client v6 (discovery,
// authorization URL with PKCE/state/nonce, code exchange, userinfo), and a user who signs in on the
// hosted page without a browser, over the Identity Engine API as its widget does
// (fixtures/okta-hosted-sign-in.ts), with the redirects and cookies of fixtures/http-browser.ts.
import * as oidc from 'openid-client';
import { HttpBrowser, type Page } from '../../../fixtures/http-browser.ts';
import { signInOnOktaPage, type OktaCredentials } from '../../../fixtures/okta-hosted-sign-in.ts';
import type { OktaOrg } from '../okta-org.ts';
import type { ArrangedApp } from './org-arrangements.ts';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface RelyingParty {
  app: ArrangedApp;
  config: oidc.Configuration;
  /** Stops a browser walk at this app's redirect URI (the RP is not served). */
  stopAtCallback: (url: URL) => boolean;
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export async function relyingParty(org: OktaOrg, app: ArrangedApp, authMethod: ClientAuthMethod = 'client_secret_basic'): Promise<RelyingParty> {
  const auth = authMethod === 'client_secret_post' ? oidc.ClientSecretPost(app.clientSecret) : oidc.ClientSecretBasic(app.clientSecret);
  const config = await oidc.discovery(new URL(org.issuer), app.clientId, undefined, auth);
  const callback = new URL(app.redirectUri);
  return {
    app,
    config,
    stopAtCallback: url => url.origin === callback.origin && url.pathname === callback.pathname,
  };
}

/** An authorization request as openid-client builds it: code flow, PKCE S256, state and nonce. */
export async function authorizationRequest(rp: RelyingParty, parameters: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(rp.config, {
    redirect_uri: rp.app.redirectUri,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...parameters,
  });
  return { url, state, nonce, codeVerifier };
}

/** Signs in on the hosted page `page` (username, then password); throws OktaSignInRefused when Okta refuses. */
export function signIn(browser: HttpBrowser, rp: RelyingParty, page: Page, user: OktaCredentials): Promise<Page> {
  return signInOnOktaPage(browser, page, user, { stopBefore: rp.stopAtCallback });
}

/** Signs in through the whole front channel and returns where the browser was sent back to. */
export async function authorizeAndSignIn(
  browser: HttpBrowser,
  rp: RelyingParty,
  user: OktaCredentials,
  parameters: Record<string, string> = {},
): Promise<{ request: AuthorizationRequest; callback: URL; signInPage: Page }> {
  const request = await authorizationRequest(rp, parameters);
  const signInPage = await browser.navigate(request.url, { stopBefore: rp.stopAtCallback });
  const done = signInPage.stopped ? signInPage : await signIn(browser, rp, signInPage, user);
  if (!done.stopped) throw new Error(`Sign-in did not return to the client (status ${done.status} at ${done.url})`);
  return { request, callback: new URL(done.url), signInPage };
}

/** Exchanges the callback's code as the RP does (state, nonce and PKCE checked by openid-client). */
export function exchangeCode(rp: RelyingParty, request: AuthorizationRequest, callback: URL) {
  return oidc.authorizationCodeGrant(rp.config, callback, {
    pkceCodeVerifier: request.codeVerifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
    idTokenExpected: true,
  });
}

/** Raw POST to the token endpoint, for the cases openid-client would refuse to send. */
export async function postToken(org: OktaOrg, body: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${org.issuer}/oauth2/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
    body: new URLSearchParams(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

export function basicAuthorization(clientId: string, clientSecret: string): string {
  return 'Basic ' + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
}
