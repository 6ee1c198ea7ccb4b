// Auth0 Authentication API on oidc-provider, Universal Login and the okta strategy broker.
// `routes` (Express) sits in front of `provider.callback()` (Koa): the routes answer what is
// Auth0-specific and pass everything else (/authorize after its front step, /userinfo,
// /oauth/revoke, the resume of a login) on to oidc-provider.
import express, { type Request, type Response, type Router } from 'express';
import { finalErrorHandler } from '../../shared/request-errors.ts';
import { auth0TenantProblem } from '../request-problems.ts';
import type Provider from 'oidc-provider';
import type { Auth0SessionService, Auth0TenantCore } from '../tenant-context.ts';
import { ProviderStorage } from '../../shared/provider-storage.ts';
import { authorizeFrontStep } from './authorize.ts';
import { BackchannelLogout } from './backchannel-logout.ts';
import { clientMetadata, findClient } from './clients.ts';
import { discoveryRouter } from './discovery.ts';
import { renderAuthenticationFault } from './fault-responses.ts';
import { useAuth0FormPost } from './form-post.ts';
import { auth0CorsRefusals } from './cors.ts';
import { apiTokenUserinfo } from './api-token-userinfo.ts';
import { auth0SessionCookies } from './session-cookies.ts';
import { useAuth0WebMessage } from './web-message.ts';
import { loginCallbackRouter } from './login-callback.ts';
import { acceptJsonBodies } from './oauth-body.ts';
import { v2LogoutRoutes } from './logout.ts';
import { OktaStrategy } from './okta-strategy.ts';
import { createProvider, PATHS } from './provider-configuration.ts';
import { observeProvider } from './provider-events.ts';
import { allowLocalImplicitCallbacks, checkOidcProviderInternals, oneSidPerSession } from '../../shared/oidc-provider-internals.ts';
import { rpInitiatedLogoutRouter } from './rp-initiated-logout.ts';
import { TenantSessions } from './sessions.ts';
import { auth0TokenResponses, tokenEndpoint } from './token-endpoint.ts';
import { universalLoginRouter } from './universal-login.ts';

export interface AuthenticationApi {
  provider: Provider;
  routes: Router;
  sessions: Auth0SessionService;
  reset(): Promise<void>;
}

export function createAuthenticationApi(context: Auth0TenantCore): AuthenticationApi {
  const storage = new ProviderStorage(id => {
    const client = findClient(context.store, id);
    return client ? clientMetadata(client) : undefined;
  });
  const okta = new OktaStrategy(context);
  const backchannel = new BackchannelLogout(context);
  const sessions = new TenantSessions(context, storage, backchannel);

  const provider = createProvider(context, { storage, okta });
  checkOidcProviderInternals(provider);
  oneSidPerSession(provider);
  allowLocalImplicitCallbacks(provider);
  useAuth0FormPost(provider);
  useAuth0WebMessage(provider);
  // Outermost: a refused origin's answer replaces whatever the grant said.
  provider.use(auth0CorsRefusals([PATHS.token, PATHS.revocation]));
  provider.use(auth0TokenResponses(context));
  provider.use(context.idTokenFaults.middleware());
  observeProvider(context, provider, sessions);
  sessions.attach(provider);

  const routes = express.Router();
  const providerHandler: (req: Request, res: Response) => void = provider.callback();
  routes.use(auth0SessionCookies());
  routes.use(context.faults.middleware(renderAuthenticationFault));
  routes.use(discoveryRouter(context));
  routes.get(PATHS.authorization, authorizeFrontStep(context));
  routes.get(PATHS.userinfo, apiTokenUserinfo(context));
  routes.post(PATHS.userinfo, apiTokenUserinfo(context));
  routes.post(PATHS.token, tokenEndpoint(context, provider));
  routes.post(PATHS.revocation, acceptJsonBodies(provider));
  // Preflights go to oidc-provider's CORS handling (cors.ts), not to the router's automatic answer.
  routes.options([PATHS.token, PATHS.revocation, PATHS.userinfo], providerHandler);
  routes.use(universalLoginRouter(context, provider, okta));
  routes.use(loginCallbackRouter(context, provider, okta, sessions));
  routes.use(v2LogoutRoutes(context, sessions, okta));
  routes.use(rpInitiatedLogoutRouter(context, sessions, okta));
  // Pages in the error page, the JSON endpoints as {error, error_description}; never a stack.
  routes.use(finalErrorHandler({ events: context.events, surface: 'auth0.authentication', render: auth0TenantProblem }));

  return {
    provider,
    routes,
    sessions,
    reset: async () => {
      await backchannel.settled();
      storage.clear();
      sessions.reset();
      okta.reset();
    },
  };
}
