// POST /oauth/token (docs/fidelity.md#authentication-api-tokens). Auth0 accepts form-encoded and JSON
// bodies; client_credentials is answered by client-credentials.ts (the Management API's issuer, or
// an API of the tenant), every other grant is oidc-provider's, with Auth0's `audience` passed on
// as the resource indicator oidc-provider knows. What
// oidc-provider answers is then put in Auth0's words: invalid_grant is 403 with Auth0's
// descriptions, a failed client authentication is 401 access_denied "Unauthorized", and a
// non-rotating refresh grant returns no refresh_token.
import type { NextFunction, Request, Response } from 'express';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { clientCredentialsGrant } from './client-credentials.ts';
import { findClient, rotatesRefreshTokens } from './clients.ts';
import { forwardAsForm, readOAuthParams, type ProviderHandler } from './oauth-body.ts';
import { PATHS } from './provider-configuration.ts';
import { grantedOpenIdScopes } from './api-tokens.ts';

export function tokenEndpoint(context: Auth0TenantCore, provider: Provider) {
  const providerHandler: ProviderHandler = provider.callback();
  return async (req: Request, res: Response, next: NextFunction) => {
    const params = await readOAuthParams(req, res);
    if (!params) return;
    if (params.get('grant_type') === 'client_credentials') {
      const credentials = clientCredentials(req, params);
      const result = await clientCredentialsGrant(context, {
        ...credentials,
        audience: params.get('audience') ?? undefined,
        scope: params.get('scope') ?? undefined,
      });
      res.status(result.status).set('cache-control', 'no-store').json(result.body);
      return;
    }
    audienceAsResource(params);
    try {
      forwardAsForm(providerHandler, req, res, params);
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Auth0 names the API with `audience`; oidc-provider with `resource` (RFC 8707). A refresh or code
 * exchange that names none keeps the API of the login (oidc-provider's useGrantedResource).
 */
export function audienceAsResource(params: URLSearchParams): void {
  const audience = params.get('audience');
  params.delete('audience');
  if (audience && !params.has('resource')) params.set('resource', audience);
}

/**
 * Koa middleware in front of oidc-provider: Auth0's status codes and texts for token errors, no
 * refresh_token from a non-rotating refresh grant, one `auth0.token` event per response.
 */
export function auth0TokenResponses(context: Auth0TenantCore) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (ctx.path !== PATHS.token || ctx.method !== 'POST') return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const grantType = ctx.oidc?.params?.grant_type as string | undefined;
    const clientId = ctx.oidc?.client?.clientId;
    if (body && typeof body === 'object' && typeof body.error === 'string') {
      const detail = (ctx.state as { grantError?: { error_detail?: string } }).grantError?.error_detail;
      if (body.error === 'invalid_grant') {
        ctx.status = 403;
        ctx.body = { error: 'invalid_grant', error_description: auth0GrantErrorDescription(grantType, detail) };
      } else if (body.error === 'access_denied') {
        // e.g. a refresh for an API the application may no longer use (api-access.ts)
        ctx.status = 403;
      } else if (body.error === 'invalid_client') {
        ctx.status = 401;
        ctx.remove('www-authenticate');
        ctx.body = { error: 'access_denied', error_description: 'Unauthorized' };
      }
      context.events.record('auth0.token', { grant_type: grantType, client_id: clientId, outcome: 'error', status: ctx.status, error: body.error, detail });
      return;
    }
    if (ctx.status === 200 && body && grantType === 'refresh_token' && !rotatesRefreshTokens(clientId ? findClient(context.store, clientId) : undefined)) {
      delete body.refresh_token;
    }
    // An API's token: Auth0 answers the OpenID scopes granted with it too (oidc-provider only the API's).
    if (ctx.status === 200 && body && ctx.oidc?.entities.AccessToken?.resourceServer) {
      body.scope = [
        ...grantedOpenIdScopes(ctx),
        ...String(body.scope ?? '')
          .split(' ')
          .filter(Boolean),
      ].join(' ');
    }
    const entities = ctx.oidc?.entities;
    context.events.record('auth0.token', {
      grant_type: grantType,
      client_id: clientId,
      user_id: entities?.AuthorizationCode?.accountId ?? entities?.RefreshToken?.accountId ?? entities?.AccessToken?.accountId,
      outcome: 'success',
      status: ctx.status,
      issued: body ? Object.keys(body).filter(k => k.endsWith('_token')) : [],
      scope: body?.scope,
      pkce: grantType === 'authorization_code' ? typeof ctx.oidc?.params?.code_verifier === 'string' : undefined,
    });
  };
}

/** Auth0's texts for oidc-provider's invalid_grant details. */
export function auth0GrantErrorDescription(grantType: string | undefined, detail: string | undefined): string {
  if (detail && /code_verifier|code_challenge|PKCE/.test(detail)) return 'Failed to verify code verifier';
  if (grantType === 'refresh_token') return 'Unknown or invalid refresh token.';
  if (grantType === 'authorization_code') {
    if (detail?.includes('redirect_uri')) return 'Invalid redirect_uri';
    return 'Invalid authorization code';
  }
  return 'Invalid grant';
}

function clientCredentials(req: Request, params: URLSearchParams): { clientId: string; clientSecret?: string } {
  const secret = params.get('client_secret') ?? undefined;
  const id = params.get('client_id') ?? undefined;
  const header = req.headers.authorization;
  if (!secret && header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      try {
        return { clientId: decodeURIComponent(decoded.slice(0, i)), clientSecret: decodeURIComponent(decoded.slice(i + 1)) };
      } catch {
        return { clientId: decoded.slice(0, i) }; // badly encoded credentials: not authenticated (401)
      }
    }
  }
  return { clientId: id ?? '', clientSecret: secret };
}
