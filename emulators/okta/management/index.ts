// Okta Management API (/api/v1). The pipeline, in order:
//   injected faults → request id + event → rate limit → SSWS token → JSON body → endpoints
//   → 404 E0000008 for unknown paths → Okta error bodies for every failure.
// One file per resource under this folder; what each reproduces: docs/fidelity.md#management-api.
import express, { type Router } from 'express';
import { finalErrorHandler } from '../../shared/request-errors.ts';
import { jsonBody } from '../../shared/request-parsers.ts';
import { managementApiProblem } from '../request-problems.ts';
import type { OktaOrgContext } from '../org-context.ts';
import { appGroupsRoutes } from './app-groups.ts';
import { appUsersRoutes } from './app-users.ts';
import { appsRoutes } from './apps.ts';
import { requireApiToken } from './authentication.ts';
import { failures } from './errors.ts';
import { rejectStructuredSearch } from './request-input.ts';
import { oktaFaultRenderer } from './fault-renderer.ts';
import { groupsRoutes } from './groups.ts';
import { Links } from './links.ts';
import { oktaRateLimit, rateLimitMiddleware } from './rate-limit.ts';
import { trackRequest } from './request-log.ts';
import { trustedOriginsRoutes } from './trusted-origins.ts';
import { userLifecycleRoutes } from './user-lifecycle.ts';
import { userSessionsRoutes } from './user-sessions.ts';
import { usersRoutes } from './users.ts';
import { policiesRoutes } from './policies.ts';

export function managementApi(context: OktaOrgContext): Router {
  const router = express.Router();
  const links = new Links(context.origin, context.store, appId => context.store.policies.accessPolicyOf(appId)?.wire.id);
  const rateLimit = oktaRateLimit(context.behaviour, context.store.rateLimitWindows);

  router.use(context.faults.middleware(oktaFaultRenderer(context.events, context.behaviour, rateLimit)));
  router.use((req, res, next) => {
    trackRequest(req, res, context.events);
    next();
  });
  router.use(rateLimitMiddleware(rateLimit));
  router.use(requireApiToken(() => context.apiToken));
  // Okta reads JSON bodies only; a malformed one is 400 E0000003 (via the error handler).
  router.use(jsonBody({ limit: '1mb' }));
  router.use((req, _res, next) => {
    rejectStructuredSearch(req);
    next();
  });

  appsRoutes(router, context, links);
  appUsersRoutes(router, context, links);
  appGroupsRoutes(router, context, links);
  usersRoutes(router, context, links);
  userLifecycleRoutes(router, context, links);
  userSessionsRoutes(router, context);
  groupsRoutes(router, context, links);
  trustedOriginsRoutes(router, context, links);
  policiesRoutes(router, context, links);

  router.use((_req, _res, next) => next(failures.unknownPath()));
  router.use(finalErrorHandler({ events: context.events, surface: 'okta.management', render: managementApiProblem }));
  return router;
}
