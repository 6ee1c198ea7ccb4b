// The tenant-wide Management API rate limit: a one-second window of
// `behaviour.managementRateLimitPerSecond` requests. Every response carries X-RateLimit-Limit,
// -Remaining and -Reset (UTC epoch seconds, docs/fidelity.md#auth0-management-api-conventions); over the limit → 429, which the SDK
// retries after X-RateLimit-Reset.
import type { NextFunction, Request, Response } from 'express';
import { tooManyRequests } from './errors.ts';
import { RateWindows, type RateWindowState } from '../../shared/rate-window.ts';

/** Auth0's window: one wall-clock second of `limitPerSecond()` requests for the whole tenant. */
export function managementRateLimit(limitPerSecond: () => number): RateWindows {
  return new RateWindows({ lengthMs: 1000, start: 'clock', limit: limitPerSecond });
}

export function setRateLimitHeaders(res: Response, state: RateWindowState): void {
  res.setHeader('X-RateLimit-Limit', String(state.limit));
  res.setHeader('X-RateLimit-Remaining', String(state.remaining));
  res.setHeader('X-RateLimit-Reset', String(state.resetEpochSeconds));
}

export function rateLimitMiddleware(limiter: RateWindows) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const state = limiter.take();
    setRateLimitHeaders(res, state);
    if (!state.allowed) return tooManyRequests().send(res);
    next();
  };
}
