// SCIM configuration of a connection (docs/fidelity.md#auth0-scim-configuration-and-tokens):
//   POST   /connections/{id}/scim-configuration                  201 (409 if it exists)
//   GET    /connections/{id}/scim-configuration                  200 (404 if none)
//   PATCH  /connections/{id}/scim-configuration                  200, user_id_attribute and mapping
//   DELETE /connections/{id}/scim-configuration                  204, its tokens go with it
//   GET    /connections/{id}/scim-configuration/default-mapping  {mapping}
//   GET    /connections-scim-configurations                      checkpoint list {scim_configurations, next?}
// Default user_id_attribute "externalId" and the strategy's default mapping (scim/default-mapping.ts).
// Scopes read/create/update/delete:scim_config. Tokens: scim-tokens.ts.
import express, { type Request, type Router } from 'express';
import type { Management } from 'auth0';
import type { Auth0TenantContext } from '../tenant-context.ts';
import type { ScimConfigurationRecord, WireConnection } from '../store.ts';
import { defaultMapping, DEFAULT_USER_ID_ATTRIBUTE } from '../scim/default-mapping.ts';
import { ScimError } from '../scim/scim-error.ts';
import { parseAttributePath } from '../scim/scim-filter.ts';
import { UNMAPPABLE_AUTH0_ATTRIBUTES, UNMAPPABLE_SCIM_ATTRIBUTES } from '../scim/user-mapping.ts';
import { requireScope } from './access-token.ts';
import { ManagementApiError, inexistentConnection, payloadError } from './errors.ts';
import { checkpointPage, checkpointRequest } from './pagination.ts';
import { expectObject, expectType, rejectUnknownProperties, requireProperties } from './payload-validation.ts';

/** Strategies Auth0 offers inbound SCIM for (its docs: SAML, OpenID Connect, Okta Workforce, Entra ID). */
export const SCIM_STRATEGIES = new Set(['okta', 'oidc', 'samlp', 'waad']);
const AUTH0_PATH = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

type ScimConfigurationWire = Management.GetScimConfigurationResponseContent;

export function scimConfigurationRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;

  router.get('/connections-scim-configurations', requireScope('read:scim_config'), (req, res) => {
    const all = [...store.scimConfigurations.values()].map(wire);
    const page = checkpointPage(all, checkpointRequest(req), 'scim_configurations');
    res.json(page);
  });

  router.post('/connections/:id/scim-configuration', requireScope('create:scim_config'), (req, res) => {
    const connection = scimCapableConnection(req);
    if (store.scimConfigurations.has(connection.id)) throw new ManagementApiError(409, `The connection ${connection.id} already has a SCIM configuration`);
    const body = expectObject(req.body ?? {});
    rejectUnknownProperties(body, ['user_id_attribute', 'mapping'] satisfies (keyof Management.CreateScimConfigurationRequestContent)[]);
    const now = new Date().toISOString();
    const record: ScimConfigurationRecord = {
      connection_id: connection.id,
      connection_name: connection.name,
      strategy: connection.strategy,
      tenant_name: context.domain,
      user_id_attribute: body.user_id_attribute === undefined ? DEFAULT_USER_ID_ATTRIBUTE : checkUserIdAttribute(body.user_id_attribute),
      mapping: body.mapping === undefined ? defaultMapping(connection.strategy) : checkMapping(body.mapping),
      created_at: now,
      updated_on: now,
    };
    store.scimConfigurations.set(connection.id, record);
    res.status(201).json(wire(record));
  });

  router.get('/connections/:id/scim-configuration', requireScope('read:scim_config'), (req, res) => {
    res.json(wire(existing(req)));
  });

  router.patch('/connections/:id/scim-configuration', requireScope('update:scim_config'), (req, res) => {
    const record = existing(req);
    const body = expectObject(req.body);
    rejectUnknownProperties(body, ['user_id_attribute', 'mapping'] satisfies (keyof Management.UpdateScimConfigurationRequestContent)[]);
    requireProperties(body, ['user_id_attribute', 'mapping']);
    record.user_id_attribute = checkUserIdAttribute(body.user_id_attribute);
    record.mapping = checkMapping(body.mapping);
    record.updated_on = new Date().toISOString();
    res.json(wire(record));
  });

  router.delete('/connections/:id/scim-configuration', requireScope('delete:scim_config'), (req, res) => {
    const record = existing(req);
    store.scimConfigurations.delete(record.connection_id);
    for (const [tokenId, token] of store.scimTokens) if (token.connection_id === record.connection_id) store.scimTokens.delete(tokenId);
    res.status(204).end();
  });

  router.get('/connections/:id/scim-configuration/default-mapping', requireScope('read:scim_config'), (req, res) => {
    const connection = scimCapableConnection(req);
    res.json({ mapping: defaultMapping(connection.strategy) } satisfies Management.GetScimConfigurationDefaultMappingResponseContent);
  });

  function scimCapableConnection(req: Request): WireConnection {
    const connection = store.connections.get(String(req.params.id));
    if (!connection) throw inexistentConnection();
    if (!SCIM_STRATEGIES.has(connection.strategy))
      throw new ManagementApiError(
        404,
        'This connection type does not support SCIM. Please see our documentation for the currently supported connection types: https://auth0.com/docs/authenticate/protocols/scim/configure-inbound-scim.',
      );
    return connection;
  }

  function existing(req: Request): ScimConfigurationRecord {
    const connection = scimCapableConnection(req);
    return scimConfigurationOf(context, connection.id);
  }

  return router;
}

/** The connection's SCIM configuration, or the bare 404 the recorded tenant answers without one. */
export function scimConfigurationOf(context: Auth0TenantContext, connectionId: string): ScimConfigurationRecord {
  const record = context.store.scimConfigurations.get(connectionId);
  if (!record) throw new ManagementApiError(404, 'Not Found');
  return record;
}

function wire(record: ScimConfigurationRecord): ScimConfigurationWire {
  return {
    tenant_name: record.tenant_name,
    connection_id: record.connection_id,
    connection_name: record.connection_name,
    strategy: record.strategy,
    user_id_attribute: record.user_id_attribute,
    mapping: record.mapping.map(item => ({ ...item })),
    created_at: record.created_at,
    updated_on: record.updated_on,
  };
}

function checkUserIdAttribute(value: unknown): string {
  expectType({ user_id_attribute: value }, 'user_id_attribute', 'string');
  const text = value as string;
  if (!text) throw payloadError('String is too short (0 chars), minimum 1', 'user_id_attribute');
  scimPath(text, 'user_id_attribute');
  return text;
}

/**
 * An array of {scim, auth0}; each SCIM attribute and each Auth0 attribute mapped once ("One-to-one
 * mapping"); `id`, `meta` and `password` cannot be mapped; Auth0-owned fields cannot be targets.
 */
function checkMapping(value: unknown): { scim: string; auth0: string }[] {
  if (!Array.isArray(value)) throw payloadError(`Expected type array but found type ${value === null ? 'null' : typeof value}`, 'mapping');
  const seenScim = new Set<string>();
  const seenAuth0 = new Set<string>();
  return value.map((item, i) => {
    const property = `mapping[${i}]`;
    const entry = expectObject(item, property);
    rejectUnknownProperties(entry, ['scim', 'auth0'], property);
    requireProperties(entry, ['scim', 'auth0'], property);
    expectType(entry, 'scim', 'string', `${property}.scim`);
    expectType(entry, 'auth0', 'string', `${property}.auth0`);
    const scim = entry.scim as string;
    const auth0 = entry.auth0 as string;
    const path = scimPath(scim, `${property}.scim`);
    if (!path.schema && UNMAPPABLE_SCIM_ATTRIBUTES.has(path.attribute.toLowerCase()))
      throw payloadError(`The SCIM attribute "${scim}" cannot be mapped`, `${property}.scim`);
    if (!AUTH0_PATH.test(auth0)) throw payloadError(`Invalid Auth0 attribute "${auth0}"`, `${property}.auth0`);
    const root = auth0.split('.')[0];
    if (UNMAPPABLE_AUTH0_ATTRIBUTES.has(root)) throw payloadError(`The Auth0 attribute "${auth0}" cannot be mapped`, `${property}.auth0`);
    if (auth0.includes('.') && root !== 'app_metadata' && root !== 'user_metadata')
      throw payloadError(`Nested Auth0 attributes must be under app_metadata or user_metadata: "${auth0}"`, `${property}.auth0`);
    if (seenScim.has(scim.toLowerCase())) throw payloadError(`The SCIM attribute "${scim}" is mapped more than once`, `${property}.scim`);
    if (seenAuth0.has(auth0)) throw payloadError(`The Auth0 attribute "${auth0}" is mapped more than once`, `${property}.auth0`);
    seenScim.add(scim.toLowerCase());
    seenAuth0.add(auth0);
    return { scim, auth0 };
  });
}

function scimPath(text: string, property: string) {
  try {
    return parseAttributePath(text);
  } catch (error) {
    if (error instanceof ScimError) throw payloadError(error.detail, property);
    throw error;
  }
}
