// response_mode=form_post the way Auth0 renders it: an auto-submitting
// `<form method="post" name="hiddenform">` (docs/fidelity.md#library-internals-the-emulators-rely-on), which
// express-openid-connect's default (response_type=id_token) receives at its /callback.
//
// oidc-provider has no option for its form_post markup, and registerResponseMode() refuses to
// replace a built-in mode. Its public extension points suffice: the documented
// `authorization.success` / `authorization.error` / `server_error` events hand over the parameters
// of the response, and a `provider.use()` middleware replaces the page oidc-provider wrote for them.
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { parsedBody } from '../../shared/oidc-provider-internals.ts';
import { formPostPage } from './views.ts';

type Parameters = Record<string, unknown>;

const AUTHORIZATION_ROUTES = new Set(['authorization', 'resume']);
/** Requests whose error was rendered as an error page (renderError), not sent to the client. */
const errorPages = new WeakSet<object>();

/** Called by the provider's renderError: this response is an error page, not a form_post. */
export function noteErrorPage(ctx: object): void {
  errorPages.add(ctx);
}

export function useAuth0FormPost(provider: Provider): void {
  const responses = new WeakMap<object, Parameters>();
  provider.on('authorization.success', (ctx, out) => responses.set(ctx, out as Parameters));
  provider.on('authorization.error', (ctx, error) => responses.set(ctx, errorParameters(ctx, error, true)));
  provider.on('server_error', (ctx, error) => responses.set(ctx, errorParameters(ctx, error, false)));

  provider.use(async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    const out = responses.get(ctx);
    if (!out || errorPages.has(ctx) || !ctx.oidc || !AUTHORIZATION_ROUTES.has(ctx.oidc.route)) return;
    const params = requestParameters(ctx);
    if (params.response_mode !== 'form_post' || typeof params.redirect_uri !== 'string') return;
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(out)) if (value !== undefined) inputs[name] = String(value);
    ctx.type = 'html';
    ctx.status = 200;
    ctx.set('cache-control', 'no-store');
    ctx.body = formPostPage(params.redirect_uri, inputs);
  });
}

/** The authorization request's parameters, also when the error came before oidc-provider parsed them. */
function requestParameters(ctx: KoaContextWithOIDC): Record<string, unknown> {
  const parsed = ctx.oidc.params as Record<string, unknown> | undefined;
  if (parsed) return parsed;
  return ((ctx.method === 'POST' ? parsedBody(ctx) : ctx.query) ?? {}) as Record<string, unknown>;
}

/** What oidc-provider sends to the client for an error: error, error_description, scope, state, iss. */
function errorParameters(koaCtx: unknown, error: unknown, exposed: boolean): Parameters {
  const ctx = koaCtx as KoaContextWithOIDC;
  const e = error as { message?: string; error_description?: string; scope?: string };
  const state = requestParameters(ctx).state;
  return {
    ...(exposed
      ? { error: e.message, error_description: e.error_description, scope: e.scope }
      : { error: 'server_error', error_description: 'oops! something went wrong' }),
    ...(typeof state === 'string' && state ? { state } : {}),
    iss: ctx.oidc?.provider.issuer,
  };
}
