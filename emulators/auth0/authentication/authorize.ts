// Auth0-specific checks in front of oidc-provider's /authorize (docs/fidelity.md#authentication-api-authorize):
// - a redirect_uri that is not one of the application's callbacks gets Auth0's "Callback URL
//   mismatch" page, never a redirect;
// - response_mode=web_message needs the redirect URI's origin among the web origins (web-message.ts);
// - `audience` is passed on as the resource indicator oidc-provider knows (api-tokens.ts);
// - offline_access survives without prompt=consent (oidc-provider drops it otherwise, Auth0 does not).
// Everything else — response types and modes, PKCE, prompt, sessions — is oidc-provider's.
import type { NextFunction, Request, Response } from 'express';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { callbacksOf, findClient } from './clients.ts';
import { errorPage } from './views.ts';
import { webMessageOriginRefusal } from './web-message.ts';

export const CALLBACK_MISMATCH =
  'Callback URL mismatch. The provided redirect_uri is not in the list of allowed callback URLs. ' +
  'Please go to the Application Settings page and make sure you are sending a valid callback url from your application.';

export function authorizeFrontStep(context: Auth0TenantCore) {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = req.query as Record<string, unknown>;
    const clientId = typeof query.client_id === 'string' ? query.client_id : undefined;
    const redirectUri = typeof query.redirect_uri === 'string' ? query.redirect_uri : undefined;
    const client = clientId ? findClient(context.store, clientId) : undefined;
    context.events.record('auth0.authorize', {
      client_id: clientId,
      response_type: query.response_type,
      response_mode: query.response_mode,
      scope: query.scope,
      connection: query.connection,
      prompt: query.prompt,
      login_hint_present: typeof query.login_hint === 'string',
      code_challenge_method: query.code_challenge_method,
      redirect_uri: redirectUri,
      audience: query.audience,
    });
    if (client && redirectUri !== undefined && !callbacksOf(client).includes(redirectUri)) {
      context.events.record('auth0.authorize.rejected', { client_id: clientId, redirect_uri: redirectUri, reason: 'callback_url_mismatch' });
      res
        .status(400)
        .type('html')
        .send(errorPage({ error: 'invalid_request', description: CALLBACK_MISMATCH, summary: 'Callback URL mismatch.' }));
      return;
    }
    if (client && redirectUri !== undefined && query.response_mode === 'web_message') {
      const refusal = webMessageOriginRefusal(client, redirectUri, typeof query.state === 'string' ? query.state : undefined);
      if (refusal) {
        context.events.record('auth0.authorize.rejected', { client_id: clientId, redirect_uri: redirectUri, reason: 'web_origin_not_allowed' });
        res.status(400).type('html').set('cache-control', 'no-store').send(refusal);
        return;
      }
    }
    audienceAsResource(req);
    keepOfflineAccess(req);
    next();
  };
}

/** Auth0's `audience` names the API; oidc-provider reads `resource` (RFC 8707). */
function audienceAsResource(req: Request) {
  const url = new URL(req.url, 'https://tenant.invalid');
  const audience = url.searchParams.get('audience');
  if (!audience || url.searchParams.has('resource')) return;
  url.searchParams.set('resource', audience);
  req.url = `${url.pathname}${url.search}`;
}

function keepOfflineAccess(req: Request) {
  const url = new URL(req.url, 'https://tenant.invalid');
  const scopes = (url.searchParams.get('scope') ?? '').split(' ');
  const prompts = (url.searchParams.get('prompt') ?? '').split(' ').filter(Boolean);
  if (!scopes.includes('offline_access') || prompts.includes('consent') || prompts.includes('none')) return;
  url.searchParams.set('prompt', [...prompts, 'consent'].join(' '));
  req.url = `${url.pathname}${url.search}`;
}
