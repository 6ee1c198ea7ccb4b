// One event per protocol hop answered by oidc-provider (okta.authorize, okta.token, okta.userinfo,
// okta.revoke, okta.introspect) with the client, the user and the outcome as the client saw it —
// never codes, tokens or secrets. The hosted sign-in and /logout record their own (okta.signin,
// okta.logout). Registered first, so it sees the final, Okta-worded response.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { EventLog } from '../../shared/event-log.ts';
import type { RequestErrors } from './request-errors.ts';

const EVENT_OF_ROUTE: Record<string, string> = {
  authorization: 'okta.authorize',
  resume: 'okta.authorize',
  token: 'okta.token',
  userinfo: 'okta.userinfo',
  revocation: 'okta.revoke',
  introspection: 'okta.introspect',
};

export function protocolEvents(events: EventLog, requestErrors: RequestErrors, origin: string): Middleware {
  return async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    const type = ctx.oidc ? EVENT_OF_ROUTE[ctx.oidc.route] : undefined;
    if (!type) return;
    const params = (ctx.oidc.params ?? {}) as Record<string, unknown>;
    const entities = ctx.oidc.entities;
    const detail: Record<string, unknown> = {
      client_id: ctx.oidc.client?.clientId ?? entities.AccessToken?.clientId ?? stringOrUndefined(params.client_id),
      userId: entities.AccessToken?.accountId ?? entities.AuthorizationCode?.accountId ?? entities.RefreshToken?.accountId ?? ctx.oidc.session?.accountId,
      status: ctx.status,
    };
    if (type === 'okta.token') detail.grant_type = stringOrUndefined(params.grant_type);
    Object.assign(detail, outcomeOf(ctx, type, requestErrors, origin));
    events.record(type, detail);
  };
}

function outcomeOf(ctx: KoaContextWithOIDC, type: string, requestErrors: RequestErrors, origin: string): Record<string, unknown> {
  if (type === 'okta.authorize') {
    if (ctx.state.hostedSignIn) return { outcome: 'sign_in_required' };
    const location = ctx.response.get('location');
    if (location) {
      const target = new URL(location, origin);
      const response = new URLSearchParams(target.hash.length > 1 ? target.hash.slice(1) : target.search);
      const error = response.get('error');
      return error ? { outcome: 'error', error, error_description: response.get('error_description') } : { outcome: 'success' };
    }
    const error = requestErrors.of(ctx);
    return { outcome: 'error', error: error?.error, error_detail: error?.error_detail ?? error?.error_description, shown: 'error_page' };
  }
  if (ctx.status < 400) return { outcome: 'success' };
  const body = ctx.body as { error?: string; error_description?: string } | undefined;
  return { outcome: 'error', error: body?.error ?? requestErrors.of(ctx)?.error, error_description: body?.error_description };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
