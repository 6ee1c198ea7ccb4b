// The control plane under /_emulator/*: health, reset, the event log, and triggers that the real
// product only offers in its admin console. Kept apart from the vendor surfaces on purpose: nothing
// here exists on a real tenant, and specs use it only where the live target has an equivalent
// (or skip with a reason).
//
// It can wipe a tenant, so a web page must not be able to drive it (docs/security.md, "Security of the
// harness"): a request whose Origin is not the emulator's own is refused; every route but
// GET /health and GET /ca.pem needs the run's control-plane token (`Authorization: Bearer …`, written to
// .harness/embedded.env); every write must say `Content-Type: application/json`, which no page can
// send cross-site without a CORS preflight that the control plane never grants.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventLog } from './event-log.ts';
import type { Faults } from './faults.ts';
import { finalErrorHandler, type ProblemRenderer } from './request-errors.ts';
import { jsonBody } from './request-parsers.ts';
import { VendorError } from './vendor-error.ts';

export interface ControlPlaneOptions {
  name: string;
  events: EventLog;
  startedAt: number;
  /** The emulator's own origin (https://host:port): the only Origin a request may carry. */
  origin: string;
  /** The run's control-plane token; every route but GET /health and GET /ca.pem requires it. */
  token: string;
  /** The local CA's certificate (public), served at GET /ca.pem for clients that cannot read its file (a container's). */
  caCertPem: string;
  /** Routes (under /_emulator) that check a credential of their own instead of the token: the admin hook. */
  ownCredential?: string[];
  /** Injected failures: their routes are mounted here. */
  faults: Faults;
  /** Clears the emulator's state back to the seeded one (injected faults included). */
  reset(): void | Promise<void>;
  /** Extra, emulator-specific triggers mounted under /_emulator. */
  extend?(router: Router): void;
}

/** A refusal of the control plane, answered as `{error, error_description}` with its status. */
export class ControlPlaneRefusal extends VendorError {
  override name = 'ControlPlaneRefusal';
  constructor(
    status: number,
    readonly error: string,
    description: string,
    headers: Record<string, string> = {},
  ) {
    super(status, description, headers);
  }

  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.message };
  }
}

/** A new control-plane token: one per run, shared by both emulators (emulators/start.ts). */
export function newControlPlaneToken(): string {
  return randomBytes(24).toString('base64url');
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function controlPlane(options: ControlPlaneOptions): Router {
  const router = express.Router();
  router.use(ownOriginOnly(options.origin));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', emulator: options.name, uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000) });
  });
  // Public, like any CA certificate. Fetched before it is trusted, so check its fingerprint against
  // the one `npm run emulators` (or the container's log) prints before trusting it.
  router.get('/ca.pem', (_req, res) => {
    res.type('application/x-pem-file').send(options.caCertPem);
  });

  router.use(requireToken(options.token, options.ownCredential ?? []));
  router.use(jsonWritesOnly);
  router.use(jsonBody({ limit: '100kb' }));

  router.post('/reset', async (_req, res) => {
    await options.reset();
    options.events.record('emulator.reset');
    res.status(204).end();
  });

  router.get('/events', (req, res) => {
    const since = req.query.since === undefined ? undefined : Number(req.query.since);
    if (since !== undefined && !Number.isInteger(since)) {
      res.status(400).json({ error: 'invalid_request', error_description: '"since" must be an integer event seq' });
      return;
    }
    const type = typeof req.query.type === 'string' ? req.query.type : undefined;
    res.json({ lastSeq: options.events.lastSeq, events: options.events.list({ since, type }) });
  });

  router.delete('/events', (_req, res) => {
    options.events.clear();
    res.status(204).end();
  });

  options.faults.routes(router);
  options.extend?.(router);

  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found', error_description: 'No such control-plane route. See docs/emulators.md, "Control plane".' });
  });
  router.use(finalErrorHandler({ events: options.events, surface: `${options.name}.control_plane`, render: controlPlaneProblem }));
  return router;
}

/** How the control plane answers what it refuses or cannot serve: `{error, error_description}`, never a stack. */
export const controlPlaneProblem: ProblemRenderer = (_req, res, found, error) => {
  if (error instanceof ControlPlaneRefusal) return error.send(res);
  const code =
    found.status === 415 ? 'unsupported_media_type' : found.status === 413 ? 'request_too_large' : found.status >= 500 ? 'server_error' : 'invalid_request';
  res.status(found.status).json({ error: code, error_description: found.status >= 500 ? 'Unexpected error; see the event log' : found.description });
};

/** A browser sends Origin on every cross-origin write (and on same-origin ones): only our own passes. */
function ownOriginOnly(origin: string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const sent = req.headers.origin;
    if (sent !== undefined && sent !== origin)
      return next(new ControlPlaneRefusal(403, 'forbidden_origin', `The control plane accepts requests from ${origin} only, not from the origin "${sent}".`));
    next();
  };
}

function requireToken(token: string, ownCredential: string[]) {
  const expected = digest(token);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (ownCredential.includes(req.path)) return next();
    const presented = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!presented || !timingSafeEqual(digest(presented), expected))
      return next(
        new ControlPlaneRefusal(
          401,
          'invalid_token',
          'The control plane needs the run\'s token: "Authorization: Bearer $EMULATOR_CONTROL_PLANE_TOKEN" (from .harness/embedded.env). See docs/security.md, "Security of the harness".',
          { 'WWW-Authenticate': 'Bearer realm="emulator control plane"' },
        ),
      );
    next();
  };
}

/** Writes must say application/json: a page cannot send that cross-site without a preflight, which is never granted. */
function jsonWritesOnly(req: Request, _res: Response, next: NextFunction) {
  if (!WRITES.has(req.method)) return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    return next(
      new ControlPlaneRefusal(415, 'unsupported_media_type', 'Control-plane writes must be sent with "Content-Type: application/json" (a bodiless one too).'),
    );
  next();
}

/** Equal-length digests, so that the comparison takes the same time whatever was presented. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
