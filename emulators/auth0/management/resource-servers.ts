// /api/v2/resource-servers: APIs. Create 201 with Auth0's defaults, get and update by id or by
// identifier (as the Terraform provider does, URL-encoded), delete 204, list with offset pagination
// and the `identifiers` filter. The tenant's own Management API is listed as a system API.
// Shapes: docs/fidelity.md#auth0-apis-resource-servers.
import express, { type Request, type Router } from 'express';
import type { Auth0TenantContext, Auth0TenantCore } from '../tenant-context.ts';
import { resourceServerId, type Auth0Store, type WireResourceServer } from '../store.ts';
import { requireScope } from './access-token.ts';
import { ManagementApiError, inexistentResourceServer } from './errors.ts';
import { fieldSelection } from './field-selection.ts';
import { offsetPage, offsetRequest } from './pagination.ts';
import { booleanParam, has, stringListParam } from './query-parameters.ts';
import { MANAGEMENT_SCOPES } from './scopes.ts';
import { newResourceServerWire, updatedResourceServerWire, validateCreateResourceServer, validateUpdateResourceServer } from './resource-server-payload.ts';

export function resourceServersRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;

  function find(req: Request): WireResourceServer {
    const found = findResourceServer(store, String(req.params.id));
    if (!found) throw inexistentResourceServer();
    return found;
  }

  router.get('/resource-servers', requireScope('read:resource_servers'), (req, res) => {
    const identifiers = stringListParam(req, 'identifiers');
    const select = fieldSelection(req);
    const all = [...store.resourceServers.values()].filter(r => !identifiers || identifiers.includes(r.identifier)).map(r => select(answer(store, r)));
    if (!has(req, 'page') && !has(req, 'per_page') && !booleanParam(req, 'include_totals')) return res.json(all);
    res.json(offsetPage(all, offsetRequest(req), 'resource_servers', false));
  });

  router.post('/resource-servers', requireScope('create:resource_servers'), (req, res) => {
    const input = validateCreateResourceServer(req.body);
    if (store.resourceServerByIdentifier(String(input.identifier)))
      throw new ManagementApiError(409, 'A resource server with the same identifier already exists', 'conflict');
    const wire = newResourceServerWire(input, resourceServerId()) as WireResourceServer;
    store.resourceServers.set(wire.id, wire);
    res.status(201).json(answer(store, wire));
  });

  router.get('/resource-servers/:id', requireScope('read:resource_servers'), (req, res) => {
    res.json(fieldSelection(req)(answer(store, find(req))));
  });

  router.patch('/resource-servers/:id', requireScope('update:resource_servers'), (req, res) => {
    const current = find(req);
    const input = validateUpdateResourceServer(req.body);
    const updated = updatedResourceServerWire(current, input) as WireResourceServer;
    store.resourceServers.set(updated.id, updated);
    res.json(answer(store, updated));
  });

  router.delete('/resource-servers/:id', requireScope('delete:resource_servers'), (req, res) => {
    const found = find(req);
    if (found.identifier === context.managementAudience)
      throw new ManagementApiError(400, 'The Auth0 Management API cannot be deleted', 'operation_not_supported');
    store.resourceServers.delete(found.id);
    // The API's grants go with it (docs/fidelity.md#auth0-client-grants).
    for (const [id, grant] of store.clientGrants) if (grant.audience === found.identifier) store.clientGrants.delete(id);
    res.status(204).end();
  });

  return router;
}

/**
 * By id, else by identifier. The recorded tenant also answered an identifier URL-encoded twice
 * (the Terraform provider's older requests: `https:%252F%252F…`), so a still-encoded identifier is
 * decoded once more.
 */
export function findResourceServer(store: Auth0Store, idOrIdentifier: string): WireResourceServer | undefined {
  const found = store.resourceServers.get(idOrIdentifier) ?? store.resourceServerByIdentifier(idOrIdentifier);
  if (found || !idOrIdentifier.includes('%')) return found;
  try {
    return store.resourceServerByIdentifier(decodeURIComponent(idOrIdentifier));
  } catch {
    return undefined;
  }
}

/** The API as the tenant answers it: with `client_id` when an application of type resource_server is linked to it (recorded). */
function answer(store: Auth0Store, api: WireResourceServer): Record<string, unknown> {
  const linked = [...store.clients.values()].find(c => (c.wire as { resource_server_identifier?: string }).resource_server_identifier === api.identifier);
  return linked ? { ...api, client_id: linked.wire.client_id } : api;
}

/** Every tenant has its Management API as a system API, with the scopes the Management API knows (recorded). */
export function seedManagementApi(context: Auth0TenantCore): void {
  const id = resourceServerId();
  context.store.resourceServers.set(id, {
    id,
    name: 'Auth0 Management API',
    identifier: context.managementAudience,
    allow_offline_access: false,
    skip_consent_for_verifiable_first_party_clients: false,
    subject_type_authorization: { client: { policy: 'require_client_grant' }, user: { policy: 'allow_all' } },
    token_lifetime: 86400,
    token_lifetime_for_web: 7200,
    signing_alg: 'RS256',
    scopes: MANAGEMENT_SCOPES.map(value => ({ value, description: describeScope(value) })),
    is_system: true,
  } as WireResourceServer);
}

/** `read:client_grants` → "Read Client Grants", as the recorded system API describes its scopes. */
function describeScope(scope: string): string {
  const words = scope.replace(':', ' ').split(/[\s_]+/);
  return words.map(w => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}
