// Okta's error body and the codes the Management API emulator answers with. Handlers throw an
// OktaApiFailure; the error handler at the end of the router writes it in Okta's shape, so a bad
// request never reaches the client as a stack trace (the router's last handler: ../request-problems.ts). Codes and texts: docs/fidelity.md#requests-answers-and-errors.
import type { Response } from 'express';
import { randomBytes } from 'node:crypto';
import { sendJson } from './json-response.ts';
import { VendorError } from '../../shared/vendor-error.ts';

type UserStatusName = 'ACTIVE' | 'SUSPENDED';

export interface OktaErrorBody {
  errorCode: string;
  errorSummary: string;
  errorLink: string;
  errorId: string;
  errorCauses: { errorSummary: string }[];
}

export class OktaApiFailure extends VendorError {
  override name = 'OktaApiFailure';
  constructor(
    status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly errorCauses: string[] = [],
    headers: Record<string, string> = {},
  ) {
    super(status, `${status} ${errorCode} ${errorSummary}`, headers);
  }

  body(): OktaErrorBody {
    return errorBody(this.errorCode, this.errorSummary, this.errorCauses);
  }

  /** Exactly `Content-Type: application/json`, as Okta sends it (json-response.ts). */
  override send(res: Response): void {
    for (const [name, value] of Object.entries(this.headers)) res.setHeader(name, value);
    sendJson(res, this.status, this.body());
  }
}

/** errorId is opaque in Okta ("oae" + 22 characters); clients must not parse it. */
export function errorBody(errorCode: string, errorSummary: string, causes: string[] = []): OktaErrorBody {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: 'oae' + randomBytes(16).toString('base64url').slice(0, 22),
    errorCauses: causes.map(errorSummary => ({ errorSummary })),
  };
}

/** One failed field check: `field` names it in the summary, `message` is the cause text after "field: ". */
export interface FieldProblem {
  field: string;
  message: string;
}

export const failures = {
  /** E0000001: the summary names the first failing field; each problem becomes "field: message". */
  validation(problems: FieldProblem[]): OktaApiFailure {
    return new OktaApiFailure(
      400,
      'E0000001',
      `Api validation failed: ${problems[0]?.field ?? 'request'}`,
      problems.map(p => `${p.field}: ${p.message}`),
    );
  },
  /** A profile attribute the user schema does not define: one cause per attribute, without a field prefix. */
  undefinedProfileProperties: (body: string, names: string[]) =>
    new OktaApiFailure(
      400,
      'E0000001',
      `Api validation failed: ${body}`,
      names.map(name => `Property name '${name}' is not defined in profile`),
    ),
  malformedBody: () => new OktaApiFailure(400, 'E0000003', 'The request body was not well-formed.'),
  invalidToken: () => new OktaApiFailure(401, 'E0000011', 'Invalid token provided'),
  /** Type names as real responses show them: User, AppInstance, UserGroup, … (docs/fidelity.md#requests-answers-and-errors). */
  notFound: (id: string, type: string) => new OktaApiFailure(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`),
  forbidden: () => new OktaApiFailure(403, 'E0000006', 'You do not have permission to perform the requested action'),
  unsupportedOperation: () => new OktaApiFailure(501, 'E0000060', 'Unsupported operation.'),
  unknownPath: () => new OktaApiFailure(404, 'E0000008', 'The requested path was not found'),
  alreadyActive: () => new OktaApiFailure(403, 'E0000016', 'Activation failed because the user is already active'),
  /** Suspend and unsuspend of a user in another status: 400 E0000001 (the texts are ours; Okta documents only the code). */
  wrongStatusFor: (operation: string, required: UserStatusName) =>
    new OktaApiFailure(400, 'E0000001', 'Api validation failed: status', [`status: Only a ${required} user can be ${operation}.`]),
  unlockNotAllowed: () => new OktaApiFailure(403, 'E0000032', 'Unlock is not allowed for this user.'),
  notAllowedInStatus: () => new OktaApiFailure(403, 'E0000038', "This operation is not allowed in the user's current status."),
  methodNotAllowed: (allow: string[]) =>
    new OktaApiFailure(405, 'E0000022', 'The endpoint does not support the provided HTTP method', [], { Allow: allow.join(', ') }),
  /** Bad `filter`/`search` expressions (okta/okta-powershell-cli#48: E0000031 + "Invalid search syntax."). */
  invalidSearch: (cause = 'Invalid search syntax.') => new OktaApiFailure(400, 'E0000031', 'Invalid search criteria.', [cause]),
  rateLimited: () => new OktaApiFailure(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  deleteActiveApp: () => new OktaApiFailure(403, 'E0000056', 'Delete application forbidden.', ['The application must be deactivated before deletion.']),
};

/** The error summary Okta uses for each HTTP status an injected fault can have. */
export function failureForStatus(status: number): OktaApiFailure {
  switch (status) {
    case 400:
      return new OktaApiFailure(400, 'E0000001', 'Api validation failed');
    case 401:
      return failures.invalidToken();
    case 403:
      return failures.forbidden();
    case 404:
      return failures.unknownPath();
    case 405:
      return new OktaApiFailure(405, 'E0000022', 'The endpoint does not support the provided HTTP method');
    case 429:
      return failures.rateLimited();
    case 503:
      return new OktaApiFailure(503, 'E0000010', 'Service is in read only mode');
    default:
      return status >= 500 ? new OktaApiFailure(status, 'E0000009', 'Internal Server Error') : new OktaApiFailure(status, 'E0000001', 'Api validation failed');
  }
}
