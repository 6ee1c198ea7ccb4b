// /api/v2/users: list/search (q, search_engine=v3, offset pagination with an empty page past the
// end), get by id (the `|` of okta user ids arrives percent-encoded), users-by-email (bare array,
// case-insensitive), POST (a database-connection user, user-create.ts), PATCH (blocked, metadata
// merge, root attributes) and DELETE (204, also for a user that is already gone). Users of the okta
// connection are created by logins (the okta broker) or SCIM. docs/fidelity.md#auth0-users.
import express, { type Request, type Response, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import type { WireUser } from '../store.ts';
import { callerOf, requireScope } from './access-token.ts';
import { ManagementApiError, inexistentUser, insufficientScope, queryError } from './errors.ts';
import { fieldSelection } from './field-selection.ts';
import { offsetPage, offsetRequest } from './pagination.ts';
import { stringParam } from './query-parameters.ts';
import { parseUserQuery, valuesAt, type UserRecord } from './user-search.ts';
import { checkUserUpdate, applyUserUpdate } from './user-update.ts';
import { createDatabaseUser } from './user-create.ts';
import { endUserAccess } from '../scim/user-access.ts';

const READ = ['read:users', 'read:user_idp_tokens'];
/** Auth0 serves only the first 1000 results of a search. */
const SEARCH_WINDOW = 1000;

export function usersRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  const { store } = context;

  function find(req: Request): WireUser {
    const user = store.users.get(String(req.params.id));
    if (!user) throw inexistentUser();
    return user;
  }

  router.get('/users', requireScope(...READ), (req, res) => {
    const searchEngine = stringParam(req, 'search_engine');
    if (searchEngine !== undefined && searchEngine !== 'v3') throw queryError(`No enum match for: "${searchEngine}"`, 'search_engine');
    const q = stringParam(req, 'q');
    const matches = q ? parseUserQuery(q) : () => true;
    const connection = stringParam(req, 'connection');
    const page = offsetRequest(req);
    if ((page.page + 1) * page.perPage > SEARCH_WINDOW)
      throw new ManagementApiError(
        400,
        'You can only page through the first 1000 records. See https://auth0.com/docs/users/search/v3/view-search-results-by-page#limitation',
      );
    let users = [...store.users.values()].filter(u => matches(u as UserRecord));
    if (connection) users = users.filter(u => u.identities?.some(i => i.connection === connection));
    users = sortUsers(users, stringParam(req, 'sort'));
    const select = fieldSelection(req);
    res.json(
      offsetPage(
        users.map(u => select(visible(u, res))),
        page,
        'users',
      ),
    );
  });

  router.get('/users-by-email', requireScope(...READ), (req, res) => {
    const email = stringParam(req, 'email');
    if (!email) throw queryError('Missing required property: email');
    const wanted = email.toLowerCase();
    const select = fieldSelection(req);
    res.json([...store.users.values()].filter(u => typeof u.email === 'string' && u.email.toLowerCase() === wanted).map(u => select(visible(u, res))));
  });

  router.post('/users', requireScope('create:users'), (req, res) => {
    const user = createDatabaseUser(store, req.body);
    store.users.set(user.user_id, user);
    res.status(201).json(visible(user, res));
  });

  router.get('/users/:id', requireScope(...READ), (req, res) => {
    res.json(fieldSelection(req)(visible(find(req), res)));
  });

  router.patch('/users/:id', requireScope('update:users', 'update:users_app_metadata'), (req, res) => {
    const user = find(req);
    const update = checkUserUpdate(req.body, user, store);
    const { scopes } = callerOf(res);
    if (!scopes.has('update:users') && Object.keys(update).some(k => k !== 'app_metadata' && k !== 'user_metadata')) throw insufficientScope(['update:users']);
    const updated = applyUserUpdate(user, update);
    store.users.set(updated.user_id, updated);
    res.json(visible(updated, res));
  });

  router.delete('/users/:id', requireScope('delete:users'), async (req, res) => {
    const userId = String(req.params.id);
    if (store.users.delete(userId)) {
      // A deleted user's sessions end (relying parties hear of it by back-channel logout, initiator
      // account-deleted) and their refresh tokens stop working.
      await endUserAccess(context, userId, 'account-deleted').catch(error => {
        context.events.record('auth0.management.error', { during: 'ending the sessions of a deleted user', user_id: userId, error });
      });
    }
    res.status(204).end();
  });

  return router;
}

/** `sort=field:1` (ascending) or `field:-1`. */
function sortUsers(users: WireUser[], sort: string | undefined): WireUser[] {
  if (!sort) return users;
  const match = /^([A-Za-z0-9_.]+):(1|-1)$/.exec(sort);
  if (!match) throw queryError(`String does not match pattern ^(([a-zA-Z0-9_\\.]+))\\:(1|-1)$: ${sort}`, 'sort');
  const [, field, direction] = match;
  const key = (u: WireUser) => {
    const v = valuesAt(u as UserRecord, field)[0];
    return v === undefined || v === null ? '' : String(v);
  };
  return [...users].sort((a, b) => key(a).localeCompare(key(b)) * Number(direction));
}

/** Tokens an identity provider issued are shown only to tokens with read:user_idp_tokens. */
function visible(user: WireUser, res: Response): Record<string, unknown> {
  if (callerOf(res).scopes.has('read:user_idp_tokens') || !user.identities) return user;
  return {
    ...user,
    identities: user.identities.map(identity => {
      const { access_token: _a, refresh_token: _r, access_token_secret: _s, expires_in: _e, ...rest } = identity as Record<string, unknown>;
      return rest;
    }),
  };
}
