// Finding the resource a path names, or 404 E0000007 with Okta's type name for it.
import type { Request } from 'express';
import type { AppRecord, OktaStore, UserRecord, WireGroup, WireTrustedOrigin } from '../store.ts';
import { failures } from './errors.ts';
import { pathParam } from './request-input.ts';

export function appFromPath(store: OktaStore, req: Request): AppRecord {
  const appId = pathParam(req, 'appId');
  const record = store.apps.get(appId);
  if (!record) throw failures.notFound(appId, 'AppInstance');
  return record;
}

/** Users are addressed by id, by login (case-insensitive), or as `me`: the API token's owner. */
export function userFromPath(store: OktaStore, req: Request): UserRecord {
  const idOrLogin = pathParam(req, 'userId');
  const record = store.findUser(idOrLogin === 'me' ? store.apiTokenOwnerId : idOrLogin);
  if (!record) throw failures.notFound(idOrLogin, 'User');
  return record;
}

export function groupFromPath(store: OktaStore, req: Request): WireGroup {
  const groupId = pathParam(req, 'groupId');
  const group = store.groups.get(groupId);
  if (!group) throw failures.notFound(groupId, 'UserGroup');
  return group;
}

export function trustedOriginFromPath(store: OktaStore, req: Request): WireTrustedOrigin {
  const id = pathParam(req, 'trustedOriginId');
  const origin = store.trustedOrigins.get(id);
  if (!origin) throw failures.notFound(id, 'TrustedOrigin');
  return origin;
}
