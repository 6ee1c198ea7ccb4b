// Trusted origins (docs/fidelity.md#trusted-origins): POST/GET /trustedOrigins,
// GET/PUT/DELETE /trustedOrigins/{id}, POST /trustedOrigins/{id}/lifecycle/{activate,deactivate}.
// Scopes CORS, REDIRECT, IFRAME_EMBED. Created and changed by the API token's owner.
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import { oktaId, type OktaStore, type WireTrustedOrigin } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { creationTime } from './creation-clock.ts';
import { endpoint } from './endpoint.ts';
import { failures, type FieldProblem } from './errors.ts';
import { filterByEquality } from './filter-expression.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { trustedOriginFromPath } from './lookups.ts';
import { paginate } from './pagination.ts';
import { createdKey, trustedOriginView } from './representations.ts';
import { isObject, objectBody, stringParam, type JsonObject } from './request-input.ts';

const SCOPE_TYPES = ['CORS', 'REDIRECT', 'IFRAME_EMBED'];
const FILTER_ATTRIBUTES: Record<string, (origin: WireTrustedOrigin) => unknown> = {
  name: origin => origin.name,
  origin: origin => origin.origin,
  status: origin => origin.status,
  /** The type of any of its scopes. */
  type: origin => (origin.scopes ?? []).map(scope => scope.type),
};

export function trustedOriginsRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;

  endpoint(router, '/trustedOrigins', {
    post: (req, res) => {
      const definition = trustedOriginDefinition(store, objectBody(req));
      const time = creationTime(store);
      const origin: WireTrustedOrigin = {
        id: oktaId('tos'),
        ...definition,
        status: 'ACTIVE',
        created: time,
        createdBy: store.apiTokenOwnerId,
        lastUpdated: time,
        lastUpdatedBy: store.apiTokenOwnerId,
      };
      store.trustedOrigins.set(origin.id, origin);
      sendJson(res, 200, trustedOriginView(origin, links));
    },
    get: (req, res) => {
      const origins = selectTrustedOrigins(req, [...store.trustedOrigins.values()]);
      const page = paginate(req, res, context.origin, origins, createdKey, { defaultLimit: 20, maxLimit: 200 });
      sendJson(
        res,
        200,
        page.map(origin => trustedOriginView(origin, links)),
      );
    },
  });

  endpoint(router, '/trustedOrigins/:trustedOriginId', {
    get: (req, res) => {
      sendJson(res, 200, trustedOriginView(trustedOriginFromPath(store, req), links));
    },
    put: (req, res) => {
      const origin = trustedOriginFromPath(store, req);
      Object.assign(origin, trustedOriginDefinition(store, objectBody(req), origin.id), {
        lastUpdated: now(),
        lastUpdatedBy: store.apiTokenOwnerId,
      });
      sendJson(res, 200, trustedOriginView(origin, links));
    },
    delete: (req, res) => {
      store.trustedOrigins.delete(trustedOriginFromPath(store, req).id);
      sendNoContent(res);
    },
  });

  for (const [action, status] of [
    ['activate', 'ACTIVE'],
    ['deactivate', 'INACTIVE'],
  ] as const) {
    endpoint(router, `/trustedOrigins/:trustedOriginId/lifecycle/${action}`, {
      post: (req, res) => {
        const origin = trustedOriginFromPath(store, req);
        if (origin.status !== status) Object.assign(origin, { status, lastUpdated: now(), lastUpdatedBy: store.apiTokenOwnerId });
        sendJson(res, 200, trustedOriginView(origin, links));
      },
    });
  }
}

/** name and origin required; origin is scheme://host[:port] and unique; at least one known scope. */
function trustedOriginDefinition(store: OktaStore, body: JsonObject, selfId?: string): Pick<WireTrustedOrigin, 'name' | 'origin' | 'scopes'> {
  const problems: FieldProblem[] = [];
  const name = typeof body.name === 'string' ? body.name : '';
  if (!name.trim()) problems.push({ field: 'name', message: 'The field cannot be left blank' });
  const origin = typeof body.origin === 'string' ? body.origin : '';
  if (!origin.trim()) problems.push({ field: 'origin', message: 'The field cannot be left blank' });
  else if (!isOrigin(origin)) problems.push({ field: 'origin', message: `'${origin}' is not a valid origin (scheme://host[:port])` });
  else if ([...store.trustedOrigins.values()].some(o => o.id !== selfId && o.origin?.toLowerCase() === origin.toLowerCase()))
    problems.push({ field: 'origin', message: 'An object with this field already exists in the current organization' });
  const scopes = Array.isArray(body.scopes) ? body.scopes : [];
  if (scopes.length === 0) problems.push({ field: 'scopes', message: 'The field cannot be left blank' });
  for (const scope of scopes)
    if (!isObject(scope) || !SCOPE_TYPES.includes(String(scope.type)))
      problems.push({ field: 'scopes', message: `'${isObject(scope) ? String(scope.type) : String(scope)}' is not one of ${SCOPE_TYPES.join(', ')}` });
  if (problems.length) throw failures.validation(problems);
  return { name, origin, scopes: scopes as WireTrustedOrigin['scopes'] };
}

function isOrigin(value: string): boolean {
  if (!/^https?:\/\/[^/?#@\s]+\/?$/i.test(value)) return false;
  try {
    return Boolean(new URL(value).host);
  } catch {
    return false;
  }
}

/** `q`: case-insensitive prefix of name or origin; `filter`: name/origin/status/type with `eq`. */
function selectTrustedOrigins(req: Request, origins: WireTrustedOrigin[]): WireTrustedOrigin[] {
  let selected = origins;
  const q = stringParam(req, 'q');
  if (q) {
    const prefix = q.toLowerCase();
    selected = selected.filter(o => [o.name, o.origin].some(v => typeof v === 'string' && v.toLowerCase().startsWith(prefix)));
  }
  const filter = stringParam(req, 'filter');
  if (filter) selected = filterByEquality(selected, filter, FILTER_ATTRIBUTES);
  return selected;
}
