// Every Management API response carries an `X-Okta-Request-Id`, and every call leaves one
// `okta.management` event (method, path, status; never a body, so no secret) in the event log.
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import type { EventLog } from '../../shared/event-log.ts';

const TRACKED = Symbol('okta.management.tracked');

/** Idempotent: the fault renderer and the normal pipeline may both call it for one request. */
export function trackRequest(req: Request, res: Response, events: EventLog): void {
  const marked = res as Response & { [TRACKED]?: true };
  if (marked[TRACKED]) return;
  marked[TRACKED] = true;
  const requestId = 'req' + randomBytes(18).toString('base64url');
  res.setHeader('X-Okta-Request-Id', requestId);
  const path = req.originalUrl.split('?')[0]; // leading `//` already collapsed (okta-org.ts)
  const retryCount = req.get('x-okta-retry-count');
  res.on('finish', () => {
    events.record('okta.management', {
      method: req.method,
      path,
      status: res.statusCode,
      requestId,
      ...(retryCount ? { retryCount: Number(retryCount) } : {}),
    });
  });
}
