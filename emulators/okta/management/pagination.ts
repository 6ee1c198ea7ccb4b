// Cursor pagination with `Link` headers, as Okta does it: `rel="self"` always, `rel="next"` while
// more remain, both absolute (the SDK's node-fetch rejects relative URLs, docs/fidelity.md#requests-answers-and-errors), one
// header line each. `after` is opaque to clients; here it encodes the position key of the last item
// returned, so a page boundary survives items being added, and even that item being deleted.
import type { Request, Response } from 'express';
import { failures } from './errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/page-cursor.ts';

export interface PageOptions {
  /** Page size when `limit` is absent. */
  defaultLimit: number;
  /** Larger `limit` values are capped to this. */
  maxLimit: number;
  /** false: one page only, never a `next` link (users' `q` "doesn't support pagination"). */
  paginate?: boolean;
}

/**
 * Cuts the page `after`/`limit` ask for out of `items` (already in list order), writes the `Link`
 * headers and returns the page. `keyOf` gives each item a unique key that grows along the list
 * order (e.g. created + id for lists in creation order): the next page starts after the cursor's
 * item, or, if that item is gone, at the first key above the cursor's.
 */
export function paginate<T>(req: Request, res: Response, origin: string, items: T[], keyOf: (item: T) => string, options: PageOptions): T[] {
  const limit = pageLimit(req, options);
  const afterKey = afterKeyOf(req.query.after);
  const keyed = items.map(item => ({ item, key: keyOf(item) }));
  let remaining = keyed;
  if (afterKey !== undefined) {
    const index = keyed.findIndex(entry => entry.key === afterKey);
    remaining = index >= 0 ? keyed.slice(index + 1) : keyed.filter(entry => entry.key > afterKey);
  }
  const page = remaining.slice(0, limit);

  const base = origin + req.baseUrl + req.path;
  const requestQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
  res.append('Link', `<${base}${requestQuery}>; rel="self"`);
  if (options.paginate !== false && remaining.length > page.length && page.length > 0) {
    const cursor = encodeCursor(page[page.length - 1].key);
    res.append('Link', `<${base}${queryString(req, { after: cursor, limit: String(limit) })}>; rel="next"`);
  }
  return page.map(entry => entry.item);
}

/**
 * `limit`: an int32 (Okta's parameter type), at least 1 (the minimum the spec gives its list
 * endpoints), else 400 E0000001; above the endpoint's maximum it is capped, as Okta documents.
 */
function pageLimit(req: Request, options: PageOptions): number {
  const raw = req.query.limit;
  if (raw === undefined) return options.defaultLimit;
  const text = Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw);
  const limit = Number(text.trim());
  if (!/^-?\d+$/.test(text.trim()) || limit > 2 ** 31 - 1 || limit < -(2 ** 31))
    throw failures.validation([{ field: 'limit', message: `'${text}' is not a valid number.` }]);
  if (limit < 1) throw failures.validation([{ field: 'limit', message: 'The value must be at least 1.' }]);
  return Math.min(limit, options.maxLimit);
}

/** The key inside `after`; a cursor this org did not issue is refused in Okta's words. */
function afterKeyOf(raw: unknown): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const key = decodeCursor(Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw));
  if (key === undefined) throw failures.validation([{ field: 'after', message: 'The cursor is not valid for this list.' }]);
  return key;
}

/** The request's own query string with `overrides` replacing (or appending) parameters. */
function queryString(req: Request, overrides: Record<string, string>): string {
  const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  const pairs: [string, string][] = [];
  const pending = new Map(Object.entries(overrides));
  for (const part of rawQuery.split('&')) {
    if (!part) continue;
    const equals = part.indexOf('=');
    const name = decodeParam(equals < 0 ? part : part.slice(0, equals));
    if (pending.has(name)) {
      pairs.push([name, pending.get(name)!]);
      pending.delete(name);
    } else if (!(name in overrides)) {
      pairs.push([name, equals < 0 ? '' : decodeParam(part.slice(equals + 1))]);
    }
  }
  for (const [name, value] of pending) pairs.push([name, value]);
  // `after` first, then `limit`, as Okta writes its next links.
  pairs.sort((a, b) => order(a[0]) - order(b[0]));
  return pairs.length ? '?' + pairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&') : '';
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function order(name: string): number {
  return name === 'after' ? 0 : name === 'limit' ? 1 : 2;
}
