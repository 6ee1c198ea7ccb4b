// How each surface of the Auth0 tenant answers a request it cannot serve (shared/request-errors.ts
// classifies the failure): the Management API with {statusCode, error, message, errorCode?}, SCIM
// with the SCIM error schema, the browser pages (Universal Login, the login callback, logout) with
// the tenant's error page, the other Authentication API endpoints and global token revocation with
// {error, error_description}, the control plane with its own {error, error_description}.
// See docs/fidelity.md#auth0-management-api-conventions.
import { STATUS_CODES } from 'node:http';
import { rendererByPath, type ProblemRenderer, type RequestProblem } from '../shared/request-errors.ts';
import { controlPlaneProblem } from '../shared/control-plane.ts';
import { ManagementApiError } from './management/errors.ts';
import { ScimError, scimErrors, sendScimError } from './scim/scim-error.ts';
import { RevocationFailure } from './universal-logout/revocation-failure.ts';
import { errorPage } from './authentication/views.ts';

/** /api/v2: what the Management API raised, else the problem in its words. */
export const managementApiProblem: ProblemRenderer = (_req, res, found, error) => {
  (error instanceof ManagementApiError ? error : managementError(found)).send(res);
};

function managementError(found: RequestProblem): ManagementApiError {
  switch (found.kind) {
    case 'malformed_body':
    case 'body_too_deep':
      return new ManagementApiError(400, 'Invalid request payload JSON format', 'invalid_body');
    case 'body_too_large':
      return new ManagementApiError(413, 'Payload content length greater than maximum allowed: 1048576');
    case 'unsupported_charset':
    case 'unsupported_encoding':
      return new ManagementApiError(415, 'Unsupported Media Type');
    case 'too_many_parameters':
      return new ManagementApiError(400, "Query validation error: 'Too many query parameters'.", 'invalid_query_string');
    case 'bad_path':
    case 'bad_request':
      return new ManagementApiError(found.status, STATUS_CODES[found.status] ?? 'Bad Request');
    case 'internal':
      return new ManagementApiError(500, 'Internal Server Error');
  }
}

/** /scim/v2/connections/{id}: what SCIM raised, else the problem as a SCIM error. */
export const scimProblem: ProblemRenderer = (_req, res, found, error) => {
  if (error instanceof ScimError) return sendScimError(res, error);
  if (found.kind === 'malformed_body' || found.kind === 'body_too_deep')
    return sendScimError(res, scimErrors.invalidSyntax('The request body is not valid JSON'));
  sendScimError(res, new ScimError(found.status, found.status >= 500 ? 'Internal server error' : found.description));
};

/** Global token revocation: its own failure, else the problem, as {error, error_description}. */
export const globalTokenRevocationProblem: ProblemRenderer = (_req, res, found, error) => {
  if (error instanceof RevocationFailure) return error.send(res);
  oauthProblem(_req, res, found, error);
};

/** Pages a browser loads: the tenant's error page. */
export const errorPageProblem: ProblemRenderer = (_req, res, found) => {
  const description = found.status >= 500 ? 'Something went wrong on the tenant. See the event log.' : found.description;
  res
    .status(found.status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(errorPage({ error: found.status >= 500 ? 'server_error' : 'invalid_request', description }));
};

/** The Authentication API's JSON endpoints: {error, error_description}. */
export const oauthProblem: ProblemRenderer = (_req, res, found) => {
  const error = found.status >= 500 ? 'server_error' : 'invalid_request';
  res
    .status(found.status)
    .set('Cache-Control', 'no-store')
    .json({ error, error_description: found.status >= 500 ? 'Unexpected error' : found.description });
};

const BROWSER_PAGES = /^\/(authorize|u\/|login\/callback|v2\/logout|oidc\/logout|continue|$)/;

/** The whole tenant (or its custom domain): each path in its surface's shape. */
export const auth0TenantProblem: ProblemRenderer = rendererByPath(
  [
    [/^\/_emulator(\/|$)/, controlPlaneProblem],
    [/^\/api\/v2(\/|$)/, managementApiProblem],
    [/^\/scim\/v2\//, scimProblem],
    [/^\/oauth\/global-token-revocation\//, globalTokenRevocationProblem],
    [BROWSER_PAGES, errorPageProblem],
  ],
  oauthProblem,
);
