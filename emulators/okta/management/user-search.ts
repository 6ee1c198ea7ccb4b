// Which users `GET /users` returns for `q`, `filter` and `search`, and the page size each implies
// (docs/fidelity.md#users, from the listUsers parameter descriptions of the Okta spec):
// - no parameter: every user except DEPROVISIONED ones; limit 200;
// - `q`: case-insensitive prefix of firstName, lastName or email; excludes DEPROVISIONED; limit 10;
//   no pagination (`limit` only);
// - `filter`: only status, lastUpdated, id, profile.login, profile.email, profile.firstName and
//   profile.lastName, only `eq` (plus gt/ge/lt/le on lastUpdated), `and`/`or`; property names and
//   values case-sensitive; includes DEPROVISIONED;
// - `search`: any profile attribute plus id, status, created, activated, statusChanged,
//   lastUpdated and type.id; `eq`, `sw`, `co` (`co` only on firstName/lastName/email/login), and the
//   range operators the spec's `lt … or … gt` example uses, plus `pr`; no `ne`; property names
//   case-sensitive, string values case-insensitive; includes DEPROVISIONED.
// When several are given, `search` wins over `filter`, which wins over `q`.
import type { Request } from 'express';
import type { UserRecord } from '../store.ts';
import { failures } from './errors.ts';
import { comparisons, evaluate, parseExpression, type Comparison } from './filter-expression.ts';
import { RANGE_OPERATORS, satisfies } from './comparison.ts';
import type { PageOptions } from './pagination.ts';
import { stringParam } from './request-input.ts';

const FILTER_ATTRIBUTES = ['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'];
const SEARCH_TOP_LEVEL = ['id', 'status', 'created', 'activated', 'statusChanged', 'lastUpdated', 'type.id'];
const CONTAINS_ATTRIBUTES = ['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'];
const DATE_ATTRIBUTES = ['created', 'activated', 'statusChanged', 'lastUpdated'];
const SEARCH_OPERATORS = ['eq', 'sw', 'co', 'pr', ...RANGE_OPERATORS];

export interface UserSelection {
  users: UserRecord[];
  page: PageOptions;
}

export function selectUsers(req: Request, all: UserRecord[]): UserSelection {
  const search = stringParam(req, 'search');
  if (search) {
    const expression = parseExpression(search);
    for (const c of comparisons(expression)) checkSearchComparison(c);
    return {
      users: all.filter(user =>
        evaluate(expression, c => satisfies(attributeValue(user, c.attribute), c, { caseInsensitive: true, isDate: DATE_ATTRIBUTES.includes(c.attribute) })),
      ),
      page: { defaultLimit: 200, maxLimit: 200 },
    };
  }
  const filter = stringParam(req, 'filter');
  if (filter) {
    const expression = parseExpression(filter);
    for (const c of comparisons(expression)) checkFilterComparison(c);
    return {
      users: all.filter(user =>
        evaluate(expression, c => satisfies(attributeValue(user, c.attribute), c, { caseInsensitive: false, isDate: DATE_ATTRIBUTES.includes(c.attribute) })),
      ),
      page: { defaultLimit: 200, maxLimit: 200 },
    };
  }
  const active = all.filter(user => user.wire.status !== 'DEPROVISIONED');
  const q = stringParam(req, 'q');
  if (q) {
    const prefix = q.toLowerCase();
    const matches = active.filter(user =>
      [user.wire.profile.firstName, user.wire.profile.lastName, user.wire.profile.email].some(
        value => typeof value === 'string' && value.toLowerCase().startsWith(prefix),
      ),
    );
    return { users: matches, page: { defaultLimit: 10, maxLimit: 200, paginate: false } };
  }
  return { users: active, page: { defaultLimit: 200, maxLimit: 200 } };
}

function checkFilterComparison(c: Comparison): void {
  if (!FILTER_ATTRIBUTES.includes(c.attribute)) throw failures.invalidSearch(`Filtering on '${c.attribute}' is not supported.`);
  const allowed = c.attribute === 'lastUpdated' ? ['eq', ...RANGE_OPERATORS] : ['eq'];
  if (!allowed.includes(c.operator)) throw failures.invalidSearch(`The '${c.operator}' operator is not supported for '${c.attribute}' in a filter.`);
}

function checkSearchComparison(c: Comparison): void {
  if (!c.attribute.startsWith('profile.') && !SEARCH_TOP_LEVEL.includes(c.attribute))
    throw failures.invalidSearch(`Searching on '${c.attribute}' is not supported.`);
  if (!SEARCH_OPERATORS.includes(c.operator)) throw failures.invalidSearch(`The '${c.operator}' operator is not supported in a search.`);
  if (c.operator === 'co' && !CONTAINS_ATTRIBUTES.includes(c.attribute))
    throw failures.invalidSearch(`The 'co' operator is only supported for ${CONTAINS_ATTRIBUTES.join(', ')}.`);
}

function attributeValue(user: UserRecord, attribute: string): unknown {
  if (attribute.startsWith('profile.')) return user.wire.profile[attribute.slice('profile.'.length)];
  if (attribute === 'type.id') return user.wire.type?.id;
  return (user.wire as unknown as Record<string, unknown>)[attribute];
}
