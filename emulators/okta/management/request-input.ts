// Reading what a Management API request carries: the JSON body and typed query parameters, with
// Okta's errors when they are unusable.
import type { Request } from 'express';
import { failures } from './errors.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body of a create/replace/update call: a JSON object, else 400 E0000003. */
export function objectBody(req: Request): JsonObject {
  if (!isObject(req.body)) throw failures.malformedBody();
  return req.body;
}

/** The body where Okta accepts none (lifecycle calls send no body, assignments may send `{}`). */
export function optionalObjectBody(req: Request): JsonObject {
  if (req.body === undefined) return {};
  return objectBody(req);
}

/**
 * `filter[a]=b`, `search[]=…` or a search parameter given twice: not a search Okta can read, and
 * ignoring it would list everything. 400 E0000031, like any search Okta cannot parse.
 */
export function rejectStructuredSearch(req: Request): void {
  for (const [name, value] of Object.entries(req.query)) {
    const base = /^([^[\]]+)\[/.exec(name)?.[1] ?? name;
    if (SEARCH_PARAMETERS.has(base) && (base !== name || Array.isArray(value))) throw failures.invalidSearch();
  }
}

const SEARCH_PARAMETERS = new Set(['filter', 'search', 'q']);

export function stringParam(req: Request, name: string): string | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw);
}

export function booleanParam(req: Request, name: string, defaultValue: boolean): boolean {
  const raw = stringParam(req, name);
  if (raw === undefined || raw === '') return defaultValue;
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw failures.validation([{ field: name, message: `'${raw}' is not a valid boolean.` }]);
}

/** A path parameter (Express 5 types them loosely). */
export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}
