// oidc-provider's events as the tenant's event log entries (one per /authorize answer), and the
// two facts other parts need from them: the upstream login to keep with a new session, and the
// detail of a token error (for Auth0's wording, token-endpoint.ts).
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Auth0TenantCore } from '../tenant-context.ts';
import type { LoginResult } from './login-callback.ts';
import type { TenantSessions } from './sessions.ts';

export function observeProvider(context: Auth0TenantCore, provider: Provider, sessions: TenantSessions): void {
  const { events } = context;
  provider.on('interaction.started', (ctx: KoaContextWithOIDC, prompt: { name: string; reasons: string[] }) => {
    events.record('auth0.authorize.login_required', {
      client_id: ctx.oidc.client?.clientId,
      prompt: prompt.name,
      reasons: prompt.reasons,
      connection: ctx.oidc.params?.connection ?? null,
    });
  });
  provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
    const result = ctx.oidc.result as LoginResult | undefined;
    const sid = ctx.oidc.session?.uid;
    if (result?.upstream && sid) sessions.rememberUpstream(sid, result.upstream);
    events.record('auth0.authorize.success', {
      client_id: ctx.oidc.client?.clientId,
      response_type: ctx.oidc.params?.response_type,
      response_mode: ctx.oidc.responseMode,
      sid,
      user_id: ctx.oidc.session?.accountId,
      sso: !result?.login,
    });
  });
  provider.on('authorization.error', (ctx: KoaContextWithOIDC, err: { error?: string; error_description?: string }) => {
    events.record('auth0.authorize.error', {
      client_id: ctx.oidc?.client?.clientId,
      error: err.error,
      error_description: err.error_description,
    });
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, err: unknown) => {
    (ctx.state as { grantError?: unknown }).grantError = err;
  });
  provider.on('server_error', (ctx: KoaContextWithOIDC, err: Error) => {
    events.record('auth0.server_error', { path: ctx.path, error: err.message });
  });
}
