// response_mode=form_post the way Auth0 renders it: an auto-submitting
// `<form method="post" name="hiddenform">` (§13.2), which express-openid-connect's default
// (response_type=id_token) receives at its /callback.
//
// oidc-provider has no option for its form_post markup and registerResponseMode() refuses to
// replace a built-in mode, so the handler is swapped in its per-provider registry.
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import providerInternals from 'oidc-provider/lib/helpers/weak_cache.js';
import { formPostPage } from './views.ts';

type ResponseModeHandler = (ctx: KoaContextWithOIDC, redirectUri: string, params: Record<string, unknown>) => void | Promise<void>;

export function useAuth0FormPost(provider: Provider): void {
  const registry = providerInternals(provider)?.responseModes as Map<string, ResponseModeHandler> | undefined;
  if (!registry?.has('form_post')) throw new Error('oidc-provider internals changed: no form_post response mode to replace');
  registry.set('form_post', (ctx, redirectUri, params) => {
    ctx.type = 'html';
    ctx.status = 200;
    ctx.set('cache-control', 'no-store');
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) if (value !== undefined) inputs[name] = String(value);
    ctx.body = formPostPage(redirectUri, inputs);
  });
}
