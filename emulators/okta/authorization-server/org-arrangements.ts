// Test arrangements for the authorization server's tests: OIDC apps, users and assignments, made
// the way an admin makes them — through the official Okta SDK (@okta/okta-sdk-nodejs v8) against
// the emulator's Management API. Each call returns what the tests need (client credentials,
// user ids); secrets are registered with the redaction helper so they never reach a report.
import okta from '@okta/okta-sdk-nodejs';
import { randomBytes } from 'node:crypto';
import { registerSecret } from '../../../lib/redaction.ts';
import type { OktaOrg } from '../okta-org.ts';
import { sdkClient } from '../management/sdk-test-kit.ts';

export interface OidcAppOptions {
  label?: string;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  grantTypes?: string[];
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post' | 'none';
  pkceRequired?: boolean;
}

export interface ArrangedApp {
  appId: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
}

export interface UserOptions {
  firstName?: string;
  lastName?: string;
  /** Defaults to a random login under example.com. */
  login?: string;
  password?: string;
}

export interface ArrangedUser {
  id: string;
  login: string;
  password: string;
  firstName: string;
  lastName: string;
}

export class OrgArrangements {
  readonly client: okta.Client;

  constructor(readonly org: OktaOrg) {
    this.client = sdkClient(org);
  }

  async createOidcApp(options: OidcAppOptions = {}): Promise<ArrangedApp> {
    const unique = randomBytes(4).toString('hex');
    const redirectUri = options.redirectUris?.[0] ?? `https://rp-${unique}.example/callback`;
    const postLogoutRedirectUri = options.postLogoutRedirectUris?.[0] ?? `https://rp-${unique}.example/signed-out`;
    const app = (await this.client.applicationApi.createApplication({
      application: {
        name: 'oidc_client',
        label: options.label ?? `Authorization server test app ${unique}`,
        signOnMode: 'OPENID_CONNECT',
        credentials: {
          oauthClient: {
            token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? 'client_secret_basic',
            ...(options.pkceRequired !== undefined ? { pkce_required: options.pkceRequired } : {}),
          },
        },
        settings: {
          oauthClient: {
            redirect_uris: options.redirectUris ?? [redirectUri],
            post_logout_redirect_uris: options.postLogoutRedirectUris ?? [postLogoutRedirectUri],
            response_types: ['code'],
            grant_types: (options.grantTypes ?? ['authorization_code']) as never,
            application_type: 'web',
          },
        },
      } as okta.OpenIdConnectApplication,
    })) as okta.OpenIdConnectApplication;
    const clientSecret = app.credentials.oauthClient?.client_secret ?? '';
    registerSecret(clientSecret);
    return { appId: app.id!, clientId: app.credentials.oauthClient!.client_id!, clientSecret, redirectUri, postLogoutRedirectUri };
  }

  async createUser(options: UserOptions = {}): Promise<ArrangedUser> {
    const unique = randomBytes(4).toString('hex');
    const login = options.login ?? `user-${unique}@example.com`;
    const password = options.password ?? `Pw-${randomBytes(12).toString('base64url')}1a!`;
    const firstName = options.firstName ?? 'Ada';
    const lastName = options.lastName ?? `Lovelace-${unique}`;
    registerSecret(password);
    const user = await this.client.userApi.createUser({
      body: { profile: { firstName, lastName, email: login, login }, credentials: { password: { value: password } } },
      activate: true,
    });
    return { id: user.id!, login, password, firstName, lastName };
  }

  async assign(app: ArrangedApp, user: ArrangedUser): Promise<void> {
    await this.client.applicationApi.assignUserToApplication({ appId: app.appId, appUser: { id: user.id } });
  }

  async deactivateUser(user: ArrangedUser): Promise<void> {
    await this.client.userApi.deactivateUser({ userId: user.id });
  }

  async suspendUser(user: ArrangedUser): Promise<void> {
    await this.client.userApi.suspendUser({ userId: user.id });
  }

  /** DELETE /api/v1/users/{id}/sessions: ends the user's Okta browser sessions. */
  async clearUserSessions(user: ArrangedUser): Promise<void> {
    await this.client.userApi.revokeUserSessions({ userId: user.id });
  }

  async deactivateApp(app: ArrangedApp): Promise<void> {
    await this.client.applicationApi.deactivateApplication({ appId: app.appId });
  }

  /** An app with a user assigned to it: what most tests start from. */
  async appWithAssignedUser(appOptions: OidcAppOptions = {}, userOptions: UserOptions = {}): Promise<{ app: ArrangedApp; user: ArrangedUser }> {
    const [app, user] = await Promise.all([this.createOidcApp(appOptions), this.createUser(userOptions)]);
    await this.assign(app, user);
    return { app, user };
  }
}
