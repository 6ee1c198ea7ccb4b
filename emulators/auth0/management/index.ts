// Auth0 Management API v2, mounted at /api/v2. The pipeline, in order: record the call (event
// `auth0.management`), injected faults (control plane), the tenant rate limit, the access token,
// the JSON body, then one router per resource; unknown routes and every error end in Auth0's
// error body {statusCode, error, message, errorCode?} — never a stack trace.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { authenticateCaller } from './access-token.ts';
import { injectedFaultError, routeNotFound } from './errors.ts';
import { finalErrorHandler } from '../../shared/request-errors.ts';
import { jsonBody } from '../../shared/request-parsers.ts';
import { managementApiProblem } from '../request-problems.ts';
import { rateLimitMiddleware, setRateLimitHeaders } from './rate-limit.ts';
import { clientsRouter } from './clients.ts';
import { connectionsRouter } from './connections.ts';
import { connectionClientsRouter } from './connection-clients.ts';
import { usersRouter } from './users.ts';
import { userSessionsRouter } from './user-sessions.ts';
import { scimConfigurationRouter } from './scim-configuration.ts';
import { scimTokensRouter } from './scim-tokens.ts';
import { userRevokeAccessRouter } from './user-revoke-access.ts';
import { promptsRouter } from './prompts.ts';
import { resourceServersRouter } from './resource-servers.ts';
import { clientGrantsRouter } from './client-grants.ts';
import { logsRouter } from './logs.ts';

export { issueManagementToken } from './management-token.ts';

export function managementApi(context: Auth0TenantContext): Router {
  const router = express.Router();
  const limiter = context.managementRateLimit;

  router.use(recordCalls(context));
  router.use(
    context.faults.middleware((_req, res, rule) => {
      const state = limiter.peek();
      if (rule.status === 429) {
        const wait = Math.max(0, Math.ceil(rule.retryAfterSeconds ?? 0));
        setRateLimitHeaders(res, { limit: state.limit, remaining: 0, resetEpochSeconds: wait ? Math.ceil(Date.now() / 1000) + wait : state.resetEpochSeconds });
        if (wait) res.setHeader('Retry-After', String(wait));
      } else setRateLimitHeaders(res, state);
      injectedFaultError(rule).send(res);
    }),
  );
  router.use(rateLimitMiddleware(limiter));
  router.use(authenticateCaller(context));
  router.use(jsonBody({ limit: '1mb', type: ['application/json', 'application/*+json'] }));

  router.use(clientsRouter(context));
  router.use(connectionsRouter(context));
  router.use(connectionClientsRouter(context));
  router.use(usersRouter(context));
  router.use(userSessionsRouter(context));
  router.use(scimConfigurationRouter(context));
  router.use(scimTokensRouter(context));
  router.use(userRevokeAccessRouter(context));
  router.use(promptsRouter());
  router.use(resourceServersRouter(context));
  router.use(clientGrantsRouter(context));
  router.use(logsRouter(context));

  router.use(() => {
    throw routeNotFound();
  });
  router.use(finalErrorHandler({ events: context.events, surface: 'auth0.management', render: managementApiProblem }));
  return router;
}

/** One event per call, once answered: method, path (no query), status, calling client. */
function recordCalls(context: Auth0TenantContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    const path = `/api/v2${req.path}`;
    res.on('finish', () => {
      const caller = res.locals.caller as { clientId?: string } | undefined;
      context.events.record('auth0.management', { method: req.method, path, status: res.statusCode, client_id: caller?.clientId });
    });
    next();
  };
}
