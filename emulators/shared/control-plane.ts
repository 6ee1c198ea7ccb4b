// The control plane under /_emulator/*: health, reset, the event log, and triggers that the real
// product only offers in its admin console. Kept apart from the vendor surfaces on purpose: nothing
// here exists on a real tenant, and specs use it only where the live target has an equivalent
// (or skip with a reason).
import express, { type Router } from 'express';
import type { EventLog } from './event-log.ts';
import type { Faults } from './faults.ts';

export interface ControlPlaneOptions {
  name: string;
  events: EventLog;
  startedAt: number;
  /** Injected failures: their routes are mounted here. */
  faults: Faults;
  /** Clears the emulator's state back to the seeded one (injected faults included). */
  reset(): void | Promise<void>;
  /** Extra, emulator-specific triggers mounted under /_emulator. */
  extend?(router: Router): void;
}

export function controlPlane(options: ControlPlaneOptions): Router {
  const router = express.Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', emulator: options.name, uptimeSeconds: Math.round((Date.now() - options.startedAt) / 1000) });
  });

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
    res.status(404).json({ error: 'not_found', error_description: 'No such control-plane route. See README, "Control plane".' });
  });
  return router;
}
