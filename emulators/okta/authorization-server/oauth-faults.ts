// How the org authorization server answers a fault injected through the control plane
// (POST /_emulator/faults): the browser endpoints (/authorize, the sign-in page, /logout) with the
// error page, the others in the OAuth error shape; a 429 in Okta's rate-limit shape (E0000047) with
// the X-Rate-Limit-* headers.
import type { Request, Response } from 'express';
import type { FaultRenderer, FaultRule } from '../../shared/faults.ts';
import { errorBody } from '../management/errors.ts';
import { errorPageHtml } from './error-page.ts';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';

const BROWSER_PATHS = [/^\/oauth2\/v1\/authorize/, /^\/oauth2\/v1\/logout/, /^\/signin\//];

export function oauthFaultRenderer(): FaultRenderer {
  return (req: Request, res: Response, rule: FaultRule) => {
    if (rule.status === 429) {
      const reset = Math.floor(Date.now() / 1000) + Math.max(0, Math.round(rule.retryAfterSeconds ?? 1));
      res.set({ 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(reset) });
      res.status(429).json(errorBody('E0000047', 'You exceeded the maximum number of requests. Try again in a while.'));
      return;
    }
    const error: OAuthError = rule.status >= 500 ? { ...oktaErrors.serverError(), status: rule.status } : { ...oktaErrors.invalidRequest(), status: rule.status };
    if (BROWSER_PATHS.some(path => path.test(req.path))) res.status(rule.status).type('html').send(errorPageHtml(error));
    else res.status(rule.status).json({ error: error.error, error_description: error.error_description });
  };
}
