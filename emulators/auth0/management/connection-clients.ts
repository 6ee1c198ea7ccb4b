// Which applications may use a connection (docs/fidelity.md#auth0-connections): GET /connections/{id}/clients
// ({clients:[{client_id}], next?}) and PATCH /connections/{id}/clients with a JSON array of
// {client_id, status}, 1–50 items → 204. The deprecated `enabled_clients` member of the
// connection is the single record of this, so both views always agree; GET
// /clients/{id}/connections is the reverse view.
import express, { type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { requireScope } from './access-token.ts';
import { inexistentClient, inexistentConnection, payloadError } from './errors.ts';
import { fieldSelection } from './field-selection.ts';
import { checkpointPage, checkpointRequest } from './pagination.ts';
import { stringListParam } from './query-parameters.ts';
import { expectObject, expectType, jsonType, rejectUnknownProperties, requireProperties } from './payload-validation.ts';
import { listForm } from './connections.ts';

const MAX_ITEMS = 50;

export function connectionClientsRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;

  router.get('/connections/:id/clients', requireScope('read:connections'), (req, res) => {
    const connection = store.connections.get(String(req.params.id));
    if (!connection) throw inexistentConnection();
    const clients = connection.enabled_clients.map(client_id => ({ client_id }));
    res.json(checkpointPage(clients, checkpointRequest(req), 'clients'));
  });

  router.patch('/connections/:id/clients', requireScope('update:connections'), (req, res) => {
    const connection = store.connections.get(String(req.params.id));
    if (!connection) throw inexistentConnection();
    const body: unknown = req.body;
    if (!Array.isArray(body)) throw payloadError(`Expected type array but found type ${jsonType(body)}`);
    if (body.length < 1) throw payloadError(`Array is too short (${body.length}), minimum 1`);
    if (body.length > MAX_ITEMS) throw payloadError(`Array is too long (${body.length}), maximum ${MAX_ITEMS}`);
    const changes = body.map((item, i) => {
      const change = expectObject(item, `[${i}]`);
      rejectUnknownProperties(change, ['client_id', 'status'], `[${i}]`);
      requireProperties(change, ['client_id', 'status'], `[${i}]`);
      expectType(change, 'client_id', 'string', `[${i}].client_id`);
      expectType(change, 'status', 'boolean', `[${i}].status`);
      return change as { client_id: string; status: boolean };
    });
    const unknown = changes.filter(c => !store.clients.has(c.client_id)).map(c => c.client_id);
    if (unknown.length) throw payloadError(`The following clients do not exist: ${unknown.join(', ')}`);

    const enabled = new Set(connection.enabled_clients);
    for (const change of changes) {
      if (change.status) enabled.add(change.client_id);
      else enabled.delete(change.client_id);
    }
    connection.enabled_clients = [...enabled];
    res.status(204).end();
  });

  router.get('/clients/:id/connections', requireScope('read:connections'), (req, res) => {
    const clientId = String(req.params.id);
    if (!store.clients.has(clientId)) throw inexistentClient();
    const strategies = stringListParam(req, 'strategy');
    const select = fieldSelection(req);
    const connections = store
      .connectionsEnabledFor(clientId)
      .filter(c => !strategies || strategies.includes(c.strategy))
      .map(c => select(listForm(c)));
    res.json(checkpointPage(connections, checkpointRequest(req), 'connections'));
  });

  return router;
}
