// Okta's rate limits: a budget of requests per endpoint group in a window of about 60 s that starts
// with the group's first request (not aligned to wall-clock minutes). Every response reports the
// budget in `X-Rate-Limit-Limit` / `-Remaining` / `-Reset` (UTC epoch seconds); over it, 429 E0000047.
// The SDK retries a 429 by itself when there is exactly one `x-rate-limit-reset` and a `Date`
// header, waiting reset − Date + 1 s (docs/fidelity.md#requests-answers-and-errors), so both are written from the same clock.
import type { NextFunction, Request, Response } from 'express';
import type { OktaBehaviour } from '../org-context.ts';
import { failures } from './errors.ts';
import { RateWindows, type RateWindow, type RateWindowState } from '../../shared/rate-window.ts';

const WINDOW_MS = 60_000;

/** Okta's windows: about a minute from each endpoint group's first request. `windows` lives in the store, so that an emulator reset also refills every budget. */
export function oktaRateLimit(behaviour: OktaBehaviour, windows: Map<string, RateWindow>): RateWindows {
  return new RateWindows({ lengthMs: WINDOW_MS, start: 'first-request', limit: () => behaviour.rateLimitPerMinute }, windows);
}

export function rateLimitMiddleware(rateLimit: RateWindows) {
  return (req: Request, res: Response, next: NextFunction) => {
    const now = Date.now();
    const state = rateLimit.take(endpointGroup(req.path), now);
    writeRateLimitHeaders(res, state, now);
    if (!state.allowed) return next(failures.rateLimited());
    next();
  };
}

/** One `X-Rate-Limit-*` set (never duplicated: a repeated reset header disables the SDK's retry). */
export function writeRateLimitHeaders(res: Response, state: RateWindowState, now = Date.now()): void {
  res.setHeader('X-Rate-Limit-Limit', String(state.limit));
  res.setHeader('X-Rate-Limit-Remaining', String(state.remaining));
  res.setHeader('X-Rate-Limit-Reset', String(state.resetEpochSeconds));
  // The same clock as the reset, to the second (HTTP dates have no fractions).
  res.setHeader('Date', new Date(Math.floor(now / 1000) * 1000).toUTCString());
}

/**
 * The bucket a path counts against, as Okta groups its limits: the resource collection
 * (`/api/v1/users`), one resource (`/api/v1/users/{id}`), and sub-resources below it
 * (`/api/v1/apps/{id}/users`, `/api/v1/users/{id}/lifecycle/activate`).
 */
export function endpointGroup(path: string): string {
  const segments = path.split('/').filter(Boolean);
  const template = segments.map((segment, i) => (i % 2 === 1 && segments[i - 1] !== 'lifecycle' ? '{id}' : segment));
  return '/api/v1/' + template.join('/');
}
