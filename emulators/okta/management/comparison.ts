// Whether a resource's attribute value satisfies one comparison of a filter/search expression.
import { failures } from './errors.ts';
import type { Comparison } from './filter-expression.ts';

export const RANGE_OPERATORS = ['gt', 'ge', 'lt', 'le'];

export interface ComparisonOptions {
  /** Search compares string values case-insensitively; filter does not. */
  caseInsensitive: boolean;
  /** Timestamps compare as instants, whatever the precision written in the expression. */
  isDate: boolean;
}

export function satisfies(actual: unknown, c: Comparison, options: ComparisonOptions): boolean {
  if (c.operator === 'pr') return actual !== undefined && actual !== null && actual !== '' && !(Array.isArray(actual) && actual.length === 0);
  // A multi-valued attribute matches when any element does (SCIM semantics, as Okta documents).
  const values = Array.isArray(actual) ? actual : [actual];
  return values.some(value => satisfiesOne(value, c, options));
}

function satisfiesOne(actual: unknown, c: Comparison, options: ComparisonOptions): boolean {
  if (actual === undefined || actual === null) return c.value === null && c.operator === 'eq';
  const expected = c.value;
  if (typeof expected !== 'string' || typeof actual !== 'string') {
    if (c.operator !== 'eq' && !RANGE_OPERATORS.includes(c.operator)) return false;
    return order(actual, expected, c.operator);
  }
  if (options.isDate) {
    const b = Date.parse(expected);
    if (Number.isNaN(b)) throw failures.invalidSearch(`'${expected}' is not a valid date.`);
    return order(Date.parse(actual), b, c.operator);
  }
  const a = options.caseInsensitive ? actual.toLowerCase() : actual;
  const b = options.caseInsensitive ? expected.toLowerCase() : expected;
  if (c.operator === 'sw') return a.startsWith(b);
  if (c.operator === 'co') return a.includes(b);
  return order(a, b, c.operator);
}

function order(a: unknown, b: unknown, operator: string): boolean {
  if (operator === 'eq') return a === b;
  if (typeof a !== typeof b || (typeof a !== 'string' && typeof a !== 'number')) return false;
  const x = a as string | number;
  const y = b as string | number;
  if (operator === 'gt') return x > y;
  if (operator === 'ge') return x >= y;
  if (operator === 'lt') return x < y;
  if (operator === 'le') return x <= y;
  return false;
}
