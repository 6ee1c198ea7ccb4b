// Auth0 applications (created through the Management API, kept in the tenant store) as
// oidc-provider client metadata. oidc-provider re-reads them on every request (it caches by
// content hash), so a PATCH through the Management API takes effect on the next /authorize.
import type { AdapterPayload, ClientAuthMethod, ResponseType } from 'oidc-provider';
import type { Auth0Store, WireClient } from '../store.ts';
import { DEFAULT_JWT_CONFIGURATION, DEFAULT_REFRESH_TOKEN, defaultGrantTypes } from '../management/client-payload.ts';

/** Auth0's defaults for a client created without these fields [tenant], as the Management API states them. */
export const DEFAULT_GRANT_TYPES = defaultGrantTypes(undefined);
export const DEFAULT_ID_TOKEN_LIFETIME_SECONDS = DEFAULT_JWT_CONFIGURATION.lifetime_in_seconds;
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = DEFAULT_REFRESH_TOKEN.token_lifetime;

/** Grants served by oidc-provider; client_credentials is answered by the Management API's token issuer. */
const PROVIDER_GRANTS = new Set(['authorization_code', 'implicit', 'refresh_token']);

export function findClient(store: Auth0Store, clientId: string): WireClient | undefined {
  return store.clients.get(clientId)?.wire;
}

export function grantTypesOf(client: WireClient): string[] {
  return client.grant_types ?? DEFAULT_GRANT_TYPES;
}

export function authMethodOf(client: WireClient): string {
  if (client.token_endpoint_auth_method) return client.token_endpoint_auth_method;
  // Auth0 creates SPAs and native apps as public clients, everything else with client_secret_post.
  return client.app_type === 'spa' || client.app_type === 'native' ? 'none' : 'client_secret_post';
}

export function callbacksOf(client: WireClient): string[] {
  return (client.callbacks ?? []).filter(isHttpUrl);
}

export function allowedLogoutUrlsOf(client: WireClient): string[] {
  return client.allowed_logout_urls ?? [];
}

export function idTokenLifetimeOf(client: WireClient | undefined): number {
  return client?.jwt_configuration?.lifetime_in_seconds ?? DEFAULT_ID_TOKEN_LIFETIME_SECONDS;
}

export function rotatesRefreshTokens(client: WireClient | undefined): boolean {
  return client?.refresh_token?.rotation_type === 'rotating';
}

/** Seconds a refresh token lives; Auth0's default is non-expiring, which oidc-provider needs as a number. */
export function refreshTokenLifetimeOf(client: WireClient | undefined): number {
  const config = client?.refresh_token;
  if (config?.expiration_type === 'expiring' || config?.infinite_token_lifetime === false)
    return config.token_lifetime ?? DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS;
  return 10 * 365 * 24 * 3600;
}

export function backchannelLogoutUrlOf(client: WireClient | undefined): string | undefined {
  return client?.oidc_logout?.backchannel_logout_urls?.[0];
}

/** oidc-provider client metadata for an Auth0 application. */
export function clientMetadata(client: WireClient): AdapterPayload {
  const grants = grantTypesOf(client).filter(g => PROVIDER_GRANTS.has(g));
  const redirectUris = callbacksOf(client);
  const code = grants.includes('authorization_code');
  const implicit = grants.includes('implicit');
  // Without callbacks no authorization response can be delivered; /authorize shows the Callback URL
  // mismatch page before oidc-provider looks at response types.
  const responseTypes = redirectUris.length === 0 ? [] : responseTypesFor(code, implicit);
  const authMethod = authMethodOf(client);
  return {
    client_id: client.client_id,
    ...(authMethod === 'none' ? {} : { client_secret: client.client_secret }),
    client_name: client.name,
    application_type: 'web',
    token_endpoint_auth_method: authMethod as ClientAuthMethod,
    grant_types: responseTypes.length ? grants : grants.filter(g => g === 'refresh_token'),
    response_types: responseTypes as ResponseType[],
    redirect_uris: redirectUris,
    id_token_signed_response_alg: 'RS256',
  };
}

function responseTypesFor(code: boolean, implicit: boolean): string[] {
  const types: string[] = [];
  if (code) types.push('code');
  if (implicit) types.push('id_token', 'id_token token');
  if (code && implicit) types.push('code id_token', 'code token', 'code id_token token');
  return types;
}

function isHttpUrl(value: string): boolean {
  const url = URL.parse(value);
  return !!url && (url.protocol === 'https:' || url.protocol === 'http:') && !url.hash;
}
