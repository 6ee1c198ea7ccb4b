// How the Okta org answers a fault injected through the control plane (POST /_emulator/faults):
// in Okta's error shape, and for a 429 with the rate-limit headers a real one carries, the reset
// `retryAfterSeconds` ahead of the Date header, so the SDK's own retry waits for it (docs/fidelity.md#requests-answers-and-errors).
import type { Request, Response } from 'express';
import type { EventLog } from '../../shared/event-log.ts';
import type { FaultRenderer, RenderedFault } from '../../shared/faults.ts';
import type { OktaBehaviour } from '../org-context.ts';
import { failureForStatus } from './errors.ts';
import type { RateWindows } from '../../shared/rate-window.ts';
import { endpointGroup, writeRateLimitHeaders } from './rate-limit.ts';
import { trackRequest } from './request-log.ts';

/** Used when a 429 rule gives no `retryAfterSeconds`. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

export function oktaFaultRenderer(events: EventLog, behaviour: OktaBehaviour, rateLimit: RateWindows): FaultRenderer {
  return (req: Request, res: Response, rule: RenderedFault) => {
    trackRequest(req, res, events);
    const now = Date.now();
    if (rule.status === 429) {
      const retryAfter = Math.max(0, Math.round(rule.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS));
      writeRateLimitHeaders(res, { limit: behaviour.rateLimitPerMinute, remaining: 0, resetEpochSeconds: Math.floor(now / 1000) + retryAfter }, now);
    } else {
      // Any other failure still reached the org, so it counts like a normal request.
      writeRateLimitHeaders(res, rateLimit.take(endpointGroup(req.path), now), now);
    }
    failureForStatus(rule.status).send(res);
  };
}
