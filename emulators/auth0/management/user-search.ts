// The `q` of GET /api/v2/users (search engine v3): a Lucene query string. Supported: field:value,
// field:"exact phrase", wildcards (* ?) in unquoted values, ranges [a TO b] / {a TO b} (* open),
// _exists_:field, AND / OR / NOT (also && || - +), parentheses, field:(a OR b); juxtaposed terms are
// OR-ed, as in Lucene. Dotted paths reach into objects and arrays (identities.connection,
// app_metadata.plan); email.domain is the part after '@'. Values of the normalised fields
// (email, name, given_name, family_name, nickname) match case-insensitively, all others
// case-sensitively — as Auth0 documents (manage-users/user-search/user-search-query-syntax).
// Hand-written, not `liqe`: liqe 3.8.7 overflows the stack on deeply nested parentheses (no depth
// bound) and words its errors its own way ("Syntax error at line 1 column 7"), not as Auth0 does.
import { MAX_EXPRESSION_DEPTH } from '../../shared/request-parsers.ts';
import { NestingLimit } from '../../shared/expression-parsing.ts';
import { queryError } from './errors.ts';

export type UserRecord = Record<string, unknown>;
export type UserPredicate = (user: UserRecord) => boolean;

const CASE_INSENSITIVE = new Set(['email', 'name', 'given_name', 'family_name', 'nickname', 'email.domain']);
const DEFAULT_FIELDS = ['name', 'email', 'nickname', 'given_name', 'family_name', 'username', 'user_id'];

type Value =
  | { kind: 'word'; text: string }
  | { kind: 'phrase'; text: string }
  | { kind: 'range'; low: string; high: string; lowInclusive: boolean; highInclusive: boolean };

export function parseUserQuery(q: string): UserPredicate {
  const parser = new QueryParser(q);
  const predicate = parser.parseQuery();
  return predicate;
}

class QueryParser {
  #pos = 0;
  readonly #limit = new NestingLimit(() => this.#error(`the query nests more than ${MAX_EXPRESSION_DEPTH} levels deep`));
  constructor(private readonly text: string) {}

  parseQuery(): UserPredicate {
    this.#skipSpace();
    if (this.#atEnd()) return () => true;
    const predicate = this.#parseOr(undefined);
    this.#skipSpace();
    if (!this.#atEnd()) this.#fail(this.#peek() === ')' ? 'unbalanced parenthesis' : `unexpected "${this.#peek()}"`);
    return predicate;
  }

  #parseOr(field: string | undefined): UserPredicate {
    const parts = [this.#parseAnd(field)];
    for (;;) {
      this.#skipSpace();
      if (this.#atEnd() || this.#peek() === ')') break;
      if (this.#keyword('OR') || this.#symbol('||')) parts.push(this.#parseAnd(field));
      else if (/^(NOT[\s(]|[-!])/.test(this.text.slice(this.#pos))) {
        // A prohibited clause excludes from what precedes it: "a NOT b" is "a AND NOT b".
        const kept = parts.pop()!;
        const excluded = this.#parseAnd(field);
        parts.push(user => kept(user) && excluded(user));
      } else parts.push(this.#parseAnd(field)); // juxtaposition: Lucene's default operator, OR
    }
    return parts.length === 1 ? parts[0] : user => parts.some(p => p(user));
  }

  #parseAnd(field: string | undefined): UserPredicate {
    const parts = [this.#parseUnary(field)];
    for (;;) {
      this.#skipSpace();
      if (this.#keyword('AND') || this.#symbol('&&')) parts.push(this.#parseUnary(field));
      else break;
    }
    return parts.length === 1 ? parts[0] : user => parts.every(p => p(user));
  }

  #parseUnary(field: string | undefined): UserPredicate {
    this.#skipSpace();
    if (this.#keyword('NOT') || this.#symbol('-') || this.#symbol('!')) {
      const inner = this.#nested(() => this.#parseUnary(field));
      return user => !inner(user);
    }
    this.#symbol('+');
    return this.#parsePrimary(field);
  }

  #parsePrimary(field: string | undefined): UserPredicate {
    this.#skipSpace();
    if (this.#atEnd()) this.#fail('the query ends where a term was expected');
    if (this.#symbol('(')) {
      const inner = this.#nested(() => this.#parseOr(field));
      this.#skipSpace();
      if (!this.#symbol(')')) this.#fail('unbalanced parenthesis');
      return inner;
    }
    const fieldMatch = /^([A-Za-z0-9_$@-]+(?:\.[A-Za-z0-9_$@-]+)*):/.exec(this.text.slice(this.#pos));
    if (fieldMatch) {
      this.#pos += fieldMatch[0].length;
      const name = fieldMatch[1];
      if (this.#symbol('(')) {
        const inner = this.#nested(() => this.#parseOr(name));
        this.#skipSpace();
        if (!this.#symbol(')')) this.#fail('unbalanced parenthesis');
        return inner;
      }
      const value = this.#parseValue();
      if (name === '_exists_') {
        const path = value.kind === 'range' ? this.#fail('_exists_ takes a field name') : value.text;
        return user => valuesAt(user, path).some(v => v !== null && v !== undefined);
      }
      return termPredicate(name, value);
    }
    const value = this.#parseValue();
    if (field) return termPredicate(field, value);
    return user => DEFAULT_FIELDS.some(f => termPredicate(f, value)(user));
  }

  #parseValue(): Value {
    const c = this.#peek();
    if (c === undefined || /\s/.test(c)) this.#fail('a field name must be followed by a value');
    if (c === '"') return { kind: 'phrase', text: this.#readQuoted() };
    if (c === '[' || c === '{') return this.#readRange();
    const text = this.#readWord();
    if (!text) this.#fail(`unexpected "${c}"`);
    return { kind: 'word', text };
  }

  #readQuoted(): string {
    this.#pos++; // opening quote
    let out = '';
    while (!this.#atEnd()) {
      const c = this.text[this.#pos++];
      if (c === '\\' && !this.#atEnd()) out += this.text[this.#pos++];
      else if (c === '"') return out;
      else out += c;
    }
    this.#fail('unterminated quoted phrase');
  }

  #readWord(): string {
    let out = '';
    while (!this.#atEnd()) {
      const c = this.text[this.#pos];
      if (/\s/.test(c) || c === '(' || c === ')') break;
      if (c === '\\' && this.#pos + 1 < this.text.length) {
        out += '\\' + this.text[this.#pos + 1]; // kept escaped so wildcard expansion can tell
        this.#pos += 2;
        continue;
      }
      out += c;
      this.#pos++;
    }
    return out;
  }

  #readRange(): Value {
    const lowInclusive = this.text[this.#pos++] === '[';
    const match = /^\s*("(?:[^"\\]|\\.)*"|[^\s\]}]+)\s+TO\s+("(?:[^"\\]|\\.)*"|[^\s\]}]+)\s*([\]}])/.exec(this.text.slice(this.#pos));
    if (!match) this.#fail('malformed range; expected [low TO high]');
    this.#pos += match[0].length;
    const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s);
    return { kind: 'range', low: unquote(match[1]), high: unquote(match[2]), lowInclusive, highInclusive: match[3] === ']' };
  }

  #keyword(word: string): boolean {
    const rest = this.text.slice(this.#pos);
    if (rest.startsWith(word) && (rest.length === word.length || /[\s(]/.test(rest[word.length]))) {
      this.#pos += word.length;
      return true;
    }
    return false;
  }

  #symbol(symbol: string): boolean {
    if (this.text.startsWith(symbol, this.#pos)) {
      this.#pos += symbol.length;
      return true;
    }
    return false;
  }

  #peek(): string | undefined {
    return this.text[this.#pos];
  }

  #atEnd(): boolean {
    return this.#pos >= this.text.length;
  }

  #skipSpace(): void {
    while (!this.#atEnd() && /\s/.test(this.text[this.#pos])) this.#pos++;
  }

  /** One level deeper (parentheses, NOT): the parser recurses per level, so the depth is bounded. */
  #nested<T>(parse: () => T): T {
    return this.#limit.nested(parse);
  }

  #fail(reason: string): never {
    throw this.#error(reason);
  }

  #error(reason: string): Error {
    return queryError(`Invalid query string: ${reason} (at character ${this.#pos + 1})`, 'q');
  }
}

/** The scalar values at a dotted path; arrays are flattened at every level. */
export function valuesAt(user: UserRecord, path: string): unknown[] {
  if (path === 'email.domain') {
    const email = user.email;
    return typeof email === 'string' && email.includes('@') ? [email.slice(email.lastIndexOf('@') + 1)] : [];
  }
  let current: unknown[] = [user];
  for (const key of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const member = (value as Record<string, unknown>)[key];
        if (Array.isArray(member)) next.push(...member);
        else if (member !== undefined) next.push(member);
      }
    }
    current = next;
  }
  return current.flatMap(v => (Array.isArray(v) ? v : [v]));
}

function termPredicate(field: string, value: Value): UserPredicate {
  const fold = CASE_INSENSITIVE.has(field) ? (s: string) => s.toLowerCase() : (s: string) => s;
  const test = valueTest(value, fold);
  return user => valuesAt(user, field).some(v => v !== null && typeof v !== 'object' && test(String(v)));
}

function valueTest(value: Value, fold: (s: string) => string): (candidate: string) => boolean {
  if (value.kind === 'range') {
    const { low, high, lowInclusive, highInclusive } = value;
    return candidate => {
      const numeric = !Number.isNaN(Number(candidate)) && (low === '*' || !Number.isNaN(Number(low))) && (high === '*' || !Number.isNaN(Number(high)));
      const cmp = (a: string, b: string) => (numeric ? Number(a) - Number(b) : fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : 0);
      const aboveLow = low === '*' || (lowInclusive ? cmp(candidate, low) >= 0 : cmp(candidate, low) > 0);
      const belowHigh = high === '*' || (highInclusive ? cmp(candidate, high) <= 0 : cmp(candidate, high) < 0);
      return aboveLow && belowHigh;
    };
  }
  if (value.kind === 'phrase') {
    const wanted = fold(value.text);
    return candidate => fold(candidate) === wanted || containsPhrase(fold(candidate), wanted);
  }
  if (/(?<!\\)[*?]/.test(value.text)) {
    const pattern = new RegExp(`^${wildcardSource(fold(value.text))}$`, 's');
    return candidate => pattern.test(fold(candidate));
  }
  const wanted = fold(value.text.replace(/\\(.)/g, '$1'));
  return candidate => fold(candidate) === wanted || fold(candidate).split(/\s+/).includes(wanted);
}

/** Whether the words of `phrase` appear in `text` in order, next to each other. */
function containsPhrase(text: string, phrase: string): boolean {
  const words = text.split(/\s+/);
  const wanted = phrase.split(/\s+/).filter(Boolean);
  if (!wanted.length || wanted.length > words.length) return false;
  for (let i = 0; i + wanted.length <= words.length; i++) if (wanted.every((w, j) => words[i + j] === w)) return true;
  return false;
}

function wildcardSource(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) out += escapeRegExp(text[++i]);
    else if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else out += escapeRegExp(c);
  }
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
