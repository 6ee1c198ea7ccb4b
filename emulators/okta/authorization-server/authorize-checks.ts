// Okta's /authorize rules that oidc-provider does not have, as validators of its `extraParams` hook.
// They run after the client and redirect URI are validated (so failures go back to the client, or
// to the error page where Okta shows one) and after oidc-provider's own parameter checks.
//   - scope: required, only the org authorization server's scopes, and `openid` among them;
//     `offline_access` without `prompt=consent` (oidc-provider drops it, Okta does not).
//   - state: required (Okta rejects requests without it).
//   - code_challenge: required for apps with `pkce_required` and public clients.
import { errors, type Client, type KoaContextWithOIDC } from 'oidc-provider';
import type { OktaStore } from '../store.ts';
import { activeAppOf, requiresPkce } from './clients.ts';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';

/** The org authorization server's scopes (discovery `scopes_supported`, docs/fidelity.md#metadata-documents). */
export const ORG_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'groups'];

type ParamValidator = (ctx: KoaContextWithOIDC, value: string | undefined, client: Client) => void | Promise<void>;

export function authorizeChecks(store: OktaStore): Record<string, ParamValidator> {
  return {
    scope: checkScope,
    state: checkState,
    code_challenge: (ctx, value, client) => checkPkceRequired(store, ctx, value, client),
  };
}

function checkScope(ctx: KoaContextWithOIDC, _value: string | undefined, client: Client): void {
  // oidc-provider has already dropped some scopes from ctx.oidc.params.scope; judge what was sent.
  const requested = requestedScopes(ctx);
  const problem = scopeProblem(requested);
  if (problem) throw new errors.CustomOIDCProviderError(problem.error, problem.error_description);

  // Okta issues a refresh token for offline_access whenever the app may use the refresh_token
  // grant; oidc-provider also wants prompt=consent and would have removed the scope.
  const granted = new Set((ctx.oidc.params!.scope as string | undefined)?.split(' ') ?? []);
  if (requested.includes('offline_access') && !granted.has('offline_access') && client.grantTypeAllowed('refresh_token')) {
    granted.add('offline_access');
    ctx.oidc.params!.scope = [...granted].join(' ');
  }
}

/** What is wrong with the requested scopes for the org authorization server, in Okta's words. */
export function scopeProblem(requested: string[]): OAuthError | undefined {
  if (requested.length === 0) return oktaErrors.missingScopes();
  if (requested.some(scope => !ORG_SCOPES.includes(scope))) return oktaErrors.unknownScope();
  if (!requested.includes('openid')) return oktaErrors.openidScopeRequired();
  return undefined;
}

/** The scopes as the client sent them. */
export function requestedScopes(ctx: KoaContextWithOIDC): string[] {
  return (requestParameter(ctx, 'scope') ?? '').split(' ').filter(Boolean);
}

function checkState(_ctx: KoaContextWithOIDC, value: string | undefined): void {
  if (typeof value !== 'string' || value.length === 0) throw new errors.InvalidRequest(oktaErrors.invalidState().error_description);
}

function checkPkceRequired(store: OktaStore, _ctx: KoaContextWithOIDC, value: string | undefined, client: Client): void {
  const app = activeAppOf(store, client.clientId);
  if (!app || !requiresPkce(app) || value) return;
  const error = new errors.InvalidRequest(oktaErrors.pkceMissingChallenge().error_description);
  // Okta answers this one on its error page rather than at the redirect URI.
  error.allow_redirect = false;
  throw error;
}

/** A parameter as the client sent it (query for GET, form body for POST). */
function requestParameter(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const source = ctx.method === 'POST' ? (ctx.oidc.body as Record<string, unknown> | undefined) : (ctx.query as Record<string, unknown>);
  const value = source?.[name];
  return typeof value === 'string' ? value : undefined;
}
