// /oauth2/v1/userinfo errors the way Okta answers them (docs/fidelity.md#org-authorization-server-endpoints): the status and a
// `WWW-Authenticate: Bearer error="…", error_description="…"` challenge (the spec documents only
// the header; the body repeats it as `{error, error_description}`).
// (Claims themselves come from accounts.ts; a token without a profile/email/address/phone scope
// is refused there with insufficient_scope.)
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';
import type { RequestErrors } from './request-errors.ts';

export function oktaUserinfoErrors(requestErrors: RequestErrors): Middleware {
  return async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    if (ctx.oidc?.route !== 'userinfo' || ctx.status < 400) return;
    const error = requestErrors.of(ctx);
    if (!error) return;
    const okta = oktaUserinfoError(error.error, error.error_description ?? '');
    ctx.status = okta.status;
    ctx.set('WWW-Authenticate', `Bearer error="${okta.error}", error_description="${okta.error_description}"`);
    ctx.body = { error: okta.error, error_description: okta.error_description };
  };
}

function oktaUserinfoError(error: string, description: string): OAuthError {
  switch (error) {
    case 'invalid_token':
      return description === 'no access token provided' ? oktaErrors.accessTokenMissing() : oktaErrors.accessTokenInvalid();
    case 'insufficient_scope':
      return oktaErrors.insufficientScope();
    case 'invalid_request':
      if (description === 'access token must only be provided using one mechanism')
        return { status: 400, error, error_description: 'The access token cannot be specified in both the Authorization header and the request-body.' };
      return oktaErrors.accessTokenInvalid();
    default:
      return oktaErrors.accessTokenInvalid();
  }
}
