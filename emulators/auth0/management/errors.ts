// Management API v2 error responses: {statusCode, error, message, errorCode?} — Auth0's own shape
// (docs/fidelity.md#auth0-management-api-conventions). Handlers throw ManagementApiError; the router's error handler turns it,
// and anything unexpected, into that body (../request-problems.ts). Never a stack trace.
import { STATUS_CODES } from 'node:http';
import type { RenderedFault } from '../../shared/faults.ts';
import { VendorError } from '../../shared/vendor-error.ts';

export interface ManagementErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errorCode?: string;
  /** Only the 401 "Invalid token" body carries it (docs/fidelity.md#auth0-management-api-conventions). */
  attributes?: Record<string, string>;
}

export class ManagementApiError extends VendorError {
  override name = 'ManagementApiError';
  constructor(
    status: number,
    message: string,
    readonly errorCode?: string,
    readonly attributes?: Record<string, string>,
  ) {
    super(status, message);
  }

  body(): ManagementErrorBody {
    return {
      statusCode: this.status,
      error: STATUS_CODES[this.status] ?? 'Error',
      message: this.message,
      ...(this.errorCode ? { errorCode: this.errorCode } : {}),
      ...(this.attributes ? { attributes: this.attributes } : {}),
    };
  }
}

/** 400 `invalid_body` in Auth0's "Payload validation error: '…'" form. */
export function payloadError(detail: string, property?: string): ManagementApiError {
  return new ManagementApiError(400, `Payload validation error: '${detail}'${property ? ` on property ${property}` : ''}.`, 'invalid_body');
}

/** 400 `invalid_query_string` in Auth0's "Query validation error: '…'" form. */
export function queryError(detail: string, property?: string): ManagementApiError {
  return new ManagementApiError(400, `Query validation error: '${detail}'${property ? ` on property ${property}` : ''}.`, 'invalid_query_string');
}

export const invalidToken = () => new ManagementApiError(401, 'Invalid token', undefined, { error: 'Invalid token' });

export const insufficientScope = (anyOf: readonly string[]) =>
  new ManagementApiError(403, `Insufficient scope, expected any of: ${anyOf.join(',')}`, 'insufficient_scope');

export const inexistentConnection = () => new ManagementApiError(404, 'The connection does not exist', 'inexistent_connection');
export const inexistentClient = () => new ManagementApiError(404, 'The client does not exist', 'inexistent_client');
export const inexistentResourceServer = () => new ManagementApiError(404, 'The resource server does not exist', 'inexistent_resource_server');
export const inexistentClientGrant = () => new ManagementApiError(404, 'The client grant does not exist', 'inexistent_client_grant');
export const inexistentUser = () => new ManagementApiError(404, 'The user does not exist.', 'inexistent_user');

/**
 * 409 on a duplicate connection name. No errorCode: none has been seen in real responses
 * (docs/fidelity.md#auth0-connections); add one here if a recording shows it.
 */
export const connectionConflict = () => new ManagementApiError(409, 'A connection with the same name already exists');

/** 429 when the tenant's Management API limit is spent (docs/fidelity.md#auth0-management-api-conventions: errorCode unverified). */
export const tooManyRequests = () => new ManagementApiError(429, 'Global limit has been reached', 'too_many_requests');

/** Unknown route under /api/v2: the generic 404 of the API's HTTP framework. */
export const routeNotFound = () => new ManagementApiError(404, 'Not Found');

/** Body of an injected fault (control plane) in the Management API's shape: 429 as the real limit, else generic. */
export function injectedFaultError(rule: RenderedFault): ManagementApiError {
  if (rule.status === 429) return tooManyRequests();
  return new ManagementApiError(rule.status, STATUS_CODES[rule.status] ?? 'Error');
}
