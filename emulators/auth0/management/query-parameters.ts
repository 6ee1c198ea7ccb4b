// Query-string parameters of the Management API, checked with its wording
// ("Query validation error: '…' on property per_page."). Express's simple query parser turns
// repeated keys (strategy=a&strategy=b, as the SDK sends arrays) into arrays.
import type { Request } from 'express';
import { queryError } from './errors.ts';

function raw(req: Request, name: string): string | string[] | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every(v => typeof v === 'string')) return value as string[];
  throw queryError(`Expected type string but found type object`, name);
}

export function has(req: Request, name: string): boolean {
  return raw(req, name) !== undefined;
}

export function stringParam(req: Request, name: string): string | undefined {
  const value = raw(req, name);
  if (Array.isArray(value)) throw queryError('Expected type string but found type array', name);
  return value;
}

/** A parameter that may repeat (strategy=okta&strategy=oidc). */
export function stringListParam(req: Request, name: string): string[] | undefined {
  const value = raw(req, name);
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

export function booleanParam(req: Request, name: string): boolean | undefined {
  const value = stringParam(req, name);
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw queryError(`Expected type boolean but found type string`, name);
}

export function integerParam(req: Request, name: string, limits: { min: number; max?: number }): number | undefined {
  const value = stringParam(req, name);
  if (value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw queryError('Expected type integer but found type string', name);
  const n = Number(value);
  if (n < limits.min) throw queryError(`Value ${n} is less than minimum ${limits.min}`, name);
  if (limits.max !== undefined && n > limits.max) throw queryError(`Value ${n} is greater than maximum ${limits.max}`, name);
  return n;
}
