// The Okta-hosted sign-in: the real Okta Sign-In Widget (from its npm package) on the page that
// /oauth2/v1/authorize answers when the user must sign in, over the Identity Engine endpoints that
// password sign-in needs. How the parts meet:
//   1. oidc-provider decides the user must sign in and redirects to its interaction URL
//      (`/signin/{uid}`); `hostedSignInPage` turns that redirect into the hosted page itself, with a
//      new IDX transaction whose state handle the widget receives as `stateToken`. The browser stays
//      on /oauth2/v1/authorize, as on a real org.
//   2. The widget drives /idp/idx/* (idx/api.ts) to success, then loads /login/token/redirect
//      (idx/success-redirect.ts), which resumes the authorization request as the signed-in user.
// The widget's files are served by the org itself (widget-assets.ts); no other host is involved.
// See docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import express, { type Router } from 'express';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { EventLog } from '../../shared/event-log.ts';
import type { OktaBehaviour } from '../org-context.ts';
import type { OktaStore } from '../store.ts';
import type { BrowserSessions } from '../authorization-server/browser-sessions.ts';
import { activeAppOf } from '../authorization-server/clients.ts';
import { hostedPage } from './hosted-page.ts';
import { idxApi } from './idx/api.ts';
import { IdxResponses } from './idx/responses.ts';
import { successRedirect } from './idx/success-redirect.ts';
import { IdxTransactions } from './idx/transactions.ts';
import { orgHomePage } from './org-home-page.ts';
import { widgetAssetRouter } from './widget-assets.ts';
import { digest } from '../../shared/hop-recorder.ts';
import { noteHop } from '../../shared/hop-context.ts';

/** Where oidc-provider sends a browser that must sign in; never loaded (see step 1 above). */
export const SIGN_IN_INTERACTION_PATH = '/signin';

export interface HostedSignInDependencies {
  provider: Provider;
  store: OktaStore;
  events: EventLog;
  behaviour: OktaBehaviour;
  sessions: BrowserSessions;
  origin: string;
}

export interface HostedSignIn {
  /** Express routes: the widget's files, the IDX API, the success redirect, the org's home page. */
  routes: Router;
  /** oidc-provider (Koa) middleware that answers the authorization request with the hosted page. */
  hostedSignInPage: Middleware;
  reset(): void;
}

const AUTHORIZATION_ROUTES = new Set(['authorization', 'resume']);

export function hostedSignIn(deps: HostedSignInDependencies): HostedSignIn {
  const transactions = new IdxTransactions();
  const responses = new IdxResponses(deps.origin);

  const routes = express.Router();
  routes.use(widgetAssetRouter());
  routes.use(idxApi({ store: deps.store, events: deps.events, behaviour: deps.behaviour, transactions, responses }));
  routes.use(successRedirect({ provider: deps.provider, transactions, sessions: deps.sessions, events: deps.events }));
  routes.get('/', orgHomePage);

  const interactionRedirect = new RegExp(`^${SIGN_IN_INTERACTION_PATH}/([^/?#]+)$`);
  const hostedSignInPage: Middleware = async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    if (!ctx.oidc || !AUTHORIZATION_ROUTES.has(ctx.oidc.route) || ctx.status !== 303) return;
    const uid = interactionRedirect.exec(new URL(ctx.response.get('location'), deps.origin).pathname)?.[1];
    const interaction = ctx.oidc.entities.Interaction;
    if (!uid || interaction?.uid !== uid) return;

    const params = ctx.oidc.params as Record<string, unknown>;
    const request = Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    const app = activeAppOf(deps.store, request.client_id);
    const signedIn = ctx.oidc.session?.accountId ? deps.store.users.get(ctx.oidc.session.accountId) : undefined;
    const transaction = transactions.open({
      interactionUid: uid,
      clientId: request.client_id,
      expiresAt: interaction.exp * 1000,
      // login_hint pre-fills the username; on re-authentication (prompt=login), the signed-in user's.
      usernameHint: request.login_hint || signedIn?.wire.profile.login,
      request,
    });
    // The widget's IDX calls and the success redirect carry this handle: it ties them to this authorization.
    noteHop({ keys: [`idx:${digest(transaction.stateHandle)}`] });
    const page = hostedPage({
      origin: deps.origin,
      generation: deps.behaviour.signInWidgetGeneration,
      stateToken: transaction.stateHandle,
      requestContext: requestContext(app, request, deps.origin),
    });
    ctx.remove('Location');
    ctx.status = 200;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', page.contentSecurityPolicy);
    ctx.body = page.html;
    ctx.state.hostedSignIn = true;
  };

  return { routes, hostedSignInPage, reset: () => transactions.clear() };
}

/** What `OktaUtil.getRequestContext()` returns on an Identity Engine org: the app and the request. */
function requestContext(app: ReturnType<typeof activeAppOf>, request: Record<string, string>, issuer: string) {
  const keys = [
    'scope',
    'response_type',
    'redirect_uri',
    'state',
    'code_challenge_method',
    'code_challenge',
    'nonce',
    'response_mode',
    'prompt',
    'max_age',
    'login_hint',
  ];
  return {
    app: app ? { type: 'object', value: { name: app.wire.name, label: app.wire.label, id: app.wire.id } } : undefined,
    authentication: {
      type: 'object',
      value: {
        protocol: 'OAUTH2.0',
        issuer: { uri: issuer },
        request: Object.fromEntries(keys.filter(key => request[key] !== undefined).map(key => [key, request[key]])),
      },
    },
  };
}
