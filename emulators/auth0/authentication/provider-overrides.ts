// Two places where Auth0 behaves differently from oidc-provider and no configuration option
// reaches; each is a one-line override of a model or schema method. oidc-provider is pinned and
// emulators/oidc-provider-internals.test.ts checks that these still apply
// (docs/fidelity.md#library-internals-the-emulators-rely-on).
import type Provider from 'oidc-provider';

/**
 * Auth0 has one session id per browser session, the `sid` of every ID token issued in it and of
 * its back-channel logout tokens (docs/fidelity.md#library-internals-the-emulators-rely-on); oidc-provider mints one per client and adds it only
 * for clients registered for back-channel logout. Here the sid is the session's uid, for everyone.
 */
export function oneSidPerSession(provider: Provider): void {
  const session = provider.Session.prototype as unknown as {
    ensureClientContainer(clientId: string): void;
    sidFor(clientId: string, value?: string): string | undefined;
    uid: string;
  };
  session.ensureClientContainer = function (this: typeof session, clientId: string) {
    if (!this.sidFor(clientId)) this.sidFor(clientId, this.uid);
  };
  (provider.Client.prototype as unknown as { includeSid(): boolean }).includeSid = () => true;
}

/**
 * Auth0 lets web applications receive ID tokens at http://localhost callbacks (the
 * express-openid-connect default, response_type=id_token, on http://localhost:3000/callback).
 * oidc-provider refuses such implicit-flow redirect URIs by default; its client schema exposes the
 * two checks by code so that they can be waived.
 */
export function allowLocalImplicitCallbacks(provider: Provider): void {
  const schema = (provider.Client as unknown as { Schema: { prototype: { invalidate(message: string, code?: string): void } } }).Schema;
  const invalidate = schema.prototype.invalidate;
  schema.prototype.invalidate = function (message: string, code?: string) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
}
