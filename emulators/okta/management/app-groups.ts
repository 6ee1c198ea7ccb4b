// App assignments of groups: PUT/GET/DELETE /apps/{id}/groups/{groupId}, GET /apps/{id}/groups.
// Members of an assigned group count as assigned to the app (the store's isAssigned).
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import type { AppRecord } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { endpoint } from './endpoint.ts';
import { appFromPath } from './lookups.ts';
import { failures } from './errors.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { paginate } from './pagination.ts';
import { appGroupView } from './representations.ts';
import { isObject, optionalObjectBody, pathParam, stringParam } from './request-input.ts';

type Assignment = { id: string; priority: number; lastUpdated: string; profile: Record<string, unknown> };

export function appGroupsRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;

  endpoint(router, '/apps/:appId/groups', {
    get: (req, res) => {
      const app = appFromPath(store, req);
      let assigned = [...assignmentsOf(app).values()];
      const q = stringParam(req, 'q');
      if (q) {
        const prefix = q.toLowerCase();
        assigned = assigned.filter(a =>
          String(store.groups.get(a.id)?.profile?.name ?? '')
            .toLowerCase()
            .startsWith(prefix),
        );
      }
      // Okta orders group assignments by priority.
      const key = (a: Assignment) => `${String(a.priority).padStart(10, '0')}|${a.id}`;
      assigned.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      const page = paginate(req, res, context.origin, assigned, key, { defaultLimit: 20, maxLimit: 200 });
      sendJson(
        res,
        200,
        page.map(a => appGroupView(app.wire.id, a, links)),
      );
    },
  });

  endpoint(router, '/apps/:appId/groups/:groupId', {
    put: (req, res) => {
      const app = appFromPath(store, req);
      const groupId = pathParam(req, 'groupId');
      if (!store.groups.has(groupId)) throw failures.notFound(groupId, 'UserGroup');
      // The SDK sends `{}` when no assignment details are given (docs/fidelity.md#app-assignments).
      const body = optionalObjectBody(req);
      const assignments = assignmentsOf(app);
      const previous = assignments.get(groupId);
      let priority = previous?.priority ?? assignments.size;
      if (body.priority !== undefined) {
        if (!Number.isInteger(body.priority) || (body.priority as number) < 0)
          throw failures.validation([{ field: 'priority', message: 'Must be a non-negative integer' }]);
        priority = body.priority as number;
      }
      const assignment: Assignment = {
        id: groupId,
        priority,
        lastUpdated: now(),
        profile: { ...(previous?.profile ?? {}), ...(isObject(body.profile) ? body.profile : {}) },
      };
      assignments.set(groupId, assignment);
      sendJson(res, 200, appGroupView(app.wire.id, assignment, links));
    },
    get: (req, res) => {
      const app = appFromPath(store, req);
      sendJson(res, 200, appGroupView(app.wire.id, findAssignment(req, app), links));
    },
    delete: (req, res) => {
      const app = appFromPath(store, req);
      assignmentsOf(app).delete(findAssignment(req, app).id);
      sendNoContent(res);
    },
  });

  function assignmentsOf(app: AppRecord): Map<string, Assignment> {
    let assignments = store.appGroups.get(app.wire.id);
    if (!assignments) store.appGroups.set(app.wire.id, (assignments = new Map()));
    return assignments;
  }

  function findAssignment(req: Request, app: AppRecord): Assignment {
    const groupId = pathParam(req, 'groupId');
    const assignment = store.appGroups.get(app.wire.id)?.get(groupId);
    if (!assignment) throw failures.notFound(groupId, 'ApplicationGroupAssignment');
    return assignment;
  }
}
