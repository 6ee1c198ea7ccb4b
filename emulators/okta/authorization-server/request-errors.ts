// The error oidc-provider answered a request with, kept per request. oidc-provider turns thrown
// errors into responses inside each route and only reports the error object through its events;
// the Okta translations (authorize-responses.ts, token-endpoint.ts, userinfo.ts) and the event log
// need the object (its detail says *why*, e.g. "authorization code already consumed").
import type { EventEmitter } from 'node:events';
import type Provider from 'oidc-provider';
import type { errors } from 'oidc-provider';

type ProviderError = errors.OIDCProviderError;

const ERROR_EVENTS = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'revocation.error',
  'introspection.error',
  'jwks.error',
  'discovery.error',
  'server_error',
] as const;

export class RequestErrors {
  readonly #errors = new WeakMap<object, ProviderError>();

  constructor(provider: Provider) {
    for (const event of ERROR_EVENTS) {
      (provider as unknown as EventEmitter).on(event, (ctx: object, error: ProviderError) => {
        // The last one is what was answered: an error met with an unregistered redirect_uri is
        // reported, then replaced by invalid_redirect_uri.
        this.#errors.set(ctx, error);
      });
    }
  }

  of(ctx: object): ProviderError | undefined {
    return this.#errors.get(ctx);
  }
}
