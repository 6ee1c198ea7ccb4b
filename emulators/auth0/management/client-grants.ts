// /api/v2/client-grants: which application may get tokens for which API, with which scopes, on its
// own behalf (`subject_type: client`, machine to machine) or on a user's (`user`). Create 201, get,
// update (PATCH replaces the members sent; `allow_all_scopes: true` drops the scope list), delete
// 204 (also for a grant already gone, as recorded), list with checkpoint or offset pagination and
// the audience/client_id/subject_type/default_for filters. Shapes: docs/fidelity.md#auth0-client-grants.
import express, { type Request, type Router } from 'express';
import { Management } from 'auth0';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { clientGrantId, type WireClientGrant } from '../store.ts';
import { requireScope } from './access-token.ts';
import { ManagementApiError, inexistentClient, inexistentClientGrant, inexistentResourceServer, payloadError } from './errors.ts';
import { checkpointPage, checkpointRequest, offsetPage, offsetRequest, wantsCheckpoint } from './pagination.ts';
import { booleanParam, has, stringParam } from './query-parameters.ts';
import { expectEnum, expectObject, expectStringArray, expectType, rejectUnknownProperties, requireProperties } from './payload-validation.ts';

type CreateKey = keyof Management.CreateClientGrantRequestContent;
type UpdateKey = keyof Management.UpdateClientGrantRequestContent;

const CREATE_FIELDS = [
  'client_id',
  'audience',
  'default_for',
  'organization_usage',
  'allow_any_organization',
  'scope',
  'subject_type',
  'authorization_details_types',
  'allow_all_scopes',
] as const satisfies readonly CreateKey[];
const UPDATE_FIELDS = [
  'scope',
  'organization_usage',
  'allow_any_organization',
  'authorization_details_types',
  'allow_all_scopes',
] as const satisfies readonly UpdateKey[];

const SUBJECT_TYPES = ['client', 'user'];
const ORGANIZATION_USAGE = Object.values(Management.ClientGrantOrganizationUsageEnum);

export function clientGrantsRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;

  function find(req: Request): WireClientGrant {
    const grant = store.clientGrants.get(String(req.params.id));
    if (!grant) throw inexistentClientGrant();
    return grant;
  }

  router.get('/client-grants', requireScope('read:client_grants'), (req, res) => {
    const audience = stringParam(req, 'audience');
    const clientId = stringParam(req, 'client_id');
    const subjectType = stringParam(req, 'subject_type');
    const defaultFor = stringParam(req, 'default_for');
    const anyOrganization = booleanParam(req, 'allow_any_organization');
    const grants = [...store.clientGrants.values()].filter(
      g =>
        (audience === undefined || g.audience === audience) &&
        (clientId === undefined || g.client_id === clientId) &&
        (subjectType === undefined || (g.subject_type ?? 'client') === subjectType) &&
        (defaultFor === undefined || g.default_for === defaultFor) &&
        (anyOrganization === undefined || (g.allow_any_organization ?? false) === anyOrganization),
    );
    // The recorded tenant answers a checkpoint page whenever `take` is sent, even beside per_page and include_totals.
    if (wantsCheckpoint(req)) return res.json(checkpointPage(grants, checkpointRequest(req), 'client_grants'));
    if (has(req, 'page') || has(req, 'per_page') || booleanParam(req, 'include_totals'))
      return res.json(offsetPage(grants, offsetRequest(req), 'client_grants', false));
    res.json(grants);
  });

  router.post('/client-grants', requireScope('create:client_grants'), (req, res) => {
    const input = expectObject(req.body);
    rejectUnknownProperties(input, CREATE_FIELDS);
    requireProperties(input, ['audience']);
    validateCommon(input);
    expectType(input, 'client_id', 'string');
    expectType(input, 'audience', 'string');
    expectEnum(input, 'subject_type', SUBJECT_TYPES);
    expectEnum(input, 'default_for', ['third_party_clients']);
    if ((input.client_id === undefined) === (input.default_for === undefined))
      throw payloadError('Exactly one of client_id and default_for is required', input.client_id === undefined ? 'client_id' : 'default_for');
    const clientId = input.client_id as string | undefined;
    const audience = input.audience as string;
    if (clientId !== undefined && !store.clients.has(clientId)) throw inexistentClient();
    if (!store.resourceServerByIdentifier(audience)) throw inexistentResourceServer();
    const subjectType = (input.subject_type as 'client' | 'user' | undefined) ?? 'client';
    const duplicate = [...store.clientGrants.values()].some(
      g =>
        g.audience === audience && (g.subject_type ?? 'client') === subjectType && (clientId ? g.client_id === clientId : g.default_for === input.default_for),
    );
    if (duplicate) throw new ManagementApiError(409, 'A client grant for this client and audience already exists', 'client_grant_conflict');
    const { allow_all_scopes: allowAll, scope, ...rest } = input;
    const grant = {
      id: clientGrantId(),
      ...rest,
      ...(allowAll === true ? { allow_all_scopes: true } : { scope: (scope as string[] | undefined) ?? [] }),
      ...(allowAll === false ? { allow_all_scopes: false } : {}),
      subject_type: subjectType,
    } as WireClientGrant;
    store.clientGrants.set(grant.id, grant);
    res.status(201).json(grant);
  });

  router.get('/client-grants/:id', requireScope('read:client_grants'), (req, res) => {
    res.json(find(req));
  });

  router.patch('/client-grants/:id', requireScope('update:client_grants'), (req, res) => {
    const grant = find(req);
    const input = expectObject(req.body);
    rejectUnknownProperties(input, UPDATE_FIELDS);
    validateCommon(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null)));
    const updated: Record<string, unknown> = { ...grant } as Record<string, unknown>;
    for (const [key, value] of Object.entries(input)) {
      if (value === null) delete updated[key];
      else updated[key] = value;
    }
    // Every scope of the API: the grant's own list is gone (recorded), until a PATCH sends one again.
    if (input.allow_all_scopes === true && input.scope === undefined) delete updated.scope;
    store.clientGrants.set(grant.id, updated as unknown as WireClientGrant);
    res.json(updated);
  });

  router.delete('/client-grants/:id', requireScope('delete:client_grants'), (req, res) => {
    store.clientGrants.delete(String(req.params.id));
    res.status(204).end();
  });

  return router;
}

function validateCommon(input: Record<string, unknown>): void {
  expectStringArray(input, 'scope');
  expectStringArray(input, 'authorization_details_types');
  expectType(input, 'allow_all_scopes', 'boolean');
  expectType(input, 'allow_any_organization', 'boolean');
  expectEnum(input, 'organization_usage', ORGANIZATION_USAGE);
}
