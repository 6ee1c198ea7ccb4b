// How each surface of the Okta org answers a request it cannot serve (shared/request-errors.ts
// classifies the failure): the Management API with Okta's error body, the IDX API with an IDX
// message body, the browser pages with the org's error page, the other OAuth endpoints with
// {error, error_description}, the control plane with its own {error, error_description}.
// See docs/fidelity.md#requests-answers-and-errors.
import type { Request, Response } from 'express';
import { rendererByPath, type ProblemRenderer, type RequestProblem } from '../shared/request-errors.ts';
import { controlPlaneProblem } from '../shared/control-plane.ts';
import { OktaApiFailure, failures } from './management/errors.ts';
import { errorPageHtml } from './authorization-server/error-page.ts';
import { oktaErrors, type OAuthError } from './authorization-server/okta-error-texts.ts';
import { IDX_MEDIA_TYPE } from './sign-in/idx/responses.ts';

/** /api/v1: what the Management API raised, else the problem as Okta words it. */
export const managementApiProblem: ProblemRenderer = (_req, res, found, error) => {
  if (error instanceof OktaApiFailure) return error.send(res);
  managementFailure(found).send(res);
};

function managementFailure(found: RequestProblem): OktaApiFailure {
  switch (found.kind) {
    case 'malformed_body':
    case 'body_too_deep':
    case 'unsupported_charset':
    case 'unsupported_encoding':
      return failures.malformedBody();
    case 'too_many_parameters':
      return new OktaApiFailure(400, 'E0000001', 'Api validation failed: request', ['request: The request has too many parameters.']);
    case 'body_too_large':
      return new OktaApiFailure(413, 'E0000001', 'Api validation failed: request', ['request: The request body is too large.']);
    // A path parameter that does not decode names no resource.
    case 'bad_path':
      return failures.unknownPath();
    case 'bad_request':
      return new OktaApiFailure(found.status, 'E0000001', 'Api validation failed: request');
    case 'internal':
      return new OktaApiFailure(500, 'E0000009', 'Internal Server Error');
  }
}

/** /idp/idx/*: the bare IDX message body, "Bad request." (E0000020) or "Internal Server Error" (E0000009). */
export const idxProblem: ProblemRenderer = (_req, res, found) => {
  const message =
    found.status >= 500 ? { message: 'Internal Server Error', i18n: { key: 'E0000009' } } : { message: 'Bad request.', i18n: { key: 'E0000020' } };
  // A Buffer, so that Express adds no charset to Okta's media type.
  res
    .status(found.status)
    .set({ 'Cache-Control': 'no-store', 'Content-Type': IDX_MEDIA_TYPE })
    .send(Buffer.from(JSON.stringify({ version: '1.0.0', messages: { type: 'array', value: [{ ...message, class: 'ERROR' }] } })));
};

/** Pages a browser loads (authorize, logout, the success redirect, the home page): the org's error page. */
export const errorPageProblem: ProblemRenderer = (_req, res, found) => {
  res
    .status(found.status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(errorPageHtml(oauthErrorFor(found)));
};

/** The other OAuth endpoints: {error, error_description}. */
export const oauthProblem: ProblemRenderer = (_req, res, found) => {
  const { error, error_description } = oauthErrorFor(found);
  res.status(found.status).set('Cache-Control', 'no-store').json({ error, error_description });
};

function oauthErrorFor(found: RequestProblem): OAuthError {
  if (found.status >= 500) return oktaErrors.serverError();
  return { status: found.status, error: 'invalid_request', error_description: found.description };
}

const BROWSER_PAGES = /^\/(oauth2\/v1\/(authorize|logout)|login\/token\/redirect|$)/;

/** The whole org: each path in its surface's shape (the last handler of the org's app). */
export const oktaOrgProblem: ProblemRenderer = rendererByPath(
  [
    [/^\/_emulator(\/|$)/, controlPlaneProblem],
    [/^\/api\/v1(\/|$)/, managementApiProblem],
    [/^\/idp\/idx(\/|$)/, idxProblem],
    [BROWSER_PAGES, errorPageProblem],
    [/^\/(oauth2|\.well-known)\//, oauthProblem],
  ],
  errorPageProblem,
);

/** For code that answers a problem outside an error handler. */
export function answerProblem(renderer: ProblemRenderer, req: Request, res: Response, found: RequestProblem): void {
  renderer(req, res, found, undefined);
}
