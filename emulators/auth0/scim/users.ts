// /scim/v2/connections/{connection_id}/Users: search (filter with eq/and/or, ListResponse), create
// (201; 409 on a duplicate), read, replace (PUT), update (PATCH) and delete (docs/fidelity.md#inbound-scim).
// The SCIM `id` is the Auth0 user_id, built from the configuration's user_id_attribute — for an
// okta connection `okta|{connection}|{externalId}`, and Okta puts its user id (the `sub` of its ID
// tokens) in externalId, so a later login through the connection lands on the same user.
// Deactivation (`active: false` by PUT or PATCH) blocks the user, ends their sessions (back-channel
// logout) and revokes their refresh tokens.
import express, { type Request, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { connectionUserId, type WireConnection, type WireUser } from '../store.ts';
import { listResponse, pageRequest } from './list-response.ts';
import { applyPatch, patchOperationsOf } from './patch-operations.ts';
import { isObject, matches, parseFilter, valueAt, type JsonObject } from './scim-filter.ts';
import { scimErrors } from './scim-error.ts';
import { noteScimEvent as note, sendScim as send } from './scim-response.ts';
import { requireScimScope, scimCallerOf, type ScimCaller } from './scim-token.ts';
import { endUserAccess } from './user-access.ts';
import { auth0AttributesOf, scimUserOf, writeAttributes } from './user-mapping.ts';

/** Attributes a PATCH may not touch. */
const READ_ONLY = new Set(['id', 'meta', 'schemas']);

export function scimUsersRouter(context: Auth0TenantContext): Router {
  const router = express.Router({ mergeParams: true });
  const { store } = context;

  const location = (caller: ScimCaller, userId: string) =>
    `${context.origin}/scim/v2/connections/${encodeURIComponent(caller.connection.id)}/Users/${encodeURIComponent(userId)}`;
  const render = (caller: ScimCaller, user: WireUser) => scimUserOf(user, caller.mapping, location(caller, user.user_id));

  function find(req: Request, caller: ScimCaller): WireUser {
    const id = String(req.params.userId);
    const user = store.users.get(id);
    if (!user || !belongsTo(user, caller.connection)) throw scimErrors.notFound('User', id);
    return user;
  }

  router.get('/Users', requireScimScope('get:users'), (req, res) => {
    const caller = scimCallerOf(res);
    const filterText = typeof req.query.filter === 'string' ? req.query.filter : undefined;
    const filter = filterText ? parseFilter(filterText) : undefined;
    const page = pageRequest(req);
    const resources = usersOf(context, caller.connection)
      .map(user => render(caller, user))
      .filter(resource => !filter || matches(filter, resource));
    note(res, { operation: 'search', filter: filterText, results: resources.length });
    send(res, 200, listResponse(resources, page));
  });

  router.post('/Users', requireScimScope('post:users'), (req, res) => {
    const caller = scimCallerOf(res);
    const resource = resourceOf(req.body);
    const idValue = idAttributeValue(caller, resource);
    requireUserName(resource);
    const userId = connectionUserId(caller.connection.strategy, caller.connection.name, idValue);
    if (store.users.has(userId)) throw scimErrors.uniqueness(`A user with ${caller.config.user_id_attribute} "${idValue}" already exists`);
    checkUserNameFree(context, caller, resource);

    const now = new Date().toISOString();
    const user: WireUser = {
      user_id: userId,
      created_at: now,
      updated_at: now,
      identities: [
        { provider: caller.connection.strategy, connection: caller.connection.name, user_id: `${caller.connection.name}|${idValue}`, isSocial: false } as never,
      ],
    };
    writeAttributes(user, auth0AttributesOf(resource, caller.mapping), false);
    store.users.set(userId, user);
    note(res, { operation: 'create', user_id: userId, blocked: user.blocked === true });
    res.setHeader('Location', location(caller, userId));
    send(res, 201, render(caller, user));
  });

  router.get('/Users/:userId', requireScimScope('get:users'), (req, res) => {
    const caller = scimCallerOf(res);
    const user = find(req, caller);
    note(res, { operation: 'read', user_id: user.user_id });
    send(res, 200, render(caller, user));
  });

  router.put('/Users/:userId', requireScimScope('put:users'), async (req, res) => {
    const caller = scimCallerOf(res);
    const user = find(req, caller);
    const resource = resourceOf(req.body);
    requireUserName(resource);
    const updated = await replaceUser(context, caller, user, resource);
    note(res, { operation: 'replace', user_id: user.user_id, blocked: updated.blocked === true });
    send(res, 200, render(caller, updated));
  });

  router.patch('/Users/:userId', requireScimScope('patch:users'), async (req, res) => {
    const caller = scimCallerOf(res);
    const user = find(req, caller);
    const operations = patchOperationsOf(req.body);
    const patched = applyPatch(render(caller, user), operations, READ_ONLY);
    const updated = await replaceUser(context, caller, user, patched);
    note(res, { operation: 'patch', user_id: user.user_id, blocked: updated.blocked === true });
    send(res, 200, render(caller, updated));
  });

  router.delete('/Users/:userId', requireScimScope('delete:users'), async (req, res) => {
    const caller = scimCallerOf(res);
    const user = find(req, caller);
    store.users.delete(user.user_id);
    for (const group of store.scimGroups.values()) {
      if (group.connection_id === caller.connection.id && group.members.includes(user.user_id)) {
        group.members = group.members.filter(m => m !== user.user_id);
        group.lastModified = new Date().toISOString();
      }
    }
    const ended = await endUserAccess(context, user.user_id, 'account-deleted');
    note(res, { operation: 'delete', user_id: user.user_id, sessions_ended: ended.sessions, refresh_tokens_revoked: ended.refreshTokens });
    res.status(204).end();
  });

  return router;
}

/** Users of the connection (SCIM-provisioned or created by a login). */
export function usersOf(context: Auth0TenantContext, connection: WireConnection): WireUser[] {
  return [...context.store.users.values()].filter(user => belongsTo(user, connection));
}

function belongsTo(user: WireUser, connection: WireConnection): boolean {
  return !!user.identities?.some(identity => identity.connection === connection.name);
}

/**
 * PUT semantics: every mapped attribute takes the resource's value (absent → removed). The
 * user_id attribute cannot change. A change to active=false ends the user's access.
 */
async function replaceUser(context: Auth0TenantContext, caller: ScimCaller, user: WireUser, resource: JsonObject): Promise<WireUser> {
  const idValue = valueAt(resource, caller.userIdPath);
  if (idValue !== undefined && connectionUserId(caller.connection.strategy, caller.connection.name, String(idValue)) !== user.user_id)
    throw scimErrors.mutability(`"${caller.config.user_id_attribute}" cannot be changed: it is the source of the user's id`);
  checkUserNameFree(context, caller, resource, user.user_id);
  const wasBlocked = user.blocked === true;
  const updated: WireUser = structuredClone(user);
  writeAttributes(updated, auth0AttributesOf(resource, caller.mapping), true);
  updated.updated_at = new Date().toISOString();
  context.store.users.set(updated.user_id, updated);
  if (!wasBlocked && updated.blocked === true) {
    const ended = await endUserAccess(context, updated.user_id, 'account-deactivated');
    context.events.record('auth0.scim.user_deactivated', {
      connection: caller.connection.name,
      user_id: updated.user_id,
      sessions_ended: ended.sessions,
      refresh_tokens_revoked: ended.refreshTokens,
    });
  } else if (wasBlocked && updated.blocked !== true) {
    context.events.record('auth0.scim.user_reactivated', { connection: caller.connection.name, user_id: updated.user_id });
  }
  return updated;
}

function resourceOf(body: unknown): JsonObject {
  if (!isObject(body)) throw scimErrors.invalidSyntax('The request body must be a SCIM User JSON object');
  return body;
}

function requireUserName(resource: JsonObject): void {
  const userName = valueAt(resource, { attribute: 'userName' });
  if (typeof userName !== 'string' || !userName.trim()) throw scimErrors.invalidValue('"userName" is required');
}

function idAttributeValue(caller: ScimCaller, resource: JsonObject): string {
  const value = valueAt(resource, caller.userIdPath);
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value) === '')
    throw scimErrors.invalidValue(`"${caller.config.user_id_attribute}" is required: it is the connection's user_id_attribute, the source of the user's id`);
  return String(value);
}

/** userName is unique among the connection's users (case-insensitive, as SCIM defines it). */
function checkUserNameFree(context: Auth0TenantContext, caller: ScimCaller, resource: JsonObject, exceptUserId?: string): void {
  const userName = valueAt(resource, { attribute: 'userName' });
  if (typeof userName !== 'string') return;
  const wanted = userName.toLowerCase();
  const taken = usersOf(context, caller.connection).some(user => {
    if (user.user_id === exceptUserId) return false;
    const existing = valueAt(scimUserOf(user, caller.mapping, ''), { attribute: 'userName' });
    return typeof existing === 'string' && existing.toLowerCase() === wanted;
  });
  if (taken) throw scimErrors.uniqueness(`A user with userName "${userName}" already exists`);
}
