// Okta's filter/search expression language (SCIM-like): `attr op "value"` comparisons joined by
// `and` / `or`, with parentheses; `pr` takes no value. Operators and the logical words are case
// insensitive; attribute names are kept as written (callers decide whether case matters).
// Anything unparsable, or nested deeper than MAX_EXPRESSION_DEPTH parentheses, is 400 E0000031
// "Invalid search criteria." (+ "Invalid search syntax.").
import { evaluateJunctions, leavesOf, NestingLimit, parseJunctions, type Junction } from '../../shared/expression-parsing.ts';
import { failures } from './errors.ts';

export type Operator = 'eq' | 'ne' | 'sw' | 'co' | 'ew' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
const OPERATORS: Operator[] = ['eq', 'ne', 'sw', 'co', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'];

export interface Comparison {
  kind: 'compare';
  attribute: string;
  operator: Operator;
  /** A quoted string, a number, true/false or null; absent for `pr`. */
  value?: string | number | boolean | null;
}

export type Expression = Junction<Comparison>;

type Token = { type: 'word'; text: string } | { type: 'string'; text: string } | { type: '(' | ')' };

export function parseExpression(input: string): Expression {
  const tokens = tokenize(input);
  let position = 0;
  const limit = new NestingLimit(() => failures.invalidSearch());
  const accept = (word: string) => {
    const token = tokens[position];
    if (token?.type !== 'word' || token.text.toLowerCase() !== word) return false;
    position++;
    return true;
  };

  const parseOr = (): Expression => parseJunctions(parsePrimary, accept);
  const parsePrimary = (): Expression => {
    const token = tokens[position++];
    if (!token) throw failures.invalidSearch();
    if (token.type === '(') {
      return limit.nested(() => {
        const inner = parseOr();
        if (tokens[position++]?.type !== ')') throw failures.invalidSearch();
        return inner;
      });
    }
    if (token.type !== 'word' || ['and', 'or', 'not'].includes(token.text.toLowerCase())) throw failures.invalidSearch();
    const operatorToken = tokens[position++];
    if (operatorToken?.type !== 'word') throw failures.invalidSearch();
    const operator = operatorToken.text.toLowerCase() as Operator;
    if (!OPERATORS.includes(operator)) throw failures.invalidSearch();
    if (operator === 'pr') return { kind: 'compare', attribute: token.text, operator };
    const valueToken = tokens[position++];
    if (!valueToken) throw failures.invalidSearch();
    if (valueToken.type === 'string') return { kind: 'compare', attribute: token.text, operator, value: valueToken.text };
    if (valueToken.type !== 'word') throw failures.invalidSearch();
    return { kind: 'compare', attribute: token.text, operator, value: literal(valueToken.text) };
  };

  const expression = parseOr();
  if (position !== tokens.length) throw failures.invalidSearch();
  return expression;
}

/** Every comparison in the expression, for up-front validation of attributes and operators. */
export const comparisons: (expression: Expression) => Comparison[] = leavesOf;

export const evaluate: (expression: Expression, test: (comparison: Comparison) => boolean) => boolean = evaluateJunctions;

function literal(text: string): number | boolean | null {
  if (/^true$/i.test(text)) return true;
  if (/^false$/i.test(text)) return false;
  if (/^null$/i.test(text)) return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw failures.invalidSearch();
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i];
    if (/\s/.test(char)) {
      i++;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char });
      i++;
    } else if (char === '"') {
      let text = '';
      i++;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\' && i + 1 < input.length) i++;
        text += input[i++];
      }
      if (input[i] !== '"') throw failures.invalidSearch();
      i++;
      tokens.push({ type: 'string', text });
    } else {
      let text = '';
      while (i < input.length && !/[\s()"]/.test(input[i])) text += input[i++];
      tokens.push({ type: 'word', text });
    }
  }
  if (tokens.length === 0) throw failures.invalidSearch();
  return tokens;
}

/**
 * Keeps the items matching a `filter` in which every comparison is `attribute eq "string"` over a
 * known attribute; anything else is 400 E0000031 "Invalid search criteria.". An attribute with
 * several values (a list) matches when one of them is equal.
 */
export function filterByEquality<T>(items: T[], filter: string, attributes: Record<string, (item: T) => unknown>): T[] {
  const expression = parseExpression(filter);
  for (const c of comparisons(expression))
    if (!Object.hasOwn(attributes, c.attribute) || c.operator !== 'eq' || typeof c.value !== 'string') throw failures.invalidSearch();
  const equals = (value: unknown, wanted: unknown) => (Array.isArray(value) ? value.includes(wanted) : value === wanted);
  return items.filter(item => evaluate(expression, c => equals(attributes[c.attribute](item), c.value)));
}
