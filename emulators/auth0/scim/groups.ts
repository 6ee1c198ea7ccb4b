// /scim/v2/connections/{connection_id}/Groups, as Auth0 documents it (docs/fidelity.md#inbound-scim; an Early
// Access feature of Auth0): create, read, replace, update (PATCH, e.g. adding and removing members),
// delete, and search with eq. Only users of the connection can be members; displayName is unique
// per connection. `excludedAttributes=members` leaves the member list out, as IdPs ask for it.
import express, { type Request, type Response, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { randomAlnum, type ScimGroupRecord } from '../store.ts';
import { listResponse, pageRequest } from './list-response.ts';
import { applyPatch, patchOperationsOf } from './patch-operations.ts';
import { isObject, matches, parseFilter, type JsonObject } from './scim-filter.ts';
import { scimErrors } from './scim-error.ts';
import { noteScimEvent as note, sendScim as send } from './scim-response.ts';
import { SCIM_SCHEMAS } from './scim-schemas.ts';
import { requireScimScope, scimCallerOf, type ScimCaller } from './scim-token.ts';
import { usersOf } from './users.ts';

const READ_ONLY = new Set(['id', 'meta', 'schemas']);

export function scimGroupsRouter(context: Auth0TenantContext): Router {
  const router = express.Router({ mergeParams: true });
  const { store } = context;

  const location = (caller: ScimCaller, id: string) =>
    `${context.origin}/scim/v2/connections/${encodeURIComponent(caller.connection.id)}/Groups/${encodeURIComponent(id)}`;

  function render(caller: ScimCaller, group: ScimGroupRecord, req?: Request): JsonObject {
    const excluded =
      typeof req?.query.excludedAttributes === 'string'
        ? req.query.excludedAttributes
            .toLowerCase()
            .split(',')
            .map(s => s.trim())
        : [];
    return {
      schemas: [SCIM_SCHEMAS.group],
      id: group.id,
      displayName: group.displayName,
      ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
      ...(excluded.includes('members')
        ? {}
        : {
            members: group.members.map(userId => {
              const user = store.users.get(userId);
              return { value: userId, ...(typeof user?.email === 'string' ? { display: user.email } : {}) };
            }),
          }),
      meta: { resourceType: 'Group', created: group.created, lastModified: group.lastModified, location: location(caller, group.id) },
    };
  }

  function find(req: Request, caller: ScimCaller): ScimGroupRecord {
    const id = String(req.params.groupId);
    const group = store.scimGroups.get(id);
    if (!group || group.connection_id !== caller.connection.id) throw scimErrors.notFound('Group', id);
    return group;
  }

  /** displayName, externalId and members of a Group resource, checked. */
  function contentOf(caller: ScimCaller, body: unknown, exceptId?: string): Pick<ScimGroupRecord, 'displayName' | 'externalId' | 'members'> {
    if (!isObject(body)) throw scimErrors.invalidSyntax('The request body must be a SCIM Group JSON object');
    const displayName = body.displayName;
    if (typeof displayName !== 'string' || !displayName.trim()) throw scimErrors.invalidValue('"displayName" is required');
    const taken = [...store.scimGroups.values()].some(
      g => g.connection_id === caller.connection.id && g.id !== exceptId && g.displayName.toLowerCase() === displayName.toLowerCase(),
    );
    if (taken) throw scimErrors.uniqueness(`A group with displayName "${displayName}" already exists`);
    if (body.externalId !== undefined && typeof body.externalId !== 'string') throw scimErrors.invalidValue('"externalId" must be a string');
    const rawMembers = body.members ?? [];
    if (!Array.isArray(rawMembers)) throw scimErrors.invalidValue('"members" must be an array');
    const connectionUsers = new Set(usersOf(context, caller.connection).map(u => u.user_id));
    const members: string[] = [];
    for (const member of rawMembers) {
      const value = isObject(member) ? member.value : undefined;
      if (typeof value !== 'string' || !value) throw scimErrors.invalidValue('Each member needs a "value" (a user id)');
      if (isObject(member) && typeof member.type === 'string' && member.type.toLowerCase() !== 'user')
        throw scimErrors.invalidValue('Only users can be group members');
      if (!connectionUsers.has(value)) throw scimErrors.invalidValue(`Member "${value}" is not a user of this connection`);
      if (!members.includes(value)) members.push(value);
    }
    return { displayName, externalId: body.externalId as string | undefined, members };
  }

  router.get('/Groups', requireScimScope('get:groups'), (req, res) => {
    const caller = scimCallerOf(res);
    const filterText = typeof req.query.filter === 'string' ? req.query.filter : undefined;
    const filter = filterText ? parseFilter(filterText) : undefined;
    const resources = [...store.scimGroups.values()]
      .filter(g => g.connection_id === caller.connection.id)
      // Filter on the full resource, then leave out what was excluded.
      .filter(g => !filter || matches(filter, render(caller, g)))
      .map(g => render(caller, g, req));
    note(res, { operation: 'group_search', filter: filterText, results: resources.length });
    send(res, 200, listResponse(resources, pageRequest(req)));
  });

  router.post('/Groups', requireScimScope('post:groups'), (req, res) => {
    const caller = scimCallerOf(res);
    const now = new Date().toISOString();
    const group: ScimGroupRecord = {
      id: `grp_${randomAlnum(16)}`,
      connection_id: caller.connection.id,
      ...contentOf(caller, req.body),
      created: now,
      lastModified: now,
    };
    store.scimGroups.set(group.id, group);
    note(res, { operation: 'group_create', group_id: group.id, members: group.members.length });
    res.setHeader('Location', location(caller, group.id));
    send(res, 201, render(caller, group));
  });

  router.get('/Groups/:groupId', requireScimScope('get:groups'), (req, res) => {
    const caller = scimCallerOf(res);
    const group = find(req, caller);
    note(res, { operation: 'group_read', group_id: group.id });
    send(res, 200, render(caller, group, req));
  });

  const replace = (res: Response, caller: ScimCaller, group: ScimGroupRecord, body: unknown, operation: string) => {
    Object.assign(group, contentOf(caller, body, group.id), { lastModified: new Date().toISOString() });
    if (isObject(body) && body.externalId === undefined) delete group.externalId;
    note(res, { operation, group_id: group.id, members: group.members.length });
    send(res, 200, render(caller, group));
  };

  router.put('/Groups/:groupId', requireScimScope('put:groups'), (req, res) => {
    const caller = scimCallerOf(res);
    replace(res, caller, find(req, caller), req.body, 'group_replace');
  });

  router.patch('/Groups/:groupId', requireScimScope('patch:groups'), (req, res) => {
    const caller = scimCallerOf(res);
    const group = find(req, caller);
    const patched = applyPatch(render(caller, group), patchOperationsOf(req.body), READ_ONLY);
    replace(res, caller, group, patched, 'group_patch');
  });

  router.delete('/Groups/:groupId', requireScimScope('delete:groups'), (req, res) => {
    const caller = scimCallerOf(res);
    const group = find(req, caller);
    store.scimGroups.delete(group.id);
    note(res, { operation: 'group_delete', group_id: group.id });
    res.status(204).end();
  });

  return router;
}
