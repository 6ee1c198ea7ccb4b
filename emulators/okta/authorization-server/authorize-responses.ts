// Authorization responses the way Okta sends them back to the client: a 302 to the redirect URI
// with `code`/`state` or `error`/`error_description`/`state` in Okta's words, and without the `iss`
// parameter (RFC 9207) that oidc-provider adds but Okta does not send (its discovery does not
// advertise `authorization_response_iss_parameter_supported`). Applies to the query and fragment
// response modes; form_post bodies are left as oidc-provider writes them (see docs/emulators.md).
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { OktaStore } from '../store.ts';
import { requestedScopes } from './authorize-checks.ts';
import { oktaAuthorizeError } from './authorize-errors.ts';
import { activeAppOf } from './clients.ts';
import type { Faults } from '../../shared/faults.ts';
import { oktaErrors } from './okta-error-texts.ts';

const AUTHORIZATION_ROUTES = new Set(['authorization', 'resume']);

/** Okta's text when the user declines (RFC 6749's access_denied wording, which Okta's error codes list). */
const DECLINED = 'The resource owner or authorization server denied the request.';

export function oktaAuthorizeResponses(store: OktaStore, origin: string, faults: Faults): Middleware {
  return async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    if (!ctx.oidc || !AUTHORIZATION_ROUTES.has(ctx.oidc.route)) return;
    const location = ctx.response.get('location');
    if (!location || ctx.status < 300 || ctx.status >= 400) return;

    const target = new URL(location, origin);
    // Redirects within the org (to the hosted sign-in, back to /authorize) stay as they are.
    if (target.origin === origin && !isRedirectUri(ctx, target)) return;

    const fragment = target.hash.length > 1;
    const params = new URLSearchParams(fragment ? target.hash.slice(1) : target.search);
    params.delete('iss');
    // An injected denial (control plane): the user declined, or policy refused them, after signing in.
    const accountId = ctx.oidc.session?.accountId;
    const denial = params.has('code')
      ? faults.take('authorization_denied', [accountId, accountId ? store.users.get(accountId)?.wire.profile.login : undefined])
      : undefined;
    if (denial) {
      params.delete('code');
      params.set('error', 'access_denied');
      params.set('error_description', denial.reason === 'not_assigned' ? oktaErrors.userNotAssigned().error_description : DECLINED);
      if (fragment) target.hash = params.toString();
      else target.search = params.toString();
      ctx.redirect(target.href);
      ctx.status = 302;
      return;
    }
    const error = params.get('error');
    if (error) {
      const app = activeAppOf(store, ctx.oidc.params?.client_id ?? ctx.oidc.client?.clientId);
      const okta = oktaAuthorizeError(error, params.get('error_description') ?? undefined, { app, origin, requestedScopes: requestedScopes(ctx) });
      params.set('error', okta.error);
      params.set('error_description', okta.error_description);
    }
    if (fragment) target.hash = params.toString();
    else target.search = params.toString();
    ctx.redirect(target.href);
    ctx.status = 302;
  };
}

function isRedirectUri(ctx: KoaContextWithOIDC, target: URL): boolean {
  const redirectUri = ctx.oidc.params?.redirect_uri;
  if (typeof redirectUri !== 'string') return false;
  const registered = new URL(redirectUri);
  return registered.origin === target.origin && registered.pathname === target.pathname;
}
