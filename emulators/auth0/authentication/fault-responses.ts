// How the Authentication API answers a fault injected through the control plane
// (POST /_emulator/faults): Auth0's OAuth error body, and for a 429 the rate-limit headers.
import type { Request, Response } from 'express';
import type { RenderedFault } from '../../shared/faults.ts';

export function renderAuthenticationFault(_req: Request, res: Response, rule: RenderedFault): void {
  if (rule.status === 429) {
    const wait = Math.max(0, Math.ceil(rule.retryAfterSeconds ?? 1));
    res.setHeader('X-RateLimit-Limit', '30');
    res.setHeader('X-RateLimit-Remaining', '0');
    res.setHeader('X-RateLimit-Reset', String(Math.ceil(Date.now() / 1000) + wait));
    res.setHeader('Retry-After', String(wait));
    res.status(429).json({ error: 'too_many_requests', error_description: 'Too Many Requests' });
    return;
  }
  const error = rule.status >= 500 ? 'server_error' : rule.status === 401 ? 'access_denied' : 'invalid_request';
  res.status(rule.status).json({ error, error_description: `Injected fault (HTTP ${rule.status})` });
}
