// Fault injection for the vendor surfaces: make the next N matching requests fail with a given
// status (e.g. 429 with Retry-After, or 500), answered in the vendor's own error shape. Tests use
// it to prove that provisioning survives rate limits and leaves a usable manifest after a crash.
// Configured only through the control plane (POST /_emulator/faults); no real tenant has it.
import type { NextFunction, Request, Response, Router } from 'express';
import type { EventLog } from './event-log.ts';

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression (source) matched against the request path. */
  path: string;
  status: number;
  /** How many matching requests fail; then the rule is spent. */
  times: number;
  /** For 429: seconds until the client may retry (sets the vendor's rate-limit headers). */
  retryAfterSeconds?: number;
}

interface ActiveRule extends FaultRule {
  id: number;
  pattern: RegExp;
  remaining: number;
}

/** Writes the vendor's error response for an injected fault. */
export type FaultRenderer = (req: Request, res: Response, rule: FaultRule) => void;

export class Faults {
  #rules: ActiveRule[] = [];
  #nextId = 1;

  constructor(private readonly events: EventLog) {}

  add(rule: FaultRule): number {
    const id = this.#nextId++;
    this.#rules.push({ ...rule, id, pattern: new RegExp(rule.path), remaining: rule.times, method: rule.method?.toUpperCase() });
    return id;
  }

  clear(): void {
    this.#rules = [];
  }

  list(): FaultRule[] {
    return this.#rules.map(({ method, path, status, remaining, retryAfterSeconds }) => ({ method, path, status, times: remaining, retryAfterSeconds }));
  }

  /** Express middleware for a vendor surface; `render` answers in that vendor's shape. */
  middleware(render: FaultRenderer) {
    return (req: Request, res: Response, next: NextFunction) => {
      const path = req.originalUrl.split('?')[0];
      const rule = this.#rules.find(r => r.remaining > 0 && (!r.method || r.method === req.method) && r.pattern.test(path));
      if (!rule) return next();
      rule.remaining--;
      if (rule.remaining === 0) this.#rules = this.#rules.filter(r => r !== rule);
      this.events.record('fault.injected', { method: req.method, path, status: rule.status });
      render(req, res, rule);
    };
  }

  /** Control-plane routes: POST /faults {method?, path, status, times?, retryAfterSeconds?}, GET, DELETE. */
  routes(router: Router): void {
    router.post('/faults', (req, res) => {
      const body = (req.body ?? {}) as Partial<FaultRule>;
      const problems: string[] = [];
      if (typeof body.path !== 'string' || !body.path) problems.push('"path" (a regular expression matched against the request path) is required');
      else {
        try {
          new RegExp(body.path);
        } catch {
          problems.push('"path" is not a valid regular expression');
        }
      }
      if (!Number.isInteger(body.status) || body.status! < 400 || body.status! > 599) problems.push('"status" must be an HTTP error status (400–599)');
      const times = body.times ?? 1;
      if (!Number.isInteger(times) || times < 1) problems.push('"times" must be a positive integer');
      if (problems.length) {
        res.status(400).json({ error: 'invalid_request', error_description: problems.join('; ') });
        return;
      }
      const id = this.add({ method: body.method, path: body.path!, status: body.status!, times, retryAfterSeconds: body.retryAfterSeconds });
      res.status(201).json({ id });
    });
    router.get('/faults', (_req, res) => {
      res.json(this.list());
    });
    router.delete('/faults', (_req, res) => {
      this.clear();
      res.status(204).end();
    });
  }
}
