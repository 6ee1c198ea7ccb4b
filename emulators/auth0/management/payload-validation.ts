// Request-body checks with the Management API's own wording (its JSON-schema validator:
// "Payload validation error: 'Missing required property: name'.", "Additional properties not
// allowed: …", "Expected type string but found type integer", "No enum match for: …").
import { payloadError } from './errors.ts';

export type JsonType = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array' | 'null';

export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** The body (or a nested member) must be a JSON object. */
export function expectObject(value: unknown, property?: string): Record<string, unknown> {
  if (jsonType(value) !== 'object') throw payloadError(`Expected type object but found type ${jsonType(value)}`, property);
  return value as Record<string, unknown>;
}

export function rejectUnknownProperties(body: Record<string, unknown>, allowed: readonly string[], property?: string): void {
  const extra = Object.keys(body).filter(k => !allowed.includes(k));
  if (extra.length) throw payloadError(`Additional properties not allowed: ${extra.join(',')}`, property);
}

export function requireProperties(body: Record<string, unknown>, required: readonly string[], property?: string): void {
  for (const key of required) if (body[key] === undefined) throw payloadError(`Missing required property: ${key}`, property);
}

/** Checks the type of `body[key]` when present. */
export function expectType(body: Record<string, unknown>, key: string, type: JsonType | JsonType[], property = key): void {
  const value = body[key];
  if (value === undefined) return;
  const types = Array.isArray(type) ? type : [type];
  const actual = jsonType(value);
  if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
    throw payloadError(`Expected type ${types.join(',')} but found type ${actual}`, property);
}

export function expectEnum(body: Record<string, unknown>, key: string, values: readonly string[], property = key): void {
  const value = body[key];
  if (value === undefined) return;
  if (typeof value !== 'string' || !values.includes(value)) throw payloadError(`No enum match for: ${JSON.stringify(value)}`, property);
}

/** An array of strings (URL lists, grant types, client ids). */
export function expectStringArray(body: Record<string, unknown>, key: string, property = key): void {
  expectType(body, key, 'array', property);
  const value = body[key];
  if (!Array.isArray(value)) return;
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw payloadError(`Expected type string but found type ${jsonType(item)}`, `${property}[${i}]`);
  });
}

export function expectStringLength(body: Record<string, unknown>, key: string, min: number, max: number, property = key): void {
  const value = body[key];
  if (typeof value !== 'string') return;
  if (value.length < min) throw payloadError(`String is too short (${value.length} chars), minimum ${min}`, property);
  if (value.length > max) throw payloadError(`String is too long (${value.length} chars), maximum ${max}`, property);
}
