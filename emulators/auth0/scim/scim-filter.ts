// SCIM filters and attribute paths (RFC 7644 §3.4.2.2, §3.5.2): the parser and the evaluator.
// Auth0's SCIM server supports the `eq` comparison joined with `and` / `or` (and parentheses);
// every other operator is a 400 invalidFilter. Attribute paths may carry a schema URN prefix
// (`urn:…:enterprise:2.0:User:department`), a sub-attribute (`name.givenName`) and a value filter
// on a multi-valued attribute (`emails[primary eq true].value`) — the same path grammar serves
// filters, PATCH paths and the attribute mapping. Attribute names are case-insensitive.
// Hand-written, not `scim2-parse-filter`: its 0.2.10 overflows the stack on deeply nested
// parentheses (no depth bound) and answers bad input with texts of its own (`unexpected token`).
import { MAX_EXPRESSION_DEPTH } from '../../shared/request-parsers.ts';
import { evaluateJunctions, NestingLimit, parseJunctions, type Junction } from '../../shared/expression-parsing.ts';
import { CORE_SCHEMAS, EXTENSION_SCHEMAS } from './scim-schemas.ts';
import { scimErrors, type ScimError } from './scim-error.ts';
import { isObject, type JsonObject } from '../json-object.ts';

export type FilterValue = string | number | boolean | null;

export interface AttributePath {
  /** Extension schema URN the attribute belongs to (absent for core attributes). */
  schema?: string;
  attribute: string;
  /** Value filter on a multi-valued attribute: `emails[type eq "work"]`. */
  filter?: FilterNode;
  subAttribute?: string;
}

export type FilterNode = Junction<{ kind: 'eq'; path: AttributePath; value: FilterValue }>;

const OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);
const NAME = /^[A-Za-z$][\w$-]*$/;
/** Attributes compared case-exactly (RFC 7643 §3.1: id and externalId are caseExact). */
const CASE_EXACT = new Set(['id', 'externalid']);

interface Token {
  type: 'word' | 'string' | '(' | ')' | '[' | ']';
  text: string;
  value?: string;
  start: number;
  end: number;
}

function tokenize(text: string, fail: (detail: string) => ScimError): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if ('()[]'.includes(c)) {
      tokens.push({ type: c as Token['type'], text: c, start: i, end: i + 1 });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw fail(`Unterminated string starting at position ${i}`);
      const raw = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(raw) as string;
      } catch {
        throw fail(`Invalid string literal ${raw}`);
      }
      tokens.push({ type: 'string', text: raw, value, start: i, end: j + 1 });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j])) j++;
      tokens.push({ type: 'word', text: text.slice(i, j), start: i, end: j });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  #i = 0;
  readonly #limit: NestingLimit;
  constructor(
    private readonly tokens: Token[],
    private readonly fail: (detail: string) => ScimError,
  ) {
    this.#limit = new NestingLimit(() => fail(`the expression nests more than ${MAX_EXPRESSION_DEPTH} levels deep`));
  }

  get done(): boolean {
    return this.#i >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.#i];
  }

  next(): Token {
    const token = this.tokens[this.#i++];
    if (!token) throw this.fail('Unexpected end of expression');
    return token;
  }

  keyword(word: string): boolean {
    const token = this.peek();
    if (token?.type === 'word' && token.text.toLowerCase() === word) {
      this.#i++;
      return true;
    }
    return false;
  }

  expect(type: Token['type']): Token {
    const token = this.next();
    if (token.type !== type) throw this.fail(`Expected "${type}" at position ${token.start}, found "${token.text}"`);
    return token;
  }

  or(): FilterNode {
    return parseJunctions(
      () => this.unary(),
      word => this.keyword(word),
    );
  }

  unary(): FilterNode {
    const token = this.peek();
    if (token?.type === 'word' && token.text.toLowerCase() === 'not')
      throw scimErrors.invalidFilter('The "not" operator is not supported; supported: eq, and, or');
    if (token?.type === '(') {
      this.next();
      const inner = this.nested(() => this.or());
      this.expect(')');
      return inner;
    }
    return this.comparison();
  }

  /** One level deeper (parentheses, value filters): the parser recurses per level, so the depth is bounded. */
  nested<T>(parse: () => T): T {
    return this.#limit.nested(parse);
  }

  comparison(): FilterNode {
    const path = this.path();
    const operator = this.next();
    const op = operator.text.toLowerCase();
    if (operator.type !== 'word' || !OPERATORS.has(op))
      throw this.fail(`Expected a comparison operator at position ${operator.start}, found "${operator.text}"`);
    if (op !== 'eq') throw scimErrors.invalidFilter(`The "${op}" operator is not supported; supported: eq, and, or`);
    return { kind: 'eq', path, value: this.value() };
  }

  value(): FilterValue {
    const token = this.next();
    if (token.type === 'string') return token.value!;
    if (token.type === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token.text)) return Number(token.text);
    }
    throw this.fail(`Expected a value (a "string", true, false, null or a number) at position ${token.start}, found "${token.text}"`);
  }

  path(): AttributePath {
    const word = this.next();
    if (word.type !== 'word') throw this.fail(`Expected an attribute name at position ${word.start}, found "${word.text}"`);
    const path = attributeWord(word.text, this.fail);
    const open = this.peek();
    if (open?.type === '[' && open.start === word.end) {
      if (path.subAttribute) throw this.fail(`A value filter cannot follow a sub-attribute ("${word.text}")`);
      this.next();
      path.filter = this.nested(() => this.or());
      const close = this.expect(']');
      const sub = this.peek();
      if (sub?.type === 'word' && sub.start === close.end && sub.text.startsWith('.')) {
        this.next();
        const name = sub.text.slice(1);
        if (!NAME.test(name)) throw this.fail(`Invalid sub-attribute "${name}"`);
        path.subAttribute = name;
      }
    }
    return path;
  }
}

/**
 * `attr`, `attr.sub`, `urn:…:Schema:attr[.sub]`, and `urn:…:Schema.attr[.sub]`, the form Auth0's
 * default mappings use for enterprise attributes (docs/fidelity.md#auth0-scim-configuration-and-tokens).
 */
function attributeWord(text: string, fail: (detail: string) => ScimError): AttributePath {
  let schema: string | undefined;
  let rest = text;
  if (/^urn:/i.test(text)) {
    const colon = text.lastIndexOf(':');
    schema = text.slice(0, colon);
    rest = text.slice(colon + 1);
    const [resource, ...attributeParts] = rest.split('.');
    const dotted = `${schema}:${resource}`;
    if (attributeParts.length && (EXTENSION_SCHEMAS.has(dotted.toLowerCase()) || CORE_SCHEMAS.has(dotted.toLowerCase()))) {
      schema = dotted;
      rest = attributeParts.join('.');
    }
    if (CORE_SCHEMAS.has(schema.toLowerCase())) schema = undefined;
    else if (!EXTENSION_SCHEMAS.has(schema.toLowerCase())) throw fail(`Unknown schema "${schema}"`);
  }
  const [attribute, subAttribute, ...extra] = rest.split('.');
  if (!NAME.test(attribute ?? '') || (subAttribute !== undefined && !NAME.test(subAttribute)) || extra.length) throw fail(`Invalid attribute path "${text}"`);
  return { schema, attribute, ...(subAttribute !== undefined ? { subAttribute } : {}) };
}

/** Parses a `filter` query parameter. */
export function parseFilter(text: string): FilterNode {
  const fail = (detail: string) => scimErrors.invalidFilter(`Invalid filter: ${detail}`);
  const parser = new Parser(tokenize(text, fail), fail);
  if (parser.done) throw fail('the filter is empty');
  const node = parser.or();
  if (!parser.done) throw fail(`unexpected "${parser.peek()!.text}" at position ${parser.peek()!.start}`);
  return node;
}

/** Parses an attribute path (PATCH `path`, mapping entries). */
export function parseAttributePath(text: string): AttributePath {
  const fail = (detail: string) => scimErrors.invalidPath(`Invalid path "${text}": ${detail}`);
  if (/^urn:/i.test(text) && isSchemaUrn(text)) throw fail('a schema URN names no attribute');
  const parser = new Parser(tokenize(text, fail), fail);
  const path = parser.path();
  if (!parser.done) throw fail(`unexpected "${parser.peek()!.text}"`);
  return path;
}

export function isSchemaUrn(text: string): boolean {
  const lower = text.toLowerCase();
  return CORE_SCHEMAS.has(lower) || EXTENSION_SCHEMAS.has(lower);
}

// ---- evaluation over a resource (a plain JSON object) ----

export { isObject, type JsonObject };

/** The key of `object` that matches `name` case-insensitively. */
export function keyOf(object: JsonObject, name: string): string | undefined {
  if (name in object) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find(k => k.toLowerCase() === lower);
}

function containerOf(resource: JsonObject, path: AttributePath, create: boolean): JsonObject | undefined {
  if (!path.schema) return resource;
  const key = keyOf(resource, path.schema);
  if (key && isObject(resource[key])) return resource[key] as JsonObject;
  if (!create) return undefined;
  const container: JsonObject = {};
  resource[key ?? path.schema] = container;
  return container;
}

/** Every value at `path` (multi-valued attributes flattened). */
export function valuesAt(resource: JsonObject, path: AttributePath): unknown[] {
  const container = containerOf(resource, path, false);
  if (!container) return [];
  const key = keyOf(container, path.attribute);
  if (key === undefined) return [];
  const raw = container[key];
  let elements = Array.isArray(raw) ? raw : [raw];
  if (path.filter) elements = elements.filter(e => isObject(e) && matches(path.filter!, e));
  if (path.subAttribute === undefined) return elements.filter(v => v !== undefined && v !== null);
  return elements.flatMap(e => {
    if (!isObject(e)) return [];
    const sub = keyOf(e, path.subAttribute!);
    const v = sub === undefined ? undefined : e[sub];
    return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
  });
}

/** The first value at `path`, if any. */
export function valueAt(resource: JsonObject, path: AttributePath): unknown {
  return valuesAt(resource, path)[0];
}

export function matches(node: FilterNode, resource: JsonObject): boolean {
  return evaluateJunctions(node, comparison => comparisonMatches(comparison, resource));
}

function comparisonMatches(node: { kind: 'eq'; path: AttributePath; value: FilterValue }, resource: JsonObject): boolean {
  const caseExact = !node.path.schema && !node.path.subAttribute && CASE_EXACT.has(node.path.attribute.toLowerCase());
  const candidates = valuesAt(resource, node.path);
  if (node.value === null) return candidates.length === 0;
  return candidates.some(candidate => equal(candidate, node.value, caseExact));
}

function equal(candidate: unknown, value: FilterValue, caseExact: boolean): boolean {
  if (typeof value === 'string' && typeof candidate === 'string') return caseExact ? candidate === value : candidate.toLowerCase() === value.toLowerCase();
  return candidate === value;
}

/** Sets the value at `path`, creating containers; a value filter finds (or seeds) the element. */
export function setAt(resource: JsonObject, path: AttributePath, value: unknown): void {
  const container = containerOf(resource, path, true)!;
  const key = keyOf(container, path.attribute) ?? path.attribute;
  if (path.filter) {
    const list = Array.isArray(container[key]) ? (container[key] as unknown[]) : ((container[key] = []) as unknown[]);
    let element = list.find(e => isObject(e) && matches(path.filter!, e)) as JsonObject | undefined;
    if (!element) {
      element = seedFrom(path.filter);
      list.push(element);
    }
    if (path.subAttribute === undefined) {
      if (!isObject(value)) throw scimErrors.invalidValue(`The value for "${path.attribute}[…]" must be an object`);
      Object.assign(element, value);
    } else element[keyOf(element, path.subAttribute) ?? path.subAttribute] = value;
    return;
  }
  if (path.subAttribute !== undefined) {
    const parent = isObject(container[key]) ? (container[key] as JsonObject) : ((container[key] = {}) as JsonObject);
    parent[keyOf(parent, path.subAttribute) ?? path.subAttribute] = value;
    return;
  }
  container[key] = value;
}

/** Removes what `path` names: an attribute, a sub-attribute, or the elements a value filter matches. */
export function removeAt(resource: JsonObject, path: AttributePath): void {
  const container = containerOf(resource, path, false);
  if (!container) return;
  const key = keyOf(container, path.attribute);
  if (key === undefined) return;
  if (path.filter) {
    const list = container[key];
    if (!Array.isArray(list)) return;
    if (path.subAttribute === undefined) {
      container[key] = list.filter(e => !(isObject(e) && matches(path.filter!, e)));
    } else {
      for (const e of list) {
        if (!isObject(e) || !matches(path.filter, e)) continue;
        const sub = keyOf(e, path.subAttribute);
        if (sub !== undefined) delete e[sub];
      }
    }
    return;
  }
  if (path.subAttribute !== undefined) {
    const parent = container[key];
    if (isObject(parent)) {
      const sub = keyOf(parent, path.subAttribute);
      if (sub !== undefined) delete parent[sub];
    }
    return;
  }
  delete container[key];
}

/** A new element of a multi-valued attribute that satisfies an `a eq x and b eq y` filter. */
function seedFrom(filter: FilterNode): JsonObject {
  if (filter.kind === 'eq') return { [filter.path.attribute]: filter.value };
  if (filter.kind === 'and') return { ...seedFrom(filter.left), ...seedFrom(filter.right) };
  throw scimErrors.noTarget('No element matches the value filter, and an "or" filter cannot create one');
}
