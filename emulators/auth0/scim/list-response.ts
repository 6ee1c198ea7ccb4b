// SCIM ListResponse (RFC 7644 §3.4.2): integer totalResults / startIndex / itemsPerPage and the
// page of Resources, paged by 1-based startIndex and count. Okta's SCIM client asks with
// startIndex=1&count=100 and needs the counts to be integers (docs/fidelity.md#universal-logout-sender-and-scim-push).
import type { Request } from 'express';
import { SCIM_SCHEMAS } from './scim-schemas.ts';
import { scimErrors } from './scim-error.ts';

const DEFAULT_COUNT = 100;
const MAX_COUNT = 100;

export interface PageRequest {
  startIndex: number;
  count: number;
}

export function pageRequest(req: Request): PageRequest {
  return {
    startIndex: Math.max(1, integerParam(req, 'startIndex') ?? 1),
    count: Math.min(MAX_COUNT, Math.max(0, integerParam(req, 'count') ?? DEFAULT_COUNT)),
  };
}

export function listResponse<T>(all: T[], page: PageRequest) {
  const resources = all.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
  return {
    schemas: [SCIM_SCHEMAS.listResponse],
    totalResults: all.length,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function integerParam(req: Request, name: string): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^-?\d+$/.test(raw)) throw scimErrors.invalidValue(`"${name}" must be an integer`);
  return Number(raw);
}
