// The two pagination styles of the Management API (docs/fidelity.md#auth0-management-api-conventions):
// - offset: page/per_page, envelope {start, limit, length, total, <items>} with include_totals,
//   a bare array without it; a page past the end is EMPTY (the SDK iterates until it gets one);
// - checkpoint: from/take, envelope {<items>, next?}; `next` is opaque and absent on the last page.
import type { Request } from 'express';
import { queryError } from './errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/page-cursor.ts';
import { booleanParam, has, integerParam, stringParam } from './query-parameters.ts';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;

export interface OffsetRequest {
  page: number;
  perPage: number;
  includeTotals: boolean;
}

export function offsetRequest(req: Request): OffsetRequest {
  return {
    page: integerParam(req, 'page', { min: 0 }) ?? 0,
    perPage: integerParam(req, 'per_page', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE,
    includeTotals: booleanParam(req, 'include_totals') ?? false,
  };
}

/**
 * The offset page of `items`, in the envelope named `key` (or a bare array without include_totals).
 * Users and clients envelopes carry `length`; the connections one was recorded without it; the
 * clients one also carries `next` (recorded as "").
 */
export function offsetPage<T>(items: T[], request: OffsetRequest, key: string, withLength = true, withNext = false): T[] | Record<string, unknown> {
  const start = request.page * request.perPage;
  const slice = items.slice(start, start + request.perPage);
  if (!request.includeTotals) return slice;
  return {
    start,
    limit: request.perPage,
    ...(withLength ? { length: slice.length } : {}),
    total: items.length,
    ...(withNext ? { next: '' } : {}),
    [key]: slice,
  };
}

export interface CheckpointRequest {
  offset: number;
  take: number;
}

/** Whether the caller asked for checkpoint pagination (the SDK always sends `take`). */
export function wantsCheckpoint(req: Request): boolean {
  return has(req, 'take') || has(req, 'from');
}

export function checkpointRequest(req: Request): CheckpointRequest {
  const from = stringParam(req, 'from');
  return {
    offset: from === undefined || from === '' ? 0 : decodeCheckpoint(from),
    take: integerParam(req, 'take', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE,
  };
}

export function checkpointPage<T>(items: T[], request: CheckpointRequest, key: string): Record<string, unknown> {
  const end = request.offset + request.take;
  const page = items.slice(request.offset, end);
  return end < items.length ? { [key]: page, next: encodeCheckpoint(end) } : { [key]: page };
}

function encodeCheckpoint(offset: number): string {
  return encodeCursor(JSON.stringify({ o: offset }));
}

function decodeCheckpoint(from: string): number {
  try {
    const { o } = JSON.parse(decodeCursor(from) ?? '') as { o?: unknown };
    if (Number.isInteger(o) && (o as number) >= 0) return o as number;
  } catch {
    // fall through
  }
  throw queryError('Invalid checkpoint: the value of "from" was not returned as "next" by this endpoint', 'from');
}
