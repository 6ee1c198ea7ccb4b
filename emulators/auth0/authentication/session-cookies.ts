// Auth0's session cookies (docs/fidelity.md#authentication-api-cors-and-web-message): `auth0` is
// `SameSite=None; Secure`, so that a single-page app's hidden iframe (prompt=none, another site)
// carries the session, and `auth0_compat` holds the same session without SameSite for browsers
// that do not understand SameSite=None; a request with only the compat cookie is served from it.
// oidc-provider sets `auth0` (its `cookies.long` options); this Express middleware, in front of
// everything the tenant's Authentication API answers, adds the compat twin as the response's headers
// are written, and reads it.
import type { NextFunction, Request, Response } from 'express';

export const SESSION_COOKIE = 'auth0';
const COMPAT_COOKIE = `${SESSION_COOKIE}_compat`;

/** oidc-provider's `cookies.long`, for the session cookie. */
export const SESSION_COOKIE_OPTIONS = { httpOnly: true, sameSite: 'none', secure: true } as const;

export function auth0SessionCookies() {
  return (req: Request, res: Response, next: NextFunction) => {
    useCompatCookie(req);
    // Cookies reach the response through several writers (oidc-provider's Koa cookies write with
    // OutgoingMessage#setHeader directly); the twins are added once, as the headers are sent.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
      const cookies = res.getHeader('set-cookie');
      if (cookies !== undefined) res.setHeader('set-cookie', withCompatTwins(cookies));
      return writeHead.apply(this, args);
    } as Response['writeHead'];
    next();
  };
}

/** A browser that sent only the compat cookie (it dropped the SameSite=None one): the session is read from it. */
function useCompatCookie(req: Request): void {
  const header = req.headers.cookie;
  if (!header) return;
  const names = header.split(';').map(part => part.trim().split('=')[0]);
  if (names.includes(SESSION_COOKIE)) return;
  const compat = header
    .split(';')
    .map(part => part.trim())
    .find(part => part.startsWith(`${COMPAT_COOKIE}=`));
  if (compat) req.headers.cookie = `${header}; ${SESSION_COOKIE}=${compat.slice(COMPAT_COOKIE.length + 1)}`;
}

/** Every `auth0=` cookie set (or expired) gets an `auth0_compat=` twin without SameSite. */
function withCompatTwins(value: number | string | readonly string[]): number | string | string[] {
  if (typeof value === 'number') return value;
  const cookies = typeof value === 'string' ? [value] : [...value];
  const twins = cookies
    .filter(cookie => cookie.startsWith(`${SESSION_COOKIE}=`))
    .map(cookie => `${COMPAT_COOKIE}=${cookie.slice(SESSION_COOKIE.length + 1)}`.replace(/;\s*samesite=none/i, ''));
  return twins.length ? [...cookies, ...twins] : cookies;
}
