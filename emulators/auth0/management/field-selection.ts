// `fields` (comma-separated top-level names) with `include_fields` (default true: keep only
// those; false: drop them), as every Management API read accepts. Some resources answer a few
// members whatever is selected (a connection: its id and status members; docs/fidelity.md#auth0-connections).
import type { Request } from 'express';
import { booleanParam, stringParam } from './query-parameters.ts';

export type FieldSelection = (record: Record<string, unknown>) => Record<string, unknown>;

export function fieldSelection(req: Request, alwaysIncluded: readonly string[] = []): FieldSelection {
  const fields = (stringParam(req, 'fields') ?? '')
    .split(',')
    .map(f => f.trim())
    .filter(Boolean);
  if (!fields.length) return record => record;
  const include = booleanParam(req, 'include_fields') ?? true;
  return record => Object.fromEntries(Object.entries(record).filter(([key]) => (include && alwaysIncluded.includes(key)) || fields.includes(key) === include));
}
