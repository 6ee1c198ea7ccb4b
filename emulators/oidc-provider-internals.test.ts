// What the emulators rely on inside oidc-provider beyond its documented configuration, checked
// against the installed copy. oidc-provider is pinned to an exact version in package.json; after an
// upgrade, this test names every reliance the new version broke (docs/fidelity.md#library-internals-the-emulators-rely-on).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { checkOidcProviderInternals, OIDC_PROVIDER_VERSION } from './shared/oidc-provider-internals.ts';

const require = createRequire(import.meta.url);
const root = dirname(require.resolve('oidc-provider/package.json'));
const source = (file: string) => readFileSync(join(root, file), 'utf8');
const PINNED = OIDC_PROVIDER_VERSION;

interface Reliance {
  /** Which emulator module relies on it, and for what. */
  who: string;
  /** The library file and the text that must still be there. */
  file: string;
  text: string | RegExp;
}

const RELIANCES: Reliance[] = [
  {
    who: 'shared/oidc-provider-internals.ts oneSidPerSession: one sid per browser session, minted where the session meets a client',
    file: 'lib/actions/authorization/session.js',
    text: 'ctx.oidc.session.ensureClientContainer(ctx.oidc.params.client_id)',
  },
  {
    who: 'oneSidPerSession overrides Session#ensureClientContainer and uses Session#sidFor',
    file: 'lib/models/session.js',
    text: /ensureClientContainer\(clientId\) \{[\s\S]*sidFor\(/,
  },
  {
    who: 'oneSidPerSession overrides Client#includeSid so every ID token carries sid',
    file: 'lib/helpers/process_response_types.js',
    text: 'ctx.oidc.client.includeSid()',
  },
  { who: 'oneSidPerSession overrides Client#includeSid', file: 'lib/models/client.js', text: 'includeSid() {' },
  {
    who: 'shared/oidc-provider-internals.ts allowLocalImplicitCallbacks waives these two client-schema checks by code',
    file: 'lib/helpers/client_schema.js',
    text: /this\.invalidate\([^;]*'implicit-force-https'\)[\s\S]*this\.invalidate\([^;]*'implicit-forbid-localhost'\)/,
  },
  {
    who: 'auth0/authentication/form-post.ts: the authorization.success event carries the parameters the response mode sends',
    file: 'lib/actions/authorization/respond.js',
    text: /emit\('authorization\.success', ctx, out\);[\s\S]*await handler\(ctx, params\.redirect_uri, omitBy\(out,/,
  },
  {
    who: 'form-post.ts rebuilds an error response from the authorization.error event as err_out does (error = message, error_description, scope, state, iss)',
    file: 'lib/shared/authorization_error_handler.js',
    text: /const out = \{ \.\.\.errOut\(err, state\), iss: ctx\.oidc\.provider\.issuer \};[\s\S]*emit\('authorization\.error', ctx, err\)/,
  },
  { who: 'form-post.ts: error parameters', file: 'lib/helpers/err_out.js', text: /error: message,[\s\S]*'oops! something went wrong'/ },
  {
    who: "auth0/authentication/api-tokens.ts auth0AccessTokenClaims: the jwt customizer's header fields come after typ, so Auth0's typ JWT replaces RFC 9068's at+jwt",
    file: 'lib/models/formats/jwt.js',
    text: /typ: 'at\+jwt',\s*fields: \{ kid: config\.sign\.kid, \.\.\.structuredToken\.header \}/,
  },
  { who: 'api-tokens.ts: header fields spread over typ when signing', file: 'lib/helpers/jwt.js', text: /typ: options\.typ,\s*\.\.\.options\.fields,/ },
  {
    who: "auth0/authentication/token-endpoint.ts: an access token bound to an API carries its resourceServer (Auth0 then adds the OpenID scopes to the response's scope)",
    file: 'lib/actions/grants/refresh_token.js',
    text: 'at.resourceServer = new provider.ResourceServer(resource, resourceServerInfo)',
  },
  {
    who: 'api-tokens.ts grantedOpenIdScopes reads the scopes of the code or refresh token behind a token',
    file: 'lib/models/base_token.js',
    text: 'get scopes() {',
  },
  {
    who: 'shared/oidc-provider-internals.ts withoutSsrfGuard (auth0/authentication/provider-configuration.ts fetch) drops the SSRF-guarding dispatcher oidc-provider passes to its fetch, so loopback parties are reachable',
    file: 'lib/helpers/fetch_request.js',
    text: 'options.dispatcher = dispatcher',
  },
  {
    who: 'lib/quiet-runtime-warning.ts drops exactly this start-up warning on Node 20',
    file: 'lib/index.js',
    text: "attention.warn('Unsupported runtime.",
  },
  { who: 'lib/quiet-runtime-warning.ts matches the warning by its prefix', file: 'lib/helpers/attention.js', text: 'oidc-provider WARNING: ${str}' },
];

test('oidc-provider is pinned to the exact version whose internals were checked', () => {
  const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  expect(manifest.dependencies['oidc-provider'], 'package.json must pin oidc-provider exactly (no ^ or ~): its internals are patched').toBe(PINNED);
  const installed = (JSON.parse(source('package.json')) as { version: string }).version;
  expect(installed, `installed oidc-provider ${installed} is not the pinned ${PINNED}: run npm ci`).toBe(PINNED);
});

test('every oidc-provider internal the emulators rely on is still where they expect it', () => {
  const broken = RELIANCES.filter(r => {
    const text = source(r.file);
    return typeof r.text === 'string' ? !text.includes(r.text) : !r.text.test(text);
  }).map(r => `${r.file} no longer has ${String(r.text)} — relied on by ${r.who}`);
  expect(broken, 'oidc-provider changed what the emulators patch').toEqual([]);
});

test('the start-up self-check finds the members the overrides replace, and names one that is gone', async () => {
  // Keys, a storage adapter and no development interactions: oidc-provider's quick-start warnings stay quiet.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider('https://issuer.example/', {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'k', alg: 'RS256', use: 'sig' }] },
    adapter: class {},
    features: { devInteractions: { enabled: false } },
  } as never);
  expect(() => checkOidcProviderInternals(provider), 'the start-up self-check passes on the pinned copy').not.toThrow();
  // The same check refuses a copy that lost a member the overrides replace.
  const session = provider.Session.prototype as unknown as Record<string, unknown>;
  const sidFor = session.sidFor;
  delete session.sidFor;
  try {
    expect(() => checkOidcProviderInternals(provider)).toThrow(/lacks what the emulators override: Session\.prototype\.sidFor/);
  } finally {
    session.sidFor = sidFor;
  }
});
