// Auth0 Authentication API on oidc-provider, Universal Login and the okta strategy broker.
import express, { type Router } from 'express';
import Provider from 'oidc-provider';
import type { Auth0SessionService, Auth0TenantContext } from '../auth0-tenant.ts';

export interface AuthenticationApi {
  provider: Provider;
  routes: Router;
  sessions: Auth0SessionService;
  reset(): Promise<void>;
}

export function createAuthenticationApi(context: Auth0TenantContext): AuthenticationApi {
  const provider = new Provider(context.issuer, {});
  return {
    provider,
    routes: express.Router(),
    sessions: { endSessionsOfUser: async () => 0, revokeRefreshTokensOfUser: async () => 0 },
    reset: async () => {},
  };
}
