// /api/v2/connections: create 201 (okta/oidc: discovery of the provider first), get, update (PATCH:
// `options` replaces the options object, except what the tenant manages, see connection-options.ts;
// name and strategy are immutable), delete (202 {deleted_at}, then 204), list (checkpoint envelope
// for take/from, as the SDK always asks; offset envelope for page/per_page).
// Shapes and defaults: docs/fidelity.md#auth0-connections.
import express, { type Request, type Router } from 'express';
import { Management } from 'auth0';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { connectionId, type WireConnection } from '../store.ts';
import { requireScope } from './access-token.ts';
import { connectionConflict, inexistentConnection, payloadError } from './errors.ts';
import { fieldSelection } from './field-selection.ts';
import { checkpointPage, checkpointRequest, offsetPage, offsetRequest, wantsCheckpoint } from './pagination.ts';
import { booleanParam, has, stringListParam, stringParam } from './query-parameters.ts';
import {
  expectEnum,
  expectObject,
  expectStringArray,
  expectStringLength,
  expectType,
  rejectUnknownProperties,
  requireProperties,
} from './payload-validation.ts';
import { DATABASE_STRATEGIES, newConnectionOptions, updatedConnectionOptions } from './connection-options.ts';

type CreateKey = keyof Management.CreateConnectionRequestContent;
type UpdateKey = keyof Management.UpdateConnectionRequestContent;

const CREATE_FIELDS = [
  'name',
  'display_name',
  'strategy',
  'options',
  'enabled_clients',
  'is_domain_connection',
  'show_as_button',
  'realms',
  'metadata',
  'authentication',
  'connected_accounts',
  'cross_app_access_requesting_app',
  'cross_app_access_resource_app',
] as const satisfies readonly CreateKey[];
const UPDATE_FIELDS = [
  'display_name',
  'options',
  'enabled_clients',
  'is_domain_connection',
  'show_as_button',
  'realms',
  'metadata',
  'authentication',
  'connected_accounts',
  'cross_app_access_requesting_app',
  'cross_app_access_resource_app',
] as const satisfies readonly UpdateKey[];

const STRATEGIES = Object.values(Management.ConnectionStrategyEnum);
/** Members a `fields` selection of one connection always includes (recorded). */
const ALWAYS_SELECTED = ['id', 'is_domain_connection', 'authentication', 'connected_accounts'];
const NAME_PATTERN = /^[a-zA-Z0-9](-[a-zA-Z0-9]|[a-zA-Z0-9])*$/;
const NAME_PROPERTY =
  "name (The name of the connection. Must start and end with an alphanumeric character and can only contain alphanumeric characters and '-'. Max length 128)";

export function connectionsRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;

  function find(req: Request): WireConnection {
    const connection = store.connections.get(String(req.params.id));
    if (!connection) throw inexistentConnection();
    return connection;
  }

  router.get('/connections', requireScope('read:connections'), (req, res) => {
    // Only the single read was recorded adding members to a selection; a list keeps to what is named.
    const select = fieldSelection(req);
    const name = stringParam(req, 'name');
    const strategies = stringListParam(req, 'strategy');
    const connections = [...store.connections.values()]
      .filter(c => name === undefined || c.name === name)
      .filter(c => !strategies || strategies.includes(c.strategy))
      .map(c => select(listForm(c)));
    if (wantsCheckpoint(req)) return res.json(checkpointPage(connections, checkpointRequest(req), 'connections'));
    if (has(req, 'page') || has(req, 'per_page') || booleanParam(req, 'include_totals'))
      return res.json(offsetPage(connections, offsetRequest(req), 'connections', false));
    // No pagination parameter at all (the legacy v4 SDK): a plain array.
    res.json(connections);
  });

  router.post('/connections', requireScope('create:connections'), async (req, res) => {
    const body = expectObject(req.body);
    rejectUnknownProperties(body, CREATE_FIELDS);
    requireProperties(body, ['name', 'strategy']);
    expectType(body, 'name', 'string', NAME_PROPERTY);
    const name = body.name as string;
    expectStringLength(body, 'name', 1, 128, NAME_PROPERTY);
    if (!NAME_PATTERN.test(name)) throw payloadError(`String does not match pattern ${NAME_PATTERN.source}: ${name}`, NAME_PROPERTY);
    expectEnum(body, 'strategy', STRATEGIES, 'strategy');
    validateCommon(body);
    if (store.connectionByName(name)) throw connectionConflict();
    const enabledClients = checkClientIds(body.enabled_clients);

    const strategy = body.strategy as string;
    const options = await newConnectionOptions(context, strategy, body.options ?? undefined);
    // Enterprise connections get a button setting and a display name; database ones only when sent.
    const enterprise = !DATABASE_STRATEGIES.has(strategy);
    // Discovery awaited the network: the name may have been taken meanwhile.
    if (store.connectionByName(name)) throw connectionConflict();

    const connection: WireConnection = {
      id: connectionId(),
      options,
      strategy,
      name,
      is_domain_connection: (body.is_domain_connection as boolean | undefined) ?? false,
      ...(enterprise || body.show_as_button !== undefined ? { show_as_button: (body.show_as_button as boolean | undefined) ?? false } : {}),
      authentication: { active: true },
      connected_accounts: { active: false },
      ...(enterprise || body.display_name !== undefined ? { display_name: (body.display_name as string | undefined) ?? name } : {}),
      enabled_clients: enabledClients ?? [],
      realms: realmsOf(body.realms, name),
      ...optional(body, ['metadata', 'authentication', 'connected_accounts', 'cross_app_access_requesting_app', 'cross_app_access_resource_app']),
    };
    store.connections.set(connection.id, connection);
    store.deletedConnections.delete(connection.id);
    res.status(201).json(connection);
  });

  router.get('/connections/:id', requireScope('read:connections'), (req, res) => {
    res.json(fieldSelection(req, ALWAYS_SELECTED)(find(req)));
  });

  router.patch('/connections/:id', requireScope('update:connections'), async (req, res) => {
    const connection = find(req);
    const body = expectObject(req.body);
    rejectUnknownProperties(body, UPDATE_FIELDS);
    validateCommon(body);
    const enabledClients = checkClientIds(body.enabled_clients);
    const options = body.options === undefined ? undefined : await updatedConnectionOptions(context, connection.strategy, body.options, connection.options);
    if (!store.connections.has(connection.id)) throw inexistentConnection();

    if (options) connection.options = options;
    if (enabledClients) connection.enabled_clients = enabledClients;
    if (body.realms !== undefined) connection.realms = realmsOf(body.realms, connection.name);
    // The SDK's docs say a PATCH without display_name resets it to the name; the recorded tenant
    // leaves it as it was (docs/fidelity.md#auth0-connections).
    Object.assign(
      connection,
      optional(body, [
        'display_name',
        'is_domain_connection',
        'show_as_button',
        'metadata',
        'authentication',
        'connected_accounts',
        'cross_app_access_requesting_app',
        'cross_app_access_resource_app',
      ]),
    );
    res.json(connection);
  });

  router.delete('/connections/:id', requireScope('delete:connections'), (req, res) => {
    const id = String(req.params.id);
    if (store.deletedConnections.has(id)) return res.status(204).end();
    const connection = find(req);
    store.connections.delete(id);
    store.deletedConnections.add(id);
    // Auth0 deletes the connection's users with it (asynchronously; here at once), and its SCIM set-up.
    for (const [userId, user] of store.users) if (user.identities?.some(i => i.connection === connection.name)) store.users.delete(userId);
    store.scimConfigurations.delete(id);
    for (const [tokenId, token] of store.scimTokens) if (token.connection_id === id) store.scimTokens.delete(tokenId);
    res.status(202).json({ deleted_at: new Date().toISOString() });
  });

  /** Every client id must name an existing application. */
  function checkClientIds(value: unknown): string[] | undefined {
    if (value === undefined || value === null) return undefined;
    const ids = value as string[];
    const unknown = ids.filter(id => !store.clients.has(id));
    if (unknown.length) throw payloadError(`The following clients do not exist: ${unknown.join(', ')}`, 'enabled_clients');
    return [...new Set(ids)];
  }

  return router;
}

function validateCommon(body: Record<string, unknown>): void {
  expectType(body, 'display_name', 'string');
  expectType(body, 'options', ['object', 'null']);
  expectType(body, 'is_domain_connection', 'boolean');
  expectType(body, 'show_as_button', 'boolean');
  expectStringArray(body, 'realms');
  if (body.enabled_clients !== null) expectStringArray(body, 'enabled_clients');
  expectType(body, 'metadata', 'object');
}

/** "If the array is empty or the property is not specified, the connection name will be added as realm." */
function realmsOf(value: unknown, name: string): string[] {
  return Array.isArray(value) && value.length ? (value as string[]) : [name];
}

function optional(body: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter(k => body[k] !== undefined).map(k => [k, body[k]]));
}

/** The list form (v7 ConnectionForList): everything but the deprecated enabled_clients. */
export function listForm(connection: WireConnection): Record<string, unknown> {
  const { enabled_clients: _deprecated, ...rest } = connection;
  return rest;
}
