// /authorize errors in Okta's words. oidc-provider runs the protocol checks; where its error text
// differs from Okta's, this maps it (by error code and oidc-provider's description) to the Okta
// error, for both the error page and the redirect back to the client. Errors the emulator raises
// itself (authorize-checks.ts, app-access.ts) already carry Okta's text and pass through unchanged.
import type { AppRecord } from '../store.ts';
import { scopeProblem } from './authorize-checks.ts';
import { adminConsoleUrl, configuredResponseTypes } from './clients.ts';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';

export interface AuthorizeErrorContext {
  /** The requested client's app, when client_id names an active OIDC app. */
  app?: AppRecord;
  origin: string;
  /** The scopes as the client sent them (oidc-provider's own openid check may come first). */
  requestedScopes?: string[];
}

/** Okta texts the emulator raises itself: kept as they are. */
const OKTA_TEXTS = new Set(
  [
    oktaErrors.userNotAssigned(),
    oktaErrors.invalidState(),
    oktaErrors.missingScopes(),
    oktaErrors.unknownScope(),
    oktaErrors.openidScopeRequired(),
    oktaErrors.pkceMissingChallenge(),
  ].map(e => e.error_description),
);

export function oktaAuthorizeError(error: string, description: string | undefined, context: AuthorizeErrorContext): OAuthError {
  const text = description ?? '';
  if (OKTA_TEXTS.has(text)) return { status: 400, error, error_description: text };
  const adminUrl = context.app ? adminConsoleUrl(context.origin, context.app) : undefined;
  switch (error) {
    case 'invalid_client':
      return oktaErrors.invalidClientId();
    case 'invalid_redirect_uri':
      return oktaErrors.illegalRedirectUri(adminUrl);
    case 'unsupported_response_type':
      return oktaErrors.unsupportedResponseType(configuredResponseTypes(context.app));
    case 'unsupported_response_mode':
      return oktaErrors.unsupportedResponseMode();
    case 'invalid_scope':
      return oktaErrors.invalidScope();
    case 'login_required':
    case 'interaction_required':
    case 'consent_required':
      return oktaErrors.loginRequired();
    case 'request_not_supported':
      return { status: 400, error, error_description: 'The authorize request object is not supported by this client.' };
    case 'request_uri_not_supported':
      return { status: 400, error, error_description: 'The authorize request uri is not supported by this client.' };
    case 'server_error':
      return oktaErrors.serverError();
    case 'invalid_request':
      return invalidRequest(text, context, adminUrl);
    default:
      return { status: 400, error, error_description: text || oktaErrors.invalidRequest().error_description };
  }
}

function invalidRequest(text: string, context: AuthorizeErrorContext, adminUrl: string | undefined): OAuthError {
  if (/^missing required parameter.*\bredirect_uri\b/.test(text)) return oktaErrors.illegalRedirectUri(adminUrl);
  if (/^missing required parameter.*\bclient_id\b/.test(text)) return oktaErrors.invalidClientId();
  if (/^missing required parameter.*\bresponse_type\b/.test(text) || text === 'requested response_type is not allowed for this client')
    return oktaErrors.unsupportedResponseType(configuredResponseTypes(context.app));
  if (text.startsWith('requested response_mode is not allowed')) return oktaErrors.queryResponseModeWithTokens();
  if (text === 'unsupported prompt value requested' || text === 'prompt none must only be used alone') return oktaErrors.invalidPrompt();
  if (text === 'invalid max_age parameter value') return oktaErrors.invalidMaxAge();
  if (text.startsWith('openid scope must be requested')) return scopeProblem(context.requestedScopes ?? []) ?? oktaErrors.openidScopeRequired();
  if (text === 'not supported value of code_challenge_method' || text === 'code_challenge_method must be provided') return oktaErrors.pkceUnsupportedMethod();
  if (text.startsWith('code_challenge')) return oktaErrors.pkceInvalidChallenge();
  if (
    [
      'authorization request has expired',
      'interaction session not found',
      'authorization session and cookie identifier mismatch',
      'interaction session and authentication session mismatch',
    ].includes(text)
  )
    return oktaErrors.requestExpired();
  return oktaErrors.invalidRequest();
}
