// The tenant-wide Management API rate limit: a one-second window of
// `behaviour.managementRateLimitPerSecond` requests. Every response carries X-RateLimit-Limit,
// -Remaining and -Reset (UTC epoch seconds, docs/fidelity.md#auth0-management-api-conventions); over the limit → 429, which the SDK
// retries after X-RateLimit-Reset.
import type { NextFunction, Request, Response } from 'express';
import { sendError, tooManyRequests } from './errors.ts';

export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds at which the window resets. */
  reset: number;
}

export class ManagementRateLimit {
  #window = 0;
  #used = 0;

  constructor(private readonly limitPerSecond: () => number) {}

  /** Counts one request; `allowed` is false once the window's budget is spent. */
  take(now = Date.now()): RateLimitState & { allowed: boolean } {
    this.#roll(now);
    const limit = this.limitPerSecond();
    const allowed = this.#used < limit;
    if (allowed) this.#used++;
    return { ...this.peek(now), allowed };
  }

  /** The current window's state, without counting a request. */
  peek(now = Date.now()): RateLimitState {
    this.#roll(now);
    const limit = this.limitPerSecond();
    return { limit, remaining: Math.max(0, limit - this.#used), reset: this.#window + 1 };
  }

  reset(): void {
    this.#window = 0;
    this.#used = 0;
  }

  #roll(now: number): void {
    const window = Math.floor(now / 1000);
    if (window !== this.#window) {
      this.#window = window;
      this.#used = 0;
    }
  }
}

export function setRateLimitHeaders(res: Response, state: RateLimitState): void {
  res.setHeader('X-RateLimit-Limit', String(state.limit));
  res.setHeader('X-RateLimit-Remaining', String(state.remaining));
  res.setHeader('X-RateLimit-Reset', String(state.reset));
}

export function rateLimitMiddleware(limiter: ManagementRateLimit) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const state = limiter.take();
    setRateLimitHeaders(res, state);
    if (!state.allowed) return sendError(res, tooManyRequests());
    next();
  };
}
