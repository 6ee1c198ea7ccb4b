// OIDC apps: POST/GET /apps, GET/PUT/DELETE /apps/{id}, POST /apps/{id}/lifecycle/{activate,deactivate}.
// Creates return 200 and activate by default; an ACTIVE app cannot be deleted (403 E0000056).
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import { oktaId, type AppRecord, type WireApp } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { registerSecret } from '../../../lib/redaction.ts';
import { creationTime } from './creation-clock.ts';
import { endpoint } from './endpoint.ts';
import { appFromPath } from './lookups.ts';
import { failures } from './errors.ts';
import { filterByEquality } from './filter-expression.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { defineOidcApp } from './oidc-app-definition.ts';
import { paginate } from './pagination.ts';
import { appView, createdKey } from './representations.ts';
import { booleanParam, objectBody, pathParam, stringParam } from './request-input.ts';

/** `filter` on apps supports these attributes with `eq` (docs/fidelity.md#apps). */
const APP_FILTER_ATTRIBUTES: Record<string, (app: WireApp) => unknown> = {
  status: app => app.status,
  name: app => app.name,
  id: app => app.id,
};

export function appsRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;

  endpoint(router, '/apps', {
    post: (req, res) => {
      const body = objectBody(req);
      const status = booleanParam(req, 'activate', true) ? 'ACTIVE' : 'INACTIVE';
      const id = oktaId('0oa');
      const result = defineOidcApp(body, identity(id, creationTime(store)), {
        status,
        clientIdTaken: clientId => store.findAppByClientId(clientId) !== undefined,
      });
      if ('problems' in result) throw failures.validation(result.problems);
      registerSecret(result.app.credentials?.oauthClient?.client_secret);
      store.apps.set(id, { wire: result.app });
      sendJson(res, 200, appView(result.app, links, { withSecret: true }));
    },
    get: (req, res) => {
      const apps = selectApps(
        req,
        [...store.apps.values()].map(record => record.wire),
      );
      const page = paginate(req, res, context.origin, apps, createdKey, { defaultLimit: 200, maxLimit: 200 });
      sendJson(
        res,
        200,
        page.map(app => appView(app, links, { withSecret: false })),
      );
    },
  });

  endpoint(router, '/apps/:appId', {
    get: (req, res) => {
      sendJson(res, 200, appView(appFromPath(store, req).wire, links, { withSecret: false }));
    },
    put: (req, res) => {
      const record = appFromPath(store, req);
      const result = defineOidcApp(objectBody(req), identity(record.wire.id, now()), {
        existing: record.wire,
        status: record.wire.status,
        clientIdTaken: () => false,
      });
      if ('problems' in result) throw failures.validation(result.problems);
      registerSecret(result.app.credentials?.oauthClient?.client_secret);
      record.wire = result.app;
      sendJson(res, 200, appView(result.app, links, { withSecret: true }));
    },
    delete: (req, res) => {
      const record = appFromPath(store, req);
      if (record.wire.status === 'ACTIVE') throw failures.deleteActiveApp();
      store.apps.delete(record.wire.id);
      store.appUsers.delete(record.wire.id);
      store.appGroups.delete(record.wire.id);
      sendNoContent(res);
    },
  });

  // Lifecycle calls carry no body; Okta answers 200 with an empty object (docs/fidelity.md#requests-answers-and-errors).
  endpoint(router, '/apps/:appId/lifecycle/activate', {
    post: (req, res) => {
      setStatus(appFromPath(store, req), 'ACTIVE');
      sendJson(res, 200, {});
    },
  });
  endpoint(router, '/apps/:appId/lifecycle/deactivate', {
    post: (req, res) => {
      setStatus(appFromPath(store, req), 'INACTIVE');
      sendJson(res, 200, {});
    },
  });

  function identity(id: string, time: string) {
    return { id, orgId: store.orgId, signingKid: context.signingKey.kid, now: time };
  }
}

function setStatus(record: AppRecord, status: 'ACTIVE' | 'INACTIVE'): void {
  if (record.wire.status === status) return;
  record.wire.status = status;
  record.wire.lastUpdated = now();
}

/** `q`: case-insensitive prefix of name or label; `filter`: `status`/`name`/`id` with `eq`. */
function selectApps(req: Request, apps: WireApp[]): WireApp[] {
  let selected = apps;
  const q = stringParam(req, 'q');
  if (q) {
    const prefix = q.toLowerCase();
    selected = selected.filter(app => app.name.toLowerCase().startsWith(prefix) || app.label.toLowerCase().startsWith(prefix));
  }
  const filter = stringParam(req, 'filter');
  if (filter) selected = filterByEquality(selected, filter, APP_FILTER_ATTRIBUTES);
  return selected;
}
