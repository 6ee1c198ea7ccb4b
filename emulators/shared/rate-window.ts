// A request budget per window: the mechanism under both vendors' Management API limits. Each vendor
// keeps what differs: how long a window lasts, whether it starts on the clock (Auth0's second) or
// with a group's first request (Okta's minute), how requests are grouped, its headers and its 429.
// Refused requests do not count against the budget.

export interface RateWindowState {
  limit: number;
  remaining: number;
  /** UTC epoch seconds when the budget refills. */
  resetEpochSeconds: number;
}

export interface RateWindowRule {
  lengthMs: number;
  /** `clock`: windows aligned to multiples of lengthMs; `first-request`: a window opens with a group's first request. */
  start: 'clock' | 'first-request';
  /** Read on every request, so that a behaviour switch changed at run time applies at once. */
  limit: () => number;
}

export interface RateWindow {
  startedAt: number;
  used: number;
}

export class RateWindows {
  /** `windows` may live elsewhere (e.g. in a store), so that clearing that also refills every budget. */
  constructor(
    private readonly rule: RateWindowRule,
    private readonly windows = new Map<string, RateWindow>(),
  ) {}

  /** Counts one request against `group`; `allowed` is false once the window's budget is spent. */
  take(group = '', now = Date.now()): RateWindowState & { allowed: boolean } {
    const window = this.#current(group, now);
    const allowed = window.used < this.rule.limit();
    if (allowed) window.used++;
    return { ...this.#state(window), allowed };
  }

  /** The window's state, without counting a request. */
  peek(group = '', now = Date.now()): RateWindowState {
    return this.#state(this.#current(group, now));
  }

  /** A full budget for every group now. */
  clear(): void {
    this.windows.clear();
  }

  #current(group: string, now: number): RateWindow {
    let window = this.windows.get(group);
    if (!window || now >= window.startedAt + this.rule.lengthMs) {
      const startedAt = this.rule.start === 'clock' ? Math.floor(now / this.rule.lengthMs) * this.rule.lengthMs : now;
      window = { startedAt, used: 0 };
      this.windows.set(group, window);
    }
    return window;
  }

  #state(window: RateWindow): RateWindowState {
    const limit = this.rule.limit();
    return { limit, remaining: Math.max(0, limit - window.used), resetEpochSeconds: Math.ceil((window.startedAt + this.rule.lengthMs) / 1000) };
  }
}
