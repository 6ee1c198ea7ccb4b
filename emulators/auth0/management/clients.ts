// /api/v2/clients: applications. Create 201 with Auth0's defaults, get, update (PATCH merges
// top-level members; null clears one), delete 204, list with offset pagination. A new client has
// no Management API grant (ClientRecord.managementScopes stays undefined), so it cannot call
// /api/v2. Shapes: docs/fidelity.md#auth0-applications.
import express, { type Request, type Response, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { clientId as newClientId, clientSecret as newClientSecret, randomAlnum, type WireClient } from '../store.ts';
import { callerOf, requireScope } from './access-token.ts';
import { inexistentClient, insufficientScope, queryError } from './errors.ts';
import { fieldSelection } from './field-selection.ts';
import { offsetPage, offsetRequest } from './pagination.ts';
import { booleanParam, has, stringParam } from './query-parameters.ts';
import { isStrictThirdParty, newClientWire, updatedClientWire, validateCreateClient, validateUpdateClient } from './client-payload.ts';
import { signingCertificatePem } from './signing-certificate.ts';

const READ = ['read:clients', 'read:client_keys'];
const CREDENTIAL_FIELDS = ['client_secret', 'encryption_key', 'client_authentication_methods'];

export function clientsRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;
  const rules = () => ({
    strictBackchannelUrls: context.behaviour.strictBackchannelUrls,
    rejectLocalhostInitiateLoginUri: context.behaviour.rejectLocalhostInitiateLoginUri,
  });

  function find(req: Request) {
    const record = store.clients.get(String(req.params.id));
    if (!record) throw inexistentClient();
    return record;
  }

  router.get('/clients', requireScope(...READ), (req, res) => {
    const select = fieldSelection(req);
    const appTypes = stringParam(req, 'app_type')?.split(',').filter(Boolean);
    const firstParty = booleanParam(req, 'is_first_party');
    const global = booleanParam(req, 'is_global');
    if (has(req, 'q')) throw queryError('Lucene queries on clients are not supported by the emulator', 'q');
    const clients = [...store.clients.values()]
      .map(r => r.wire)
      .filter(c => !appTypes || appTypes.includes(String(c.app_type)))
      .filter(c => firstParty === undefined || (c.is_first_party ?? true) === firstParty)
      .filter(c => global === undefined || (c.global ?? false) === global)
      .map(c => select(visible(c, res)));
    if (!has(req, 'page') && !has(req, 'per_page') && !booleanParam(req, 'include_totals')) return res.json(clients);
    res.json(offsetPage(clients, offsetRequest(req), 'clients', true, true));
  });

  router.post('/clients', requireScope('create:clients'), async (req, res) => {
    const input = validateCreateClient(req.body, rules());
    const wire = newClientWire(input, {
      // A strict third-party app's id is `tpc_` and 22 alphanumerics (recorded).
      clientId: isStrictThirdParty(input) ? `tpc_${randomAlnum(22)}` : newClientId(),
      clientSecret: newClientSecret(),
      signingCertPem: await signingCertificatePem(context.signingKey, context.domain),
    }) as WireClient;
    store.clients.set(wire.client_id, { wire });
    // The create response always carries the new secret: it is the caller's only chance to learn it.
    res.status(201).json(wire);
  });

  router.get('/clients/:id', requireScope(...READ), (req, res) => {
    res.json(fieldSelection(req)(visible(find(req).wire, res)));
  });

  router.patch('/clients/:id', requireScope('update:clients', 'update:client_keys'), (req, res) => {
    const record = find(req);
    const input = validateUpdateClient(req.body, rules());
    // Credentials need update:client_keys, everything else update:clients.
    const { scopes } = callerOf(res);
    const keyFields = Object.keys(input).filter(k => CREDENTIAL_FIELDS.includes(k));
    if (keyFields.length && !scopes.has('update:client_keys')) throw insufficientScope(['update:client_keys']);
    if (Object.keys(input).length > keyFields.length && !scopes.has('update:clients')) throw insufficientScope(['update:clients']);
    record.wire = updatedClientWire(record.wire, input) as WireClient;
    res.json(visible(record.wire, res));
  });

  router.delete('/clients/:id', requireScope('delete:clients'), (req, res) => {
    const record = find(req);
    store.clients.delete(record.wire.client_id);
    // A deleted application disappears from every connection's enabled clients.
    for (const connection of store.connections.values()) connection.enabled_clients = connection.enabled_clients.filter(id => id !== record.wire.client_id);
    // …and its client grants go with it (docs/fidelity.md#auth0-client-grants).
    for (const [id, grant] of store.clientGrants) if (grant.client_id === record.wire.client_id) store.clientGrants.delete(id);
    res.status(204).end();
  });

  return router;
}

/** Client credentials and signing keys are shown only to tokens with read:client_keys, as Auth0 does. */
function visible(client: WireClient, res: Response): Record<string, unknown> {
  if (callerOf(res).scopes.has('read:client_keys')) return client;
  const { client_secret: _secret, signing_keys: _keys, ...rest } = client;
  return rest;
}
