// Okta apps as OAuth clients: an ACTIVE OpenID Connect app of the store is a client with the app's
// client_id, secret, redirect URIs, grant and response types and token endpoint auth method;
// anything else (INACTIVE, another sign-on mode, deleted) is an unknown client.
import type { AdapterPayload, ResponseType } from 'oidc-provider';
import type { AppRecord, OktaStore } from '../store.ts';

/** Response types the emulator serves: the authorization code flow (see docs/emulators.md for the rest). */
export const SERVED_RESPONSE_TYPES: ResponseType[] = ['code'];
/** Grants the emulator serves at /oauth2/v1/token. */
export const SERVED_GRANT_TYPES = ['authorization_code', 'refresh_token'];

const SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);

export function isActiveOidcApp(app: AppRecord): boolean {
  return app.wire.status === 'ACTIVE' && app.wire.signOnMode === 'OPENID_CONNECT' && typeof app.wire.credentials?.oauthClient?.client_id === 'string';
}

/** The app of an ACTIVE OIDC client, or undefined for an unknown/inactive client_id. */
export function activeAppOf(store: OktaStore, clientId: unknown): AppRecord | undefined {
  if (typeof clientId !== 'string' || !clientId) return undefined;
  const app = store.findAppByClientId(clientId);
  return app && isActiveOidcApp(app) ? app : undefined;
}

/** oidc-provider client metadata for an app, or undefined when the app is no (active) OIDC client. */
export function clientMetadataOf(app: AppRecord): AdapterPayload | undefined {
  if (!isActiveOidcApp(app)) return undefined;
  const credentials = app.wire.credentials.oauthClient!;
  const settings = app.wire.settings?.oauthClient;
  const authMethod = credentials.token_endpoint_auth_method ?? 'client_secret_basic';
  const grantTypes = (settings?.grant_types ?? ['authorization_code']).filter(grant => SERVED_GRANT_TYPES.includes(grant));
  const responseTypes = (settings?.response_types ?? ['code']).filter((type): type is 'code' => SERVED_RESPONSE_TYPES.includes(type as ResponseType));
  return {
    client_id: credentials.client_id!,
    ...(SECRET_METHODS.has(authMethod) && credentials.client_secret ? { client_secret: credentials.client_secret } : {}),
    client_name: app.wire.label,
    // Okta's rules for redirect URIs are the Management API's; oidc-provider's stricter "native"
    // rules do not apply, so every app is described as a web client here.
    application_type: 'web',
    token_endpoint_auth_method: authMethod,
    redirect_uris: settings?.redirect_uris ?? [],
    grant_types: grantTypes.length ? grantTypes : ['authorization_code'],
    response_types: responseTypes.length ? responseTypes : ['code'],
    id_token_signed_response_alg: 'RS256',
    ...(authMethod === 'private_key_jwt' && settings?.jwks ? { jwks: settings.jwks as AdapterPayload['jwks'] } : {}),
  };
}

/** PKCE is required for public clients and for apps with `pkce_required` (docs/fidelity.md#org-authorization-server-endpoints). */
export function requiresPkce(app: AppRecord): boolean {
  const credentials = app.wire.credentials?.oauthClient;
  return credentials?.pkce_required === true || credentials?.token_endpoint_auth_method === 'none';
}

export function postLogoutRedirectUris(app: AppRecord): string[] {
  return app.wire.settings?.oauthClient?.post_logout_redirect_uris ?? [];
}

/** Response types the app is configured for, as Okta lists them in errors ("[code, id_token]"). */
export function configuredResponseTypes(app: AppRecord | undefined): string {
  return `[${(app?.wire.settings?.oauthClient?.response_types ?? ['code']).join(', ')}]`;
}

/** Grant types the app is configured for, as Okta lists them in errors. */
export function configuredGrantTypes(app: AppRecord | undefined): string {
  return `[${(app?.wire.settings?.oauthClient?.grant_types ?? ['authorization_code']).join(', ')}]`;
}

/** Where the app's settings live in the admin console; Okta appends it to redirect URI errors. */
export function adminConsoleUrl(origin: string, app: AppRecord): string {
  return `${origin}/admin/app/oidc_client/instance/${app.wire.id}#tab-general`;
}
