// Groups (docs/fidelity.md#groups): POST/GET /groups, GET/PUT/DELETE /groups/{id}, memberships
// PUT/DELETE /groups/{id}/users/{userId} (204), GET /groups/{id}/users, the apps assigned to a
// group GET /groups/{id}/apps, and a user's groups GET /users/{id}/groups.
// The built-in Everyone group lists every user; it cannot be renamed, deleted, or have its
// members changed (403 E0000006, and 501 E0000060 for adding one).
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import { oktaId, type OktaStore, type WireGroup } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { creationTime } from './creation-clock.ts';
import { endpoint } from './endpoint.ts';
import { failures, type FieldProblem } from './errors.ts';
import { satisfies } from './comparison.ts';
import { comparisons, evaluate, filterByEquality, parseExpression } from './filter-expression.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { groupFromPath, userFromPath } from './lookups.ts';
import { paginate } from './pagination.ts';
import { appView, createdKey, groupView, userView } from './representations.ts';
import { isObject, objectBody, stringParam, type JsonObject } from './request-input.ts';

/** `filter` on groups: these attributes, `eq` only. */
const GROUP_FILTER_ATTRIBUTES: Record<string, (group: WireGroup) => unknown> = {
  id: group => group.id,
  type: group => group.type,
};

export function groupsRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;

  endpoint(router, '/groups', {
    post: (req, res) => {
      const profile = groupProfile(store, objectBody(req));
      const time = creationTime(store);
      const group: WireGroup = {
        id: oktaId('00g'),
        created: time,
        lastUpdated: time,
        lastMembershipUpdated: time,
        objectClass: ['okta:user_group'],
        type: 'OKTA_GROUP',
        profile,
      };
      store.groups.set(group.id, group);
      store.groupMembers.set(group.id, new Set());
      sendJson(res, 200, groupView(group, links));
    },
    get: (req, res) => {
      const groups = selectGroups(req, [...store.groups.values()]);
      const page = paginate(req, res, context.origin, groups, createdKey, { defaultLimit: 10_000, maxLimit: 10_000 });
      sendJson(
        res,
        200,
        page.map(group => groupView(group, links)),
      );
    },
  });

  endpoint(router, '/groups/:groupId', {
    get: (req, res) => {
      sendJson(res, 200, groupView(groupFromPath(store, req), links));
    },
    put: (req, res) => {
      const group = okayToChange(groupFromPath(store, req));
      group.profile = groupProfile(store, objectBody(req), group.id);
      group.lastUpdated = now();
      sendJson(res, 200, groupView(group, links));
    },
    delete: (req, res) => {
      const group = okayToChange(groupFromPath(store, req));
      store.groups.delete(group.id);
      store.groupMembers.delete(group.id);
      for (const assignments of store.appGroups.values()) assignments.delete(group.id);
      sendNoContent(res);
    },
  });

  endpoint(router, '/groups/:groupId/users', {
    get: (req, res) => {
      const group = groupFromPath(store, req);
      // In user creation order, which the position key follows.
      const memberIds = store.groupMembers.get(group.id) ?? new Set<string>();
      const members = [...store.users.values()].filter(user => memberIds.has(user.wire.id));
      const page = paginate(req, res, context.origin, members, user => createdKey(user.wire), { defaultLimit: 1000, maxLimit: 1000 });
      sendJson(
        res,
        200,
        page.map(user => userView(user, links, { collection: true })),
      );
    },
  });

  endpoint(router, '/groups/:groupId/apps', {
    get: (req, res) => {
      const group = groupFromPath(store, req);
      const apps = [...store.apps.values()].filter(app => store.appGroups.get(app.wire.id)?.has(group.id)).map(app => app.wire);
      const page = paginate(req, res, context.origin, apps, createdKey, { defaultLimit: 20, maxLimit: 200 });
      sendJson(
        res,
        200,
        page.map(app => appView(app, links, { withSecret: false })),
      );
    },
  });

  // No paging parameters: every group of the user, in creation order (Everyone first).
  endpoint(router, '/users/:userId/groups', {
    get: (req, res) => {
      const user = userFromPath(store, req);
      const groups = [...store.groups.values()].filter(group => store.groupMembers.get(group.id)?.has(user.wire.id));
      sendJson(
        res,
        200,
        groups.map(group => groupView(group, links)),
      );
    },
  });

  endpoint(router, '/groups/:groupId/users/:userId', {
    put: (req, res) => {
      const group = groupFromPath(store, req);
      const user = userFromPath(store, req);
      if (group.type === 'BUILT_IN') throw failures.unsupportedOperation();
      membersOf(store, group.id).add(user.wire.id);
      group.lastMembershipUpdated = now();
      sendNoContent(res);
    },
    delete: (req, res) => {
      const group = okayToChange(groupFromPath(store, req));
      const user = userFromPath(store, req);
      if (membersOf(store, group.id).delete(user.wire.id)) group.lastMembershipUpdated = now();
      sendNoContent(res);
    },
  });
}

/** Only groups of type OKTA_GROUP may be changed through the API. */
function okayToChange(group: WireGroup): WireGroup {
  if (group.type !== 'OKTA_GROUP') throw failures.forbidden();
  return group;
}

function membersOf(store: OktaStore, groupId: string): Set<string> {
  let members = store.groupMembers.get(groupId);
  if (!members) store.groupMembers.set(groupId, (members = new Set()));
  return members;
}

/** `profile.name` is required and unique among groups; `description` optional. */
function groupProfile(store: OktaStore, body: JsonObject, selfId?: string): WireGroup['profile'] {
  const profile = isObject(body.profile) ? body.profile : {};
  const problems: FieldProblem[] = [];
  const name = profile.name;
  if (typeof name !== 'string' || !name.trim()) problems.push({ field: 'name', message: 'The field cannot be left blank' });
  else if ([...store.groups.values()].some(group => group.id !== selfId && group.profile?.name === name))
    problems.push({ field: 'name', message: 'An object with this field already exists in the current organization' });
  if (profile.description !== undefined && profile.description !== null && typeof profile.description !== 'string')
    problems.push({ field: 'description', message: 'Does not match the attribute type in the profile schema' });
  if (problems.length) throw failures.validation(problems);
  return profile as WireGroup['profile'];
}

const GROUP_SEARCH_TOP_LEVEL = ['id', 'type', 'created', 'lastUpdated', 'lastMembershipUpdated'];
const GROUP_DATE_ATTRIBUTES = ['created', 'lastUpdated', 'lastMembershipUpdated'];

/**
 * `q`: case-insensitive prefix of the group name; `filter`: `id`/`type` with `eq`; `search`: top-level
 * attributes and any profile attribute, string values case-insensitive (as for users).
 */
function selectGroups(req: Request, groups: WireGroup[]): WireGroup[] {
  let selected = groups;
  const search = stringParam(req, 'search');
  if (search) {
    const expression = parseExpression(search);
    for (const c of comparisons(expression))
      if ((!c.attribute.startsWith('profile.') && !GROUP_SEARCH_TOP_LEVEL.includes(c.attribute)) || c.operator === 'ne' || c.operator === 'ew')
        throw failures.invalidSearch();
    const attributeValue = (group: WireGroup, attribute: string) =>
      attribute.startsWith('profile.')
        ? (group.profile as Record<string, unknown> | undefined)?.[attribute.slice('profile.'.length)]
        : (group as unknown as Record<string, unknown>)[attribute];
    selected = selected.filter(group =>
      evaluate(expression, c =>
        satisfies(attributeValue(group, c.attribute), c, { caseInsensitive: true, isDate: GROUP_DATE_ATTRIBUTES.includes(c.attribute) }),
      ),
    );
  }
  const q = stringParam(req, 'q');
  if (q) {
    const prefix = q.toLowerCase();
    selected = selected.filter(group =>
      String(group.profile?.name ?? '')
        .toLowerCase()
        .startsWith(prefix),
    );
  }
  const filter = stringParam(req, 'filter');
  if (filter) selected = filterByEquality(selected, filter, GROUP_FILTER_ATTRIBUTES);
  return selected;
}
