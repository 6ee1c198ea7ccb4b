// App assignments of users: POST/GET /apps/{id}/users, GET/DELETE /apps/{id}/users/{userId}
// (docs/fidelity.md#app-assignments). Assigning again updates the assignment (Okta's POST is an
// upsert). The stored profile holds only what an assignment set; the rest is mapped from the user
// when read (app-user-profile.ts).
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import type { AppRecord, UserRecord, WireAppUser } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { creationTime } from './creation-clock.ts';
import { endpoint } from './endpoint.ts';
import { appFromPath } from './lookups.ts';
import { failures } from './errors.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { paginate } from './pagination.ts';
import { appUserView, createdKey } from './representations.ts';
import { isObject, objectBody, pathParam, stringParam } from './request-input.ts';

export function appUsersRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;

  endpoint(router, '/apps/:appId/users', {
    post: (req, res) => {
      const app = appFromPath(store, req);
      const body = objectBody(req);
      if (typeof body.id !== 'string' || !body.id) throw failures.validation([{ field: 'id', message: 'The field cannot be left blank' }]);
      const user = store.users.get(body.id);
      if (!user) throw failures.notFound(body.id, 'User');
      const assignments = assignmentsOf(app);
      const previous = assignments.get(user.wire.id);
      const credentials = isObject(body.credentials) ? body.credentials : {};
      const created = previous?.created ?? creationTime(store);
      const time = previous ? now() : created;
      const assignment: WireAppUser = {
        id: user.wire.id,
        created,
        lastUpdated: time,
        scope: 'USER',
        status: 'ACTIVE',
        statusChanged: previous?.statusChanged ?? time,
        passwordChanged: null,
        syncState: 'DISABLED',
        credentials: { userName: typeof credentials.userName === 'string' ? credentials.userName : user.wire.profile.login },
        profile: { ...(previous?.profile ?? {}), ...setValues(isObject(body.profile) ? body.profile : {}) },
      };
      assignments.set(user.wire.id, assignment);
      sendJson(res, 200, appUserView(app.wire.id, assignment, links, user));
      context.userLifecycle.emit({ type: 'app.user.assigned', appId: app.wire.id, userId: user.wire.id });
    },
    get: (req, res) => {
      const app = appFromPath(store, req);
      let assigned = [...assignmentsOf(app).values()];
      const q = stringParam(req, 'q');
      if (q) assigned = assigned.filter(appUser => matchesQuery(appUser, store.users.get(appUser.id), q.toLowerCase()));
      const page = paginate(req, res, context.origin, assigned, createdKey, { defaultLimit: 50, maxLimit: 500 });
      sendJson(
        res,
        200,
        page.map(appUser => appUserView(app.wire.id, appUser, links, store.users.get(appUser.id))),
      );
    },
  });

  endpoint(router, '/apps/:appId/users/:userId', {
    get: (req, res) => {
      const app = appFromPath(store, req);
      const assignment = findAssignment(req, app);
      sendJson(res, 200, appUserView(app.wire.id, assignment, links, store.users.get(assignment.id)));
    },
    delete: (req, res) => {
      const app = appFromPath(store, req);
      const userId = findAssignment(req, app).id;
      assignmentsOf(app).delete(userId);
      sendNoContent(res);
      context.userLifecycle.emit({ type: 'app.user.unassigned', appId: app.wire.id, userId });
    },
  });

  function assignmentsOf(app: AppRecord): Map<string, WireAppUser> {
    let assignments = store.appUsers.get(app.wire.id);
    if (!assignments) store.appUsers.set(app.wire.id, (assignments = new Map()));
    return assignments;
  }

  function findAssignment(req: Request, app: AppRecord): WireAppUser {
    const userId = pathParam(req, 'userId');
    const assignment = store.appUsers.get(app.wire.id)?.get(userId);
    if (!assignment) throw failures.notFound(userId, 'AppUser');
    return assignment;
  }
}

function setValues(profile: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== null && value !== undefined));
}

/** `q` on app users: prefix of the app username or the user's first name, last name or email. */
function matchesQuery(appUser: WireAppUser, user: UserRecord | undefined, prefix: string): boolean {
  const candidates = [appUser.credentials?.userName, user?.wire.profile.firstName, user?.wire.profile.lastName, user?.wire.profile.email];
  return candidates.some(value => typeof value === 'string' && value.toLowerCase().startsWith(prefix));
}
