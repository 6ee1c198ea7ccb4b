// Fault injection, configured only through the control plane (POST /_emulator/faults); no real
// tenant has it. Two sorts:
// - HTTP faults: the next N requests matching a path fail with a status (e.g. 429 with
//   Retry-After, or 500) in the vendor's own error shape, or answer late (`delayMs`: slow, or so
//   late that the caller gives up first). Provisioning's tests use them for rate limits and crashes,
//   the flow inspector's specs to break the broker hop.
// - Armed faults (`kind`), for what is no HTTP answer: the next ID token wrong, the party's clock
//   ahead, its signing key rotated, the next authorization denied, the next back-channel logout
//   undeliverable. Each emulator names the kinds it has (FaultKinds) and acts on them where they
//   happen; `take` consumes one use, `peek` reads a standing one (a clock skew, a rotated key).
import type { NextFunction, Request, Response, Router } from 'express';
import type { EventLog } from './event-log.ts';

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression (source) matched against the request path. */
  path: string;
  /** The error status to answer; absent with `delayMs` alone: the request is answered normally, late. */
  status?: number;
  /** Hold the request this long first (a slow party; longer than the caller waits: a timeout). */
  delayMs?: number;
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
/** A fault being answered: it has a status. */
export type RenderedFault = FaultRule & { status: number };

export type FaultRenderer = (req: Request, res: Response, rule: RenderedFault) => void;

/** An armed fault: its kind, its options, and how many uses are left (Infinity: until cleared). */
export interface ArmedFault {
  id: number;
  kind: string;
  options: Record<string, unknown>;
  remaining: number;
}

/** The armed kinds an emulator has: each checks its options (a message per problem) and may act at once (e.g. make a key). */
export type FaultKinds = Record<
  string,
  { check(options: Record<string, unknown>): string[]; standing?: boolean; onArm?(options: Record<string, unknown>): Promise<void> | void; onClear?(): void }
>;

function concerns(options: Record<string, unknown>, who: unknown[]): boolean {
  if (typeof options.user !== 'string' || !options.user) return true;
  const user = options.user.toLowerCase();
  return who.some(w => typeof w === 'string' && w.toLowerCase() === user);
}

/** The optional `user` every armed kind takes. */
export function userOption(options: Record<string, unknown>): string[] {
  return options.user === undefined || (typeof options.user === 'string' && options.user) ? [] : ['"user" must be a user id, login or email'];
}

export class Faults {
  #rules: ActiveRule[] = [];
  #armed: ArmedFault[] = [];
  #nextId = 1;
  #kinds: FaultKinds = {};

  constructor(private readonly events: EventLog) {}

  /** The armed kinds this emulator offers (set once, at start). */
  offer(kinds: FaultKinds): void {
    this.#kinds = { ...this.#kinds, ...kinds };
  }

  add(rule: FaultRule): number {
    const id = this.#nextId++;
    this.#rules.push({ ...rule, id, pattern: new RegExp(rule.path), remaining: rule.times, method: rule.method?.toUpperCase() });
    return id;
  }

  async arm(kind: string, options: Record<string, unknown> = {}, times = 1): Promise<number> {
    const spec = this.#kinds[kind];
    await spec.onArm?.(options);
    const id = this.#nextId++;
    this.#armed = this.#armed.filter(a => !(spec.standing && a.kind === kind && a.options.user === options.user));
    this.#armed.push({ id, kind, options, remaining: spec.standing ? Infinity : times });
    this.events.record('fault.armed', { kind, ...options, times: spec.standing ? 'until cleared' : times });
    return id;
  }

  /** Removes one fault (HTTP or armed) by the id its POST answered; false when there is none. */
  remove(id: number): boolean {
    const before = this.#rules.length + this.#armed.length;
    this.#rules = this.#rules.filter(r => r.id !== id);
    const removed = this.#armed.filter(a => a.id === id);
    this.#armed = this.#armed.filter(a => a.id !== id);
    for (const armed of removed) if (!this.#armed.some(a => a.kind === armed.kind)) this.#kinds[armed.kind]?.onClear?.();
    return this.#rules.length + this.#armed.length < before;
  }

  /**
   * Uses up one armed fault of this kind, if there is one for `who` (the user the request is about:
   * ids, login, email). A fault armed with a `user` applies to that user only, so a test can break
   * its own login while others share the emulators.
   */
  take(kind: string, who: unknown[] = []): Record<string, unknown> | undefined {
    const armed = this.#armed.find(a => a.kind === kind && a.remaining > 0 && concerns(a.options, who));
    if (!armed) return undefined;
    armed.remaining--;
    if (armed.remaining === 0) this.#armed = this.#armed.filter(a => a !== armed);
    this.events.record('fault.injected', { fault: kind, ...armed.options });
    return armed.options;
  }

  /** A standing fault's options (without using it up), if it concerns `who`. */
  peek(kind: string, who: unknown[] = []): Record<string, unknown> | undefined {
    return this.#armed.find(a => a.kind === kind && concerns(a.options, who))?.options;
  }

  clear(): void {
    this.#rules = [];
    this.#armed = [];
    for (const spec of Object.values(this.#kinds)) spec.onClear?.();
  }

  list(): (FaultRule | { id: number; kind: string; times: number | string; [option: string]: unknown })[] {
    return [
      ...this.#rules.map(({ id, method, path, status, delayMs, remaining, retryAfterSeconds }) => ({
        id,
        method,
        path,
        status,
        delayMs,
        times: remaining,
        retryAfterSeconds,
      })),
      ...this.#armed.map(a => ({ id: a.id, kind: a.kind, ...a.options, times: a.remaining === Infinity ? 'until cleared' : a.remaining })),
    ];
  }

  /** Express middleware for a vendor surface; `render` answers in that vendor's shape. */
  middleware(render: FaultRenderer) {
    return (req: Request, res: Response, next: NextFunction) => {
      const path = req.originalUrl.split('?')[0];
      const rule = this.#rules.find(r => r.remaining > 0 && (!r.method || r.method === req.method) && r.pattern.test(path));
      if (!rule) return next();
      rule.remaining--;
      if (rule.remaining === 0) this.#rules = this.#rules.filter(r => r !== rule);
      this.events.record('fault.injected', { method: req.method, path, status: rule.status, delayMs: rule.delayMs });
      const answer = () => (rule.status === undefined ? next() : render(req, res, { ...rule, status: rule.status }));
      if (!rule.delayMs) return answer();
      // Held: answered late, or not at all once the caller has given up and gone.
      const timer = setTimeout(() => !res.destroyed && !res.headersSent && answer(), rule.delayMs);
      res.once('close', () => clearTimeout(timer));
    };
  }

  /**
   * Control-plane routes: POST /faults {method?, path, status?, delayMs?, times?, retryAfterSeconds?}
   * or {kind, times?, …options}; GET lists them; DELETE clears them all.
   */
  routes(router: Router): void {
    router.post('/faults', async (req, res, next) => {
      const body = (req.body ?? {}) as Partial<FaultRule> & { kind?: unknown };
      if (body.kind !== undefined) return this.#armRoute(body as Record<string, unknown>, res).catch(next);
      const problems: string[] = [];
      if (typeof body.path !== 'string' || !body.path)
        problems.push(
          '"path" (a regular expression matched against the request path) is required, or "kind" (one of: ' +
            (Object.keys(this.#kinds).join(', ') || 'none here') +
            ')',
        );
      else {
        try {
          new RegExp(body.path);
        } catch {
          problems.push('"path" is not a valid regular expression');
        }
      }
      if (body.delayMs !== undefined && (!Number.isInteger(body.delayMs) || body.delayMs < 0 || body.delayMs > 120_000))
        problems.push('"delayMs" must be a number of milliseconds (0–120000)');
      if ((body.status !== undefined || body.delayMs === undefined) && (!Number.isInteger(body.status) || body.status! < 400 || body.status! > 599))
        problems.push(
          '"status" must be an HTTP error status (400–599)' + (body.delayMs === undefined ? ', unless "delayMs" alone makes the request slow' : ''),
        );
      const times = body.times ?? 1;
      if (!Number.isInteger(times) || times < 1) problems.push('"times" must be a positive integer');
      if (problems.length) {
        res.status(400).json({ error: 'invalid_request', error_description: problems.join('; ') });
        return;
      }
      const id = this.add({
        method: body.method,
        path: body.path!,
        status: body.status,
        delayMs: body.delayMs,
        times,
        retryAfterSeconds: body.retryAfterSeconds,
      });
      res.status(201).json({ id });
    });
    router.get('/faults', (_req, res) => {
      res.json(this.list());
    });
    router.delete('/faults', (_req, res) => {
      this.clear();
      res.status(204).end();
    });
    router.delete('/faults/:id', (req, res) => {
      if (!this.remove(Number(req.params.id))) return void res.status(404).json({ error: 'not_found', error_description: `No fault with id ${req.params.id}` });
      res.status(204).end();
    });
  }

  async #armRoute(body: Record<string, unknown>, res: Response): Promise<void> {
    const { kind, times = 1, ...options } = body;
    const spec = typeof kind === 'string' ? this.#kinds[kind] : undefined;
    const problems = spec ? spec.check(options) : [`"kind" must be one of: ${Object.keys(this.#kinds).join(', ') || 'none on this emulator'}`];
    if (!Number.isInteger(times) || (times as number) < 1) problems.push('"times" must be a positive integer');
    if (problems.length) {
      res.status(400).json({ error: 'invalid_request', error_description: problems.join('; ') });
      return;
    }
    const id = await this.arm(kind as string, options, times as number);
    res.status(201).json({ id, kind, ...options });
  }
}
