// SCIM error responses (RFC 7644 §3.12): {"schemas":[Error], "status":"<code as a string>",
// "scimType"?, "detail"}, served as application/scim+json. Handlers throw ScimError; the SCIM
// router's last handler (../request-problems.ts) turns it, and anything unexpected, into that body — never a stack trace.
import type { Response } from 'express';
import { SCIM_CONTENT_TYPE, SCIM_SCHEMAS } from './scim-schemas.ts';
import { VendorError } from '../../shared/vendor-error.ts';

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

export class ScimError extends VendorError {
  override name = 'ScimError';
  constructor(
    status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(status, detail);
  }

  body(): Record<string, unknown> {
    return { schemas: [SCIM_SCHEMAS.error], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }

  /** application/scim+json, which Express's json() would not keep. */
  override send(res: Response): void {
    res.status(this.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(this.body()));
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
  error.send(res);
}
