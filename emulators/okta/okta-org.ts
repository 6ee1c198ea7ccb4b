// The Okta org emulator: Management API (/api/v1), the org authorization server (/oauth2/v1),
// the hosted sign-in (Sign-In Widget and Identity Engine API), and the control plane (/_emulator),
// on one HTTPS origin.
import express, { type Request, type Response, type NextFunction } from 'express';
import { randomBytes } from 'node:crypto';
import type { TlsMaterial } from '../tls/local-ca.ts';
import { EventLog } from '../shared/event-log.ts';
import { IdTokenFaults } from '../shared/id-token-faults.ts';
import { tokenEndpointFaultProblems } from './authorization-server/token-endpoint-faults.ts';
import { recordHops, recordingFetch } from '../shared/hop-recorder.ts';
import { controlPlane, newControlPlaneToken } from '../shared/control-plane.ts';
import { Faults, userOption } from '../shared/faults.ts';
import { finalErrorHandler } from '../shared/request-errors.ts';
import { boundedQueryParser } from '../shared/request-parsers.ts';
import { oktaOrgProblem } from './request-problems.ts';
import { registerSecret } from '../../lib/redaction.ts';
import { listenHttps, StartupError } from '../shared/https-server.ts';
import { fetchTrusting } from '../shared/outbound-fetch.ts';
import { signingKeyFor } from '../shared/signing-keys.ts';
import { OktaStore } from './store.ts';
import { managementApi } from './management/index.ts';
import { createAuthorizationServer } from './authorization-server/index.ts';
import { oktaControlPlane } from './control-plane.ts';
import { UserLifecycleEvents } from './user-lifecycle-events.ts';
import { startScimPush } from './scim-push/index.ts';
import { seedDefaultPolicies } from './policies/default-policies.ts';
import type { OktaBehaviour, OktaOrgContext, OktaOrgCore } from './org-context.ts';

export type { OktaBehaviour } from './org-context.ts';

export const DEFAULT_OKTA_BEHAVIOUR: OktaBehaviour = {
  signInWidgetGeneration: 'G2',
  notAssignedErrorInWidget: false,
  rateLimitPerMinute: 600,
  defaultAppSignInPolicy: 'one-factor',
};

export interface OktaOrgOptions {
  host: string;
  port: number;
  /** The host clients use, when not the one bound (a published container port): the origin and issuer. */
  publicHost?: string;
  tls: TlsMaterial;
  /** The seeded admin API token (SSWS); generated when absent. */
  apiToken?: string;
  /** The bearer token of the admin hook (control plane, POST /_emulator/admin-hook); generated when absent. */
  adminHookToken?: string;
  /** The run's control-plane token (every /_emulator route but GET /health); generated when absent. */
  controlPlaneToken?: string;
  behaviour?: Partial<OktaBehaviour>;
}

export interface OktaOrg extends OktaOrgContext {
  /** Host name without scheme, with port: what Auth0's connection takes as `options.domain`. */
  domain: string;
  reset(): Promise<void>;
  /** Full Management API budgets now, keeping all data: tests sharing an org never inherit each other's spent budget. */
  refillRateLimits(): void;
  close(): Promise<void>;
}

export async function startOktaOrg(options: OktaOrgOptions): Promise<OktaOrg> {
  const startedAt = Date.now();
  let handler: express.Express | undefined;
  // Before listening: on a first run the key is generated, and the port must not be open without a handler meanwhile.
  const signingKey = await signingKeyFor('okta');
  const server = await listenHttps((req, res) => handler!(req, res), options.tls, options.host, options.port, 'Okta org emulator', options.publicHost);

  const events = new EventLog('okta');
  const faults = new Faults(events);
  const idTokenFaults = new IdTokenFaults({ faults, signingKey, rotation: true });
  faults.offer({
    ...idTokenFaults.kinds(),
    authorization_denied: {
      check: o => [
        ...(o.reason === undefined || o.reason === 'declined' || o.reason === 'not_assigned' ? [] : ['"reason" must be "declined" or "not_assigned"']),
        ...userOption(o),
      ],
    },
    token_endpoint: { check: tokenEndpointFaultProblems },
  });
  const core: OktaOrgCore = {
    store: new OktaStore(),
    events,
    origin: server.origin,
    issuer: server.origin,
    apiToken: options.apiToken ?? newApiToken(),
    adminHookToken: options.adminHookToken ?? randomBytes(24).toString('base64url'),
    controlPlaneToken: options.controlPlaneToken ?? newControlPlaneToken(),
    signingKey,
    fetch: recordingFetch(fetchTrusting(options.tls.caCertPem), events),
    behaviour: { ...DEFAULT_OKTA_BEHAVIOUR, ...behaviourFromEnv(process.env), ...options.behaviour },
    faults,
    idTokenFaults,
    userLifecycle: new UserLifecycleEvents(),
  };
  seedDefaultPolicies(core.store.policies, core.behaviour.defaultAppSignInPolicy);

  const authorizationServer = createAuthorizationServer(core);
  const context: OktaOrgContext = { ...core, endUserSessions: authorizationServer.endUserSessions };
  startScimPush(context);
  const reset = async () => {
    context.faults.clear();
    context.store.reset();
    seedDefaultPolicies(context.store.policies, context.behaviour.defaultAppSignInPolicy);
    await authorizationServer.reset();
  };

  registerSecret(context.controlPlaneToken);
  registerSecret(context.adminHookToken);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', boundedQueryParser);
  app.use(recordHops(events, server.origin, { skip: [/^\/assets\//, /^\/favicon/] }));
  app.use(collapseDuplicateSlashes);
  app.use(
    '/_emulator',
    controlPlane({
      name: 'okta',
      events: context.events,
      faults: context.faults,
      startedAt,
      reset,
      origin: context.origin,
      token: context.controlPlaneToken,
      caCertPem: options.tls.caCertPem,
      ownCredential: ['/admin-hook'],
      extend: r => oktaControlPlane(r, context),
    }),
  );
  app.use('/api/v1', managementApi(context));
  app.use(authorizationServer.routes);
  app.use(authorizationServer.provider.callback());
  // Whatever escapes a surface's own handler: never Express's default page.
  app.use(finalErrorHandler({ events: context.events, surface: 'okta', render: oktaOrgProblem, outermost: true }));
  handler = app;

  return {
    ...context,
    domain: new URL(server.origin).host,
    reset,
    refillRateLimits: () => context.store.rateLimitWindows.clear(),
    close: server.close,
  };
}

/** OKTA_EMULATOR_WIDGET_GENERATION=G2|G3 chooses the hosted sign-in page's widget generation. */
export function behaviourFromEnv(env: NodeJS.ProcessEnv): Partial<OktaBehaviour> {
  const generation = env.OKTA_EMULATOR_WIDGET_GENERATION?.trim().toUpperCase();
  if (!generation) return {};
  if (generation !== 'G2' && generation !== 'G3')
    throw new StartupError(
      `OKTA_EMULATOR_WIDGET_GENERATION must be G2 (the Sign-In Widget Okta shows by default) or G3 (its third generation), got "${env.OKTA_EMULATOR_WIDGET_GENERATION}"`,
    );
  return { signInWidgetGeneration: generation };
}

function newApiToken(): string {
  return '00' + randomBytes(30).toString('base64url');
}

/** The SDK builds `//api/v1/...` from an orgUrl with a trailing slash; Okta tolerates it. */
function collapseDuplicateSlashes(req: Request, _res: Response, next: NextFunction) {
  if (req.url.startsWith('//')) {
    req.url = req.url.replace(/^\/{2,}/, '/');
    req.originalUrl = req.originalUrl.replace(/^\/{2,}/, '/'); // what routers and fault rules match on
  }
  next();
}
