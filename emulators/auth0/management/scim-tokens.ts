// SCIM tokens of a connection's SCIM configuration (docs/fidelity.md#auth0-scim-configuration-and-tokens):
//   POST   /connections/{id}/scim-configuration/tokens {scopes?, token_lifetime?}  201, value shown once
//   GET    /connections/{id}/scim-configuration/tokens                             bare array, no values
//   DELETE /connections/{id}/scim-configuration/tokens/{tokenId}                   204
// At most two active (unexpired) tokens per connection, so a token can be rotated without downtime;
// token_lifetime must exceed 900 s (no lifetime: the token does not expire). The value is stored
// only as a SHA-256 hash. Scopes create/read/delete:scim_token.
import express, { type Router } from 'express';
import type { Management } from 'auth0';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { randomAlnum, type ScimTokenRecord } from '../store.ts';
import { hashScimToken, newScimTokenValue, SCIM_TOKEN_SCOPES } from '../scim/scim-token.ts';
import { registerSecret } from '../../../lib/redaction.ts';
import { requireScope } from './access-token.ts';
import { ManagementApiError, inexistentConnection, payloadError } from './errors.ts';
import { expectObject, expectType, jsonType, rejectUnknownProperties } from './payload-validation.ts';
import { scimConfigurationOf } from './scim-configuration.ts';

export const MAX_ACTIVE_SCIM_TOKENS = 2;
export const MIN_SCIM_TOKEN_LIFETIME_SECONDS = 900;
/**
 * Scopes of a token created without `scopes`: every SCIM scope. Auth0 does not document the
 * default of the API (the dashboard pre-selects Okta's get/post/put:users) [unverified].
 */
export const DEFAULT_SCIM_TOKEN_SCOPES: readonly string[] = SCIM_TOKEN_SCOPES;

export function scimTokensRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;
  const base = '/connections/:id/scim-configuration/tokens';

  const configuration = (id: string) => {
    if (!store.connections.has(id)) throw inexistentConnection();
    return scimConfigurationOf(context, id);
  };
  const tokensOf = (connectionId: string) => [...store.scimTokens.values()].filter(t => t.connection_id === connectionId);

  router.post(base, requireScope('create:scim_token'), (req, res) => {
    const { connection_id: connectionId } = configuration(String(req.params.id));
    const body = expectObject(req.body ?? {});
    rejectUnknownProperties(body, ['scopes', 'token_lifetime'] satisfies (keyof Management.CreateScimTokenRequestContent)[]);
    const scopes = checkScopes(body.scopes);
    const lifetime = checkLifetime(body.token_lifetime);
    const now = Date.now();
    const active = tokensOf(connectionId).filter(t => !t.valid_until || Date.parse(t.valid_until) > now);
    if (active.length >= MAX_ACTIVE_SCIM_TOKENS)
      throw new ManagementApiError(409, `The connection already has the maximum of ${MAX_ACTIVE_SCIM_TOKENS} active SCIM tokens; delete one first`);

    const tokenId = `tok_${randomAlnum(16)}`;
    const value = newScimTokenValue(tokenId);
    registerSecret(value);
    const record: ScimTokenRecord = {
      token_id: tokenId,
      connection_id: connectionId,
      tokenHash: hashScimToken(value),
      scopes,
      created_at: new Date(now).toISOString(),
      ...(lifetime !== undefined ? { valid_until: new Date(now + lifetime * 1000).toISOString() } : {}),
    };
    store.scimTokens.set(record.token_id, record);
    const response: Management.CreateScimTokenResponseContent = {
      token_id: record.token_id,
      token: value,
      scopes: [...record.scopes],
      created_at: record.created_at,
      ...(record.valid_until ? { valid_until: record.valid_until } : {}),
    };
    res.status(201).json(response);
  });

  router.get(base, requireScope('read:scim_token'), (req, res) => {
    const { connection_id: connectionId } = configuration(String(req.params.id));
    const list: Management.GetScimTokensResponseContent = tokensOf(connectionId).map(t => ({
      token_id: t.token_id,
      scopes: [...t.scopes],
      created_at: t.created_at,
      ...(t.valid_until ? { valid_until: t.valid_until } : {}),
      ...(t.last_used_at ? { last_used_at: t.last_used_at } : {}),
    }));
    res.json(list);
  });

  router.delete(`${base}/:tokenId`, requireScope('delete:scim_token'), (req, res) => {
    const { connection_id: connectionId } = configuration(String(req.params.id));
    const token = store.scimTokens.get(String(req.params.tokenId));
    if (!token || token.connection_id !== connectionId) throw new ManagementApiError(404, 'The SCIM token does not exist');
    store.scimTokens.delete(token.token_id);
    res.status(204).end();
  });

  return router;
}

function checkScopes(value: unknown): string[] {
  if (value === undefined) return [...DEFAULT_SCIM_TOKEN_SCOPES];
  expectType({ scopes: value }, 'scopes', 'array');
  const scopes = value as unknown[];
  if (scopes.length === 0) throw payloadError('Array is too short (0), minimum 1', 'scopes');
  scopes.forEach((scope, i) => {
    if (typeof scope !== 'string') throw payloadError(`Expected type string but found type ${jsonType(scope)}`, `scopes[${i}]`);
    if (!SCIM_TOKEN_SCOPES.includes(scope)) throw payloadError(`No enum match for: ${JSON.stringify(scope)}`, `scopes[${i}]`);
  });
  return [...new Set(scopes as string[])];
}

function checkLifetime(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  expectType({ token_lifetime: value }, 'token_lifetime', 'integer');
  if ((value as number) <= MIN_SCIM_TOKEN_LIFETIME_SECONDS)
    throw payloadError(
      `Value ${value} is less than or equal to the minimum of ${MIN_SCIM_TOKEN_LIFETIME_SECONDS}: token_lifetime must be greater than 900`,
      'token_lifetime',
    );
  return value as number;
}
