// Inbound SCIM 2.0 for enterprise connections, at /scim/v2/connections/{connection_id} (see
// docs/fidelity.md#inbound-scim). The pipeline, in order: injected faults (control plane), one `auth0.scim` event
// per request once answered, the connection and its SCIM configuration (404), the bearer token
// (401), the JSON body (application/scim+json or application/json), then /Users and /Groups, each
// route checking its token scope (403). Every error is a SCIM error body, never a stack trace.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { scimGroupsRouter } from './groups.ts';
import { ScimError, sendScimError } from './scim-error.ts';
import { finalErrorHandler } from '../../shared/request-errors.ts';
import { jsonBody } from '../../shared/request-parsers.ts';
import { scimProblem } from '../request-problems.ts';
import { authenticateScimCaller } from './scim-token.ts';
import { scimUsersRouter } from './users.ts';

export const SCIM_BASE_PATH = '/scim/v2/connections';

export function scimServer(context: Auth0TenantContext): Router {
  const router = express.Router();
  const connection = express.Router({ mergeParams: true });

  connection.use(
    context.faults.middleware((_req, res, rule) => {
      if (rule.status === 429 && rule.retryAfterSeconds) res.setHeader('Retry-After', String(Math.ceil(rule.retryAfterSeconds)));
      sendScimError(res, new ScimError(rule.status, rule.status === 429 ? 'Too many requests' : `Injected fault (HTTP ${rule.status})`));
    }),
  );
  connection.use(recordRequests(context));
  connection.use(authenticateScimCaller(context));
  connection.use(jsonBody({ limit: '1mb', type: ['application/json', 'application/scim+json', 'application/*+json'] }));
  connection.use(scimUsersRouter(context));
  connection.use(scimGroupsRouter(context));
  connection.use((req: Request) => {
    throw new ScimError(404, `No SCIM resource at ${req.method} ${req.originalUrl.split('?')[0]}`);
  });
  connection.use(finalErrorHandler({ events: context.events, surface: 'auth0.scim', render: scimProblem }));

  router.use(`${SCIM_BASE_PATH}/:connectionId`, connection);
  // No connection id at all (…/connections//Users): a SCIM 404 too.
  router.use(SCIM_BASE_PATH, (req: Request, res: Response) =>
    sendScimError(res, new ScimError(404, `No SCIM resource at ${req.method} ${req.originalUrl.split('?')[0]}`)),
  );
  // A connection id that does not decode (a broken %-escape) fails before `connection` runs.
  router.use(SCIM_BASE_PATH, finalErrorHandler({ events: context.events, surface: 'auth0.scim', render: scimProblem }));
  return router;
}

/** One `auth0.scim` event per request, with what the handler noted (operation, user_id, …). */
function recordRequests(context: Auth0TenantContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.originalUrl.split('?')[0];
    const connectionId = String(req.params.connectionId);
    res.on('finish', () => {
      context.events.record('auth0.scim', {
        method: req.method,
        path,
        connection_id: connectionId,
        status: res.statusCode,
        user_agent: req.headers['user-agent'],
        ...(res.locals.scimEvent ?? {}),
      });
    });
    next();
  };
}
