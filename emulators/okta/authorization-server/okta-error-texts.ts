// The error codes and texts of Okta's org authorization server, in one place. Sources, in order of
// preference: "documented" by Okta (docs/fidelity.md#org-authorization-server: "the spec" and more), then Okta's OAuth
// error catalogue (okta-developer-docs `data/oauth2-error-codes.json`, release 2026.03.1, the
// server's own message bundle). Texts marked "emulator wording" have no source; keep them easy to
// find and change.

export interface OAuthError {
  status: number;
  error: string;
  error_description: string;
}

const oauthError = (status: number, error: string, error_description: string): OAuthError => ({ status, error, error_description });

export const oktaErrors = {
  // --- /authorize, shown on the error page (never redirected) ---------------------------------
  /** Documented; catalogue `invalid_client_id`. */
  invalidClientId: () => oauthError(400, 'invalid_client', "Invalid value for 'client_id' parameter."),
  /** Documented; catalogue `illegal_redirect_uri_enhanced` (the page names the app's admin settings). */
  illegalRedirectUri: (adminUrl?: string) =>
    oauthError(
      400,
      'invalid_request',
      `The 'redirect_uri' parameter must be a Login redirect URI in the client app settings${adminUrl ? `: ${adminUrl}` : ''}`,
    ),
  /** Catalogue `pkce_missing_challenge`; seen on Okta's error page (goauthentik/authentik#16398). */
  pkceMissingChallenge: () => oauthError(400, 'invalid_request', 'PKCE code challenge is required by the application.'),
  /** Catalogue `request_expired` (a sign-in transaction that no longer exists). */
  requestExpired: () => oauthError(400, 'login_required', 'Request expired, please start over and try again.'),

  // --- /authorize, redirected to the client -------------------------------------------------------
  /** Documented, with its trailing period (docs/fidelity.md#org-authorization-server-endpoints); catalogue `user_not_assigned`. */
  userNotAssigned: () => oauthError(400, 'access_denied', 'User is not assigned to the client application.'),
  /** Documented; catalogue `invalid_state`. */
  invalidState: () => oauthError(400, 'invalid_request', "The authentication request has an invalid 'state' parameter."),
  /** Catalogue `missing_scopes`. */
  missingScopes: () => oauthError(400, 'invalid_scope', 'No scopes were requested.'),
  /** Catalogue `no_matching_scope` (an unknown scope). */
  unknownScope: () => oauthError(400, 'invalid_scope', 'One or more scopes are not configured for the authorization server resource.'),
  /** Catalogue `openid_scope_required`. */
  openidScopeRequired: () => oauthError(400, 'invalid_scope', "Requests for ID tokens or access tokens with OpenID scopes require the 'openid' scope."),
  /** Documented; catalogue `invalid_scope`. */
  invalidScope: () =>
    oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.'),
  /** Documented; catalogue `pkce_invalid_challenge`. */
  pkceInvalidChallenge: () => oauthError(400, 'invalid_request', 'PKCE code challenge contains illegal characters.'),
  /** Catalogue `pkce_unsupported_code_challenge_method`. */
  pkceUnsupportedMethod: () => oauthError(400, 'invalid_request', 'PKCE code challenge method is not supported. Valid values: [S256]'),
  /** Documented; catalogue `login_required`. */
  loginRequired: () => oauthError(400, 'login_required', 'The client specified not to prompt, but the user is not logged in.'),
  /** Catalogue `unsupported_response_type` ("Configured response types: [token]." seen in the field). */
  unsupportedResponseType: (configured: string) =>
    oauthError(400, 'unsupported_response_type', `The response type is not supported by the authorization server. Configured response types: ${configured}.`),
  /** Catalogue `unsupported_response_mode`. */
  unsupportedResponseMode: () =>
    oauthError(
      400,
      'unsupported_response_mode',
      'The response mode is not supported by the authorization server. Valid response modes: [query, fragment, form_post, okta_post_message].',
    ),
  /** Documented; catalogue `unsupported_response_mode_query_with_tokens`. */
  queryResponseModeWithTokens: () =>
    oauthError(400, 'unsupported_response_mode', "'query' response mode cannot be used with either the 'id_token' or 'token' response types."),
  /** Catalogue `invalid_prompt` (its placeholder filled with the values Okta documents). */
  invalidPrompt: () => oauthError(400, 'invalid_request', "Invalid value for 'prompt' parameter. Supported values: [none, login, consent, login consent]"),
  /** Catalogue `invalid_max_age`. */
  invalidMaxAge: () => oauthError(400, 'invalid_request', "Invalid value for 'max_age' parameter. It should be within range 0 - 2^31-1."),
  /** Catalogue `invalid_request`. */
  invalidRequest: () => oauthError(400, 'invalid_request', 'Invalid request'),

  // --- client authentication (/token, /revoke, /introspect) ------------------------------------
  /** The spec's example, 400. The catalogue's `multiple_client_credentials` wording is unseen (docs/fidelity.md#org-authorization-server-endpoints). */
  multipleClientCredentials: () =>
    oauthError(
      400,
      'invalid_request',
      "Can't supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a `client_assertion` in the post body.",
    ),
  /** Documented; catalogue `missing_client_credentials`. */
  noClientCredentials: () => oauthError(401, 'invalid_client', 'No client credentials found.'),
  /** Documented; catalogue `invalid_client_secret`. */
  invalidClientSecret: () => oauthError(401, 'invalid_client', 'The client secret supplied for a confidential client is invalid.'),
  /** Documented; catalogue `invalid_client`. */
  clientAuthenticationFailed: () => oauthError(401, 'invalid_client', 'Client authentication failed. Either the client or the client credentials are invalid.'),
  /** Catalogue `invalid_basic_auth_creds`. */
  invalidBasicCredentials: () => oauthError(401, 'invalid_client', 'Found Authentication header but was not valid client credentials.'),

  // --- /token --------------------------------------------------------------------------------------
  /** Documented; catalogue `invalid_authorization_code`. */
  invalidAuthorizationCode: () => oauthError(400, 'invalid_grant', 'The authorization code is invalid or has expired.'),
  /** Catalogue `invalid_refresh_token`. */
  invalidRefreshToken: () => oauthError(400, 'invalid_grant', 'The refresh token is invalid or expired.'),
  /** Documented ("The grant was issued to another client. …"); full text from catalogue `mismatched_client`. */
  mismatchedClient: () =>
    oauthError(400, 'invalid_grant', "The grant was issued to another client. Please make sure the 'client_id' matches the one used at the authorize request."),
  /** Documented; catalogue `mismatched_redirect_uri`. */
  mismatchedRedirectUri: () => oauthError(400, 'invalid_grant', "The 'redirect_uri' does not match the redirection URI used in the authorization request."),
  /** Documented; catalogue `pkce_verification_failed`. */
  pkceVerificationFailed: () => oauthError(400, 'invalid_grant', 'PKCE verification failed.'),
  /** Catalogue `pkce_missing_verifier`. */
  pkceMissingVerifier: () => oauthError(400, 'invalid_request', 'PKCE code verifier is required by the application.'),
  /** Catalogue `pkce_missing_challenge_verifier_present`. */
  pkceChallengeNotInAuthorize: () =>
    oauthError(400, 'invalid_request', 'PKCE code challenge should be specified in the authorize request for code verification.'),
  /** Catalogue `token_request_missing_grant_type` (placeholder filled with the grants served). */
  missingGrantType: (valid: string) => oauthError(400, 'invalid_request', `The token request must specify a 'grant_type'. Valid values: ${valid}`),
  /** Catalogue `missing_token_request_parameter`. */
  missingParameter: (name: string) => oauthError(400, 'invalid_request', `The required parameter '${name}' is missing.`),
  /** Catalogue `illegal_duplicated_parameters`. */
  duplicatedParameters: (names: string) => oauthError(400, 'invalid_request', `Duplicate parameter provided in request. Duplicated parameters: [${names}].`),
  /** Catalogue `unauthorized_client`. */
  unauthorizedClient: (configured: string) =>
    oauthError(400, 'unauthorized_client', `The client is not authorized to use the provided grant type. Configured grant types: ${configured}.`),
  /** Documented; catalogue `unsupported_grant_type` (placeholder filled with the grants served). */
  unsupportedGrantType: (configured: string) =>
    oauthError(
      400,
      'unsupported_grant_type',
      `The authorization grant type is not supported by the authorization server. Configured grant types: ${configured}.`,
    ),
  /** The spec's example. */
  missingToken: () => oauthError(400, 'invalid_request', 'The `token` parameter is required.'),
  /** Catalogue `server_error`. */
  serverError: () =>
    oauthError(500, 'server_error', 'The authorization server encountered an unexpected condition that prevented it from fulfilling the request.'),

  // --- /userinfo (sent as WWW-Authenticate) ------------------------------------------------------
  /** No trailing period, as in the spec's header example. */
  accessTokenInvalid: () => oauthError(401, 'invalid_token', 'The access token is invalid'),
  /** Catalogue `access_token_missing`. */
  accessTokenMissing: () => oauthError(401, 'invalid_request', 'The access token is missing.'),
  /** The spec's header example. */
  insufficientScope: () =>
    oauthError(403, 'insufficient_scope', 'The access token must provide access to at least one of these scopes - profile, email, address or phone'),

  // --- /logout, shown on the error page ---------------------------------------------------------
  /** Documented; catalogue `illegal_post_logout_redirect_uri_enhanced`. */
  illegalPostLogoutRedirectUri: (adminUrl?: string) =>
    oauthError(
      400,
      'invalid_request',
      `The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings${adminUrl ? `: ${adminUrl}` : ''}`,
    ),
  /** Catalogue `id_token_invalid` (code `invalid_token`). */
  idTokenInvalid: () => oauthError(400, 'invalid_token', 'The id token is invalid.'),
  /** Emulator wording, in the style of catalogue `request_missing_token`. */
  idTokenHintRequired: () => oauthError(400, 'invalid_request', "The 'id_token_hint' parameter is required."),
};
