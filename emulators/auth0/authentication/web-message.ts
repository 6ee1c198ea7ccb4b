// response_mode=web_message at /authorize (docs/fidelity.md#authentication-api-cors-and-web-message):
// how @auth0/auth0-spa-js authenticates silently (prompt=none in a hidden iframe) and in a popup.
// Registered through oidc-provider's public registerResponseMode: every answer of /authorize in this
// mode — a code, or an error such as login_required — is Auth0's page posting it to the redirect
// URI's origin. That origin must be one of the application's web origins; otherwise the answer is
// Auth0's invalid_request, posted the same way, and no code is issued (webMessageOriginRefusal).
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { WireClient } from '../store.ts';
import { webMessagePage } from './views.ts';

/** Auth0's texts where oidc-provider's differ (what spa-js shows its app, e.g. `Login required`). */
const AUTH0_DESCRIPTIONS: Record<string, string> = {
  login_required: 'Login required',
  consent_required: 'Consent required',
  interaction_required: 'Interaction required',
};

export function useAuth0WebMessage(provider: Provider): void {
  provider.registerResponseMode('web_message', (ctx: KoaContextWithOIDC, redirectUri: string, params: Record<string, unknown>) => {
    const response: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null) response[name] = String(value);
    if (response.error && AUTH0_DESCRIPTIONS[response.error]) response.error_description = AUTH0_DESCRIPTIONS[response.error];
    ctx.type = 'html';
    ctx.status = 200;
    ctx.set('cache-control', 'no-store');
    ctx.body = webMessagePage(new URL(redirectUri).origin, response);
  });
}

/**
 * A web_message request whose redirect URI's origin is not among the application's web origins:
 * Auth0's page with invalid_request for that origin (status 400), or undefined when it is allowed.
 */
export function webMessageOriginRefusal(client: WireClient, redirectUri: string, state: string | undefined): string | undefined {
  const origin = URL.parse(redirectUri)?.origin;
  const allowed = (client.web_origins ?? []).map(o => URL.parse(o)?.origin);
  if (!origin || allowed.includes(origin)) return undefined;
  return webMessagePage(origin, {
    error: 'invalid_request',
    error_description: `The specified redirect_uri '${redirectUri}' does not have a registered origin.`,
    ...(state ? { state } : {}),
  });
}
