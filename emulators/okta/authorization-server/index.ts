// The Okta org authorization server (issuer https://{org}, endpoints /oauth2/v1/*) on oidc-provider,
// and the hosted sign-in page.
import express, { type Router } from 'express';
import Provider from 'oidc-provider';
import type { OktaOrgContext } from '../okta-org.ts';

export interface AuthorizationServer {
  provider: Provider;
  /** Express routes in front of the provider: sign-in page, Okta-specific endpoint behaviour. */
  routes: Router;
  reset(): Promise<void>;
}

export function createAuthorizationServer(context: OktaOrgContext): AuthorizationServer {
  const provider = new Provider(context.issuer, {});
  return { provider, routes: express.Router(), reset: async () => {} };
}
