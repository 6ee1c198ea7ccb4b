// SCIM bearer tokens (docs/fidelity.md#auth0-scim-configuration-and-tokens): minted by the Management API for one connection,
// shown once, stored as a SHA-256 hash; each carries scopes (get:users, post:users, …) and
// optionally an expiry (valid_until). A request's token must belong to the connection in the URL,
// be unexpired, and carry the scope of the operation.
import { createHash, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import type { ScimConfigurationRecord, ScimTokenRecord, WireConnection } from '../store.ts';
import { scimErrors } from './scim-error.ts';
import type { AttributePath } from './scim-filter.ts';
import { compileMapping, userIdAttributePath, type MappingEntry } from './user-mapping.ts';

export const SCIM_USER_SCOPES = ['get:users', 'post:users', 'put:users', 'patch:users', 'delete:users'] as const;
export const SCIM_GROUP_SCOPES = ['get:groups', 'post:groups', 'put:groups', 'patch:groups', 'delete:groups'] as const;
export const SCIM_TOKEN_SCOPES: readonly string[] = [...SCIM_USER_SCOPES, ...SCIM_GROUP_SCOPES];

export interface ScimCaller {
  token: ScimTokenRecord;
  connection: WireConnection;
  config: ScimConfigurationRecord;
  /** The configuration's attribute mapping, compiled once per request. */
  mapping: MappingEntry[];
  /** The SCIM path of the configuration's user_id_attribute. */
  userIdPath: AttributePath;
}

/** A new token value as the recorded tenant mints them: `{token_id}.{64 hex digits}`. */
export function newScimTokenValue(tokenId: string): string {
  return `${tokenId}.${randomBytes(32).toString('hex')}`;
}

export function hashScimToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Resolves the connection of `:connectionId` and the caller's token; answers 404 / 401. */
export function authenticateScimCaller(context: Auth0TenantContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const connectionId = String(req.params.connectionId);
    const connection = context.store.connections.get(connectionId);
    const config = context.store.scimConfigurations.get(connectionId);
    if (!connection || !config) throw scimErrors.connectionNotFound(connectionId);
    const match = /^Bearer +(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match) throw scimErrors.invalidToken();
    const hash = hashScimToken(match[1]);
    const token = [...context.store.scimTokens.values()].find(t => t.tokenHash === hash);
    if (!token || token.connection_id !== connectionId) throw scimErrors.invalidToken();
    if (token.valid_until && Date.parse(token.valid_until) <= Date.now()) throw scimErrors.invalidToken();
    token.last_used_at = new Date().toISOString();
    const caller: ScimCaller = { token, connection, config, mapping: compileMapping(config.mapping), userIdPath: userIdAttributePath(config) };
    res.locals.scim = caller;
    next();
  };
}

export function scimCallerOf(res: Response): ScimCaller {
  return res.locals.scim as ScimCaller;
}

/** Route guard: the token must carry `scope`. */
export function requireScimScope(scope: string) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!scimCallerOf(res).token.scopes.includes(scope)) throw scimErrors.insufficientScope(scope);
    next();
  };
}
