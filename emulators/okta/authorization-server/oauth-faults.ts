// How the org authorization server answers a fault injected through the control plane
// (POST /_emulator/faults): the browser endpoints (/authorize, the success redirect, /logout) with
// the error page, the IDX API with an IDX message body, the others in the OAuth error shape; a 429
// in Okta's rate-limit shape (E0000047) with the X-Rate-Limit-* headers.
import type { Request, Response } from 'express';
import type { FaultRenderer, RenderedFault } from '../../shared/faults.ts';
import { errorBody } from '../management/errors.ts';
import { errorPageHtml } from './error-page.ts';
import { oktaErrors, type OAuthError } from './okta-error-texts.ts';
import { IDX_MEDIA_TYPE } from '../sign-in/idx/responses.ts';

const BROWSER_PATHS = [/^\/oauth2\/v1\/authorize/, /^\/oauth2\/v1\/logout/, /^\/login\/token\/redirect/];

export function oauthFaultRenderer(): FaultRenderer {
  return (req: Request, res: Response, rule: RenderedFault) => {
    if (rule.status === 429) {
      const reset = Math.floor(Date.now() / 1000) + Math.max(0, Math.round(rule.retryAfterSeconds ?? 1));
      res.set({ 'X-Rate-Limit-Limit': '600', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': String(reset) });
      res.status(429).json(errorBody('E0000047', 'You exceeded the maximum number of requests. Try again in a while.'));
      return;
    }
    const error: OAuthError =
      rule.status >= 500 ? { ...oktaErrors.serverError(), status: rule.status } : { ...oktaErrors.invalidRequest(), status: rule.status };
    if (BROWSER_PATHS.some(path => path.test(req.path))) res.status(rule.status).type('html').send(errorPageHtml(error));
    else if (req.path.startsWith('/idp/idx/'))
      res
        .status(rule.status)
        .set('Content-Type', IDX_MEDIA_TYPE)
        .send(Buffer.from(JSON.stringify(idxFaultBody(rule.status))));
    else res.status(rule.status).json({ error: error.error, error_description: error.error_description });
  };
}

/** An IDX error body: "Internal Server Error" (E0000009) or "Bad request." (E0000020). */
function idxFaultBody(status: number) {
  const message = status >= 500 ? { message: 'Internal Server Error', i18n: { key: 'E0000009' } } : { message: 'Bad request.', i18n: { key: 'E0000020' } };
  return { version: '1.0.0', messages: { type: 'array', value: [{ ...message, class: 'ERROR' }] } };
}
