// SCIM error responses (RFC 7644 §3.12): {"schemas":[Error], "status":"<code as a string>",
// "scimType"?, "detail"}, served as application/scim+json. Handlers throw ScimError; the SCIM
// router's error handler turns it, and anything unexpected, into that body — never a stack trace.
import type { NextFunction, Request, Response } from 'express';
import { SCIM_CONTENT_TYPE, SCIM_SCHEMAS } from './scim-schemas.ts';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  body(): Record<string, unknown> {
    return { schemas: [SCIM_SCHEMAS.error], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

export const scimErrors = {
  invalidToken: () => new ScimError(401, 'Invalid or expired token'),
  insufficientScope: (scope: string) => new ScimError(403, `Insufficient scope, expected: ${scope}`),
  notFound: (what: string, id: string) => new ScimError(404, `${what} ${id} not found`),
  connectionNotFound: (id: string) => new ScimError(404, `Connection ${id} does not exist or has no SCIM configuration`),
  invalidValue: (detail: string) => new ScimError(400, detail, 'invalidValue'),
  invalidSyntax: (detail: string) => new ScimError(400, detail, 'invalidSyntax'),
  invalidFilter: (detail: string) => new ScimError(400, detail, 'invalidFilter'),
  invalidPath: (detail: string) => new ScimError(400, detail, 'invalidPath'),
  noTarget: (detail: string) => new ScimError(400, detail, 'noTarget'),
  uniqueness: (detail: string) => new ScimError(409, detail, 'uniqueness'),
  mutability: (detail: string) => new ScimError(400, detail, 'mutability'),
};

export function sendScimError(res: Response, error: ScimError): void {
  res.status(error.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(error.body()));
}

/** Express error handler of the SCIM router. */
export function scimErrorHandler(onUnexpected: (error: unknown) => void) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof ScimError) return sendScimError(res, error);
    const type = (error as { type?: string } | null)?.type;
    if (type === 'entity.parse.failed') return sendScimError(res, scimErrors.invalidSyntax('The request body is not valid JSON'));
    if (type === 'entity.too.large') return sendScimError(res, new ScimError(413, 'The request body is too large'));
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendScimError(res, new ScimError(status, 'Bad request'));
    onUnexpected(error);
    sendScimError(res, new ScimError(500, 'Internal server error'));
  };
}
