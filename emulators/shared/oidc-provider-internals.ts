// The fence around oidc-provider: every place the emulators reach beyond its documented
// configuration and extension points (provider.use(), events, the adapter, formats.customizers) is
// here and nowhere else. oidc-provider is pinned to OIDC_PROVIDER_VERSION exactly; each emulator
// checks the installed copy when it builds its provider (checkOidcProviderInternals), and
// emulators/oidc-provider-internals.test.ts checks the library text these overrides rely on
// (docs/fidelity.md#library-internals-the-emulators-rely-on).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { StartupError } from './https-server.ts';
import type { Fetch } from './outbound-fetch.ts';

/** The exact version whose internals were checked; package.json pins the same. */
export const OIDC_PROVIDER_VERSION = '9.13.3';

interface SessionInternals {
  ensureClientContainer(clientId: string): void;
  sidFor(clientId: string, value?: string): string | undefined;
  uid: string;
}
interface ClientInternals {
  includeSid(): boolean;
}
interface ClientSchemaInternals {
  invalidate(message: string, code?: string): void;
}

const sessionOf = (provider: Provider) => provider.Session.prototype as unknown as SessionInternals;
const clientOf = (provider: Provider) => provider.Client.prototype as unknown as ClientInternals;
const schemaOf = (provider: Provider) => (provider.Client as unknown as { Schema?: { prototype: ClientSchemaInternals } }).Schema?.prototype;

/**
 * Start-up self-check: the installed oidc-provider is the pinned version and has the members the
 * overrides below replace. Throws a StartupError naming what changed, before anything is patched.
 */
export function checkOidcProviderInternals(provider: Provider): void {
  const installed = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('oidc-provider/package.json'), 'utf8')) as { version: string }).version;
  if (installed !== OIDC_PROVIDER_VERSION)
    throw new StartupError(`oidc-provider ${installed} is installed; the emulators rely on internals checked in ${OIDC_PROVIDER_VERSION} only: run npm ci`);
  const session = sessionOf(provider) as unknown as Record<string, unknown>;
  const client = clientOf(provider) as unknown as Record<string, unknown>;
  const missing = [
    typeof session.ensureClientContainer === 'function' ? undefined : 'Session.prototype.ensureClientContainer',
    typeof session.sidFor === 'function' ? undefined : 'Session.prototype.sidFor',
    typeof client.includeSid === 'function' ? undefined : 'Client.prototype.includeSid',
    typeof schemaOf(provider)?.invalidate === 'function' ? undefined : 'Client.Schema.prototype.invalidate',
  ].filter(Boolean);
  if (missing.length) throw new StartupError(`oidc-provider ${installed} lacks what the emulators override: ${missing.join(', ')}`);
}

/**
 * Auth0 has one session id per browser session, the `sid` of every ID token issued in it and of
 * its back-channel logout tokens (docs/fidelity.md#library-internals-the-emulators-rely-on); oidc-provider mints one per client and adds it only
 * for clients registered for back-channel logout. Here the sid is the session's uid, for everyone.
 */
export function oneSidPerSession(provider: Provider): void {
  const session = sessionOf(provider);
  session.ensureClientContainer = function (this: SessionInternals, clientId: string) {
    if (!this.sidFor(clientId)) this.sidFor(clientId, this.uid);
  };
  clientOf(provider).includeSid = () => true;
}

/**
 * Auth0 lets web applications receive ID tokens at http://localhost callbacks (the
 * express-openid-connect default, response_type=id_token, on http://localhost:3000/callback).
 * oidc-provider refuses such implicit-flow redirect URIs by default; its client schema exposes the
 * two checks by code so that they can be waived.
 */
export function allowLocalImplicitCallbacks(provider: Provider): void {
  const schema = schemaOf(provider)!;
  const invalidate = schema.invalidate;
  schema.invalidate = function (message: string, code?: string) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
}

/**
 * oidc-provider's `fetch` option receives an SSRF-guarding undici dispatcher that refuses loopback
 * addresses; the emulators talk to the other local parties, so the guard is dropped and the call
 * goes through the given fetch (the one that trusts the harness CA).
 */
export function withoutSsrfGuard(fetch: Fetch): NonNullable<Configuration['fetch']> {
  return (url, options) => {
    const { dispatcher: _ssrfGuard, ...rest } = options as RequestInit & { dispatcher?: unknown };
    return fetch(url, rest);
  };
}

/** The parsed request body oidc-provider keeps on `ctx.oidc` (not in its type declarations). */
export function parsedBody(ctx: KoaContextWithOIDC): Record<string, unknown> | undefined {
  return (ctx.oidc as unknown as { body?: Record<string, unknown> }).body;
}
