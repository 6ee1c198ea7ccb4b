// Users: POST/GET /users, GET/POST/PUT/DELETE /users/{idOrLogin} (docs/fidelity.md#users).
// - create: `activate` defaults to true → ACTIVE with a password, PROVISIONED without one (both
//   with `activated` and `statusChanged` set at once); `activate=false` → STAGED. The password is
//   stored hashed and never echoed (`password: {}`). Every new user joins Everyone.
// - POST /users/{id} merges the profile (partial update); PUT replaces it. Either way the profile
//   is stored as a real org returns it (user-profile-rules.ts).
// - DELETE deactivates a user that is not DEPROVISIONED yet; a second DELETE deletes it and its
//   app and group memberships. Both 204.
// - lists show each user with a `self` link only.
import type { Request, Router } from 'express';
import type { OktaOrgContext } from '../org-context.ts';
import { hashPassword, oktaId, type OktaStore, type UserRecord, type UserStatus, type WireUser } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { registerSecret } from '../../../lib/redaction.ts';
import { creationTime } from './creation-clock.ts';
import { endpoint } from './endpoint.ts';
import { failures, type FieldProblem } from './errors.ts';
import { sendJson, sendNoContent } from './json-response.ts';
import type { Links } from './links.ts';
import { userFromPath } from './lookups.ts';
import { paginate } from './pagination.ts';
import { createdKey, userView } from './representations.ts';
import { booleanParam, isObject, objectBody, type JsonObject } from './request-input.ts';
import { deactivate } from './user-lifecycle.ts';
import { passwordFrom, profileProblems, storedProfile, undefinedAttributes } from './user-profile-rules.ts';
import { selectUsers } from './user-search.ts';

const OKTA_PROVIDER = { type: 'OKTA', name: 'OKTA' } as const;

export function usersRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;

  endpoint(router, '/users', {
    post: (req, res) => {
      const body = objectBody(req);
      const activate = booleanParam(req, 'activate', true);
      const profile = isObject(body.profile) ? body.profile : {};
      rejectUndefinedAttributes(profile, 'newUser');
      const { password, problems: passwordProblems } = passwordFrom(body.credentials);
      fail([...profileProblems(profile, store), ...passwordProblems]);

      const time = creationTime(store);
      const status: UserStatus = !activate ? 'STAGED' : password ? 'ACTIVE' : 'PROVISIONED';
      const activated = status === 'STAGED' ? null : time;
      const wire: WireUser = {
        id: oktaId('00u'),
        status,
        created: time,
        activated,
        statusChanged: activated,
        lastLogin: null,
        lastUpdated: time,
        passwordChanged: password ? time : null,
        realmId: store.realmId,
        type: { id: store.defaultUserTypeId },
        profile: storedProfile(profile),
        credentials: credentialsView(Boolean(password)),
      };
      const record: UserRecord = { wire };
      if (password) setPassword(record, password, time);
      store.addUser(record);
      sendJson(res, 200, userView(record, links));
    },
    get: (req, res) => {
      const { users, page } = selectUsers(req, [...store.users.values()]);
      const selected = paginate(req, res, context.origin, users, user => createdKey(user.wire), page);
      sendJson(
        res,
        200,
        selected.map(user => userView(user, links, { collection: true })),
      );
    },
  });

  endpoint(router, '/users/:userId', {
    get: (req, res) => {
      sendJson(res, 200, userView(userFromPath(store, req), links));
    },
    // Partial update: the given profile attributes are merged into the stored profile.
    post: (req, res) => {
      const record = updatableUser(store, req);
      const body = objectBody(req);
      const changes = isObject(body.profile) ? body.profile : {};
      rejectUndefinedAttributes(changes, 'user');
      const profile = { ...record.wire.profile, ...changes };
      saveProfileAndPassword(store, record, profile, body);
      sendJson(res, 200, userView(record, links));
      context.userLifecycle.emit({ type: 'user.profile.updated', userId: record.wire.id });
    },
    // Replace: the given profile replaces the stored one (attributes left out are removed).
    put: (req, res) => {
      const record = updatableUser(store, req);
      const body = objectBody(req);
      const profile = isObject(body.profile) ? body.profile : {};
      rejectUndefinedAttributes(profile, 'user');
      saveProfileAndPassword(store, record, profile, body);
      sendJson(res, 200, userView(record, links));
      context.userLifecycle.emit({ type: 'user.profile.updated', userId: record.wire.id });
    },
    delete: (req, res) => {
      const record = userFromPath(store, req);
      const deactivating = record.wire.status !== 'DEPROVISIONED';
      if (deactivating) deactivate(record);
      else deleteUser(store, record.wire.id);
      sendNoContent(res);
      if (deactivating) context.userLifecycle.emit({ type: 'user.deactivated', userId: record.wire.id });
    },
  });
}

/** A DEPROVISIONED user's profile cannot be changed: 404 E0000007 (docs/fidelity.md#users). */
function updatableUser(store: OktaStore, req: Request): UserRecord {
  const record = userFromPath(store, req);
  if (record.wire.status === 'DEPROVISIONED') throw failures.notFound(record.wire.id, 'User');
  return record;
}

function saveProfileAndPassword(store: OktaStore, record: UserRecord, profile: JsonObject, body: JsonObject): void {
  const { password, problems } = passwordFrom(body.credentials);
  fail([...profileProblems(profile, store, record.wire.id), ...problems]);
  const time = now();
  record.wire.profile = storedProfile(profile);
  record.wire.lastUpdated = time;
  if (password) setPassword(record, password, time);
}

function setPassword(record: UserRecord, password: string, time: string): void {
  registerSecret(password);
  record.passwordHash = hashPassword(password);
  record.wire.passwordChanged = time;
  record.wire.credentials = credentialsView(true);
}

/** Okta shows that a password exists, never the password: `"password": {}`. */
function credentialsView(hasPassword: boolean): WireUser['credentials'] {
  return hasPassword ? { password: {}, provider: { ...OKTA_PROVIDER } } : { provider: { ...OKTA_PROVIDER } };
}

function rejectUndefinedAttributes(profile: JsonObject, body: 'newUser' | 'user'): void {
  const failure = undefinedAttributes(profile, body);
  if (failure) throw failure;
}

function fail(problems: FieldProblem[]): void {
  if (problems.length) throw failures.validation(problems);
}

/** Removes the user and everything that refers to it: app assignments and group memberships. */
function deleteUser(store: OktaStore, userId: string): void {
  store.users.delete(userId);
  for (const assignments of store.appUsers.values()) assignments.delete(userId);
  const time = now();
  for (const [groupId, members] of store.groupMembers) {
    if (!members.delete(userId)) continue;
    const group = store.groups.get(groupId);
    if (group) group.lastMembershipUpdated = time;
  }
}
