// The Okta org authorization server (issuer https://{org}, no trailing slash; endpoints
// /oauth2/v1/*) on oidc-provider, and the hosted sign-in (the Sign-In Widget over the Identity
// Engine API). `routes` (Express) go in front of the provider: fault injection, discovery, /logout,
// the hosted sign-in's routes. The provider (a Koa app) answers /authorize, /token, /keys,
// /userinfo, /revoke and /introspect, with Koa middleware that records each hop, answers an
// authorization request that needs a sign-in with the hosted page, and puts oidc-provider's answers
// in Okta's words.
import express, { type Router } from 'express';
import Provider from 'oidc-provider';
import type { OktaOrgCore } from '../org-context.ts';
import { hostedSignIn } from '../sign-in/index.ts';
import { finalErrorHandler } from '../../shared/request-errors.ts';
import { oktaOrgProblem } from '../request-problems.ts';
import { ProviderStorage } from '../../shared/provider-storage.ts';
import { clientMetadataOf } from './clients.ts';
import { oktaAuthorizeResponses } from './authorize-responses.ts';
import { BrowserSessions } from './browser-sessions.ts';
import { discoveryRouter } from './discovery.ts';
import { oktaKeysHeaders } from './keys.ts';
import { logoutRouter } from './logout.ts';
import { oauthFaultRenderer } from './oauth-faults.ts';
import { protocolEvents } from './protocol-events.ts';
import { providerConfiguration, SESSION_COOKIE } from './provider-configuration.ts';
import { RequestErrors } from './request-errors.ts';
import { oktaTokenEndpointErrors } from './token-endpoint.ts';
import { tokenEndpointFaults } from './token-endpoint-faults.ts';
import { oktaUserinfoErrors } from './userinfo.ts';

export interface AuthorizationServer {
  provider: Provider;
  /** Express routes in front of the provider: hosted sign-in, Okta-specific endpoint behaviour. */
  routes: Router;
  /** Ends every Okta browser session of a user; returns how many. */
  endUserSessions(userId: string): Promise<number>;
  /** Forgets all sessions, sign-in transactions, codes, tokens and grants. */
  reset(): Promise<void>;
}

/** Paths answered by the authorization server (faults can be injected on them). */
const OAUTH_SURFACE = /^\/(oauth2\/|\.well-known\/|idp\/idx\/|login\/token\/redirect)/;

export function createAuthorizationServer(context: OktaOrgCore): AuthorizationServer {
  // The Client model reads the org's apps: an app is an OAuth client once created, and not once deactivated or deleted.
  const storage = new ProviderStorage(clientId => {
    const app = context.store.findAppByClientId(clientId);
    return app ? clientMetadataOf(app) : undefined;
  });
  const provider = new Provider(
    context.issuer,
    providerConfiguration({ store: context.store, storage, signingKey: context.signingKey, origin: context.origin }),
  );
  const sessions = new BrowserSessions(provider, storage, SESSION_COOKIE);
  const requestErrors = new RequestErrors(provider);

  const signIn = hostedSignIn({ provider, store: context.store, events: context.events, behaviour: context.behaviour, sessions, origin: context.origin });

  // The first registered runs outermost: the event sees the final, Okta-worded response.
  provider.use(protocolEvents(context.events, requestErrors, context.origin));
  provider.use(signIn.hostedSignInPage);
  provider.use(oktaAuthorizeResponses(context.store, context.origin, context.faults));
  provider.use(oktaTokenEndpointErrors(requestErrors, context.store, context.issuer));
  provider.use(oktaUserinfoErrors(requestErrors));
  provider.use(oktaKeysHeaders());
  provider.use(context.idTokenFaults.middleware());
  provider.use(tokenEndpointFaults(context.faults, context.store));

  const routes = express.Router();
  const faults = context.faults.middleware(oauthFaultRenderer());
  routes.use((req, res, next) => (OAUTH_SURFACE.test(req.path) ? faults(req, res, next) : next()));
  routes.use(discoveryRouter(context.store, context.issuer));
  routes.use(logoutRouter({ store: context.store, issuer: context.issuer, signingKey: context.signingKey, sessions, events: context.events }));
  routes.use(signIn.routes);
  // Each path in its surface's shape: the IDX API, the error page, or the OAuth body.
  routes.use(finalErrorHandler({ events: context.events, surface: 'okta.authorization_server', render: oktaOrgProblem }));

  return {
    provider,
    routes,
    endUserSessions: async userId => {
      const ended = sessions.endAllOf(userId);
      context.events.record('okta.sessions.ended', { userId, sessions: ended });
      return ended;
    },
    reset: async () => {
      storage.clear();
      signIn.reset();
    },
  };
}
