// `Authorization: SSWS <api token>`, the SDK's default mode (docs/fidelity.md#requests-answers-and-errors). Anything else (no
// header, another scheme, a wrong token) is 401 E0000011 "Invalid token provided".
import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { failures } from './errors.ts';

export function requireApiToken(apiToken: () => string) {
  return (req: Request, _res: Response, next: NextFunction) => {
    const match = /^SSWS\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match || !sameSecret(match[1], apiToken())) return next(failures.invalidToken());
    next();
  };
}

/** Constant-time comparison of two strings of any length (hash both first). */
function sameSecret(candidate: string, expected: string): boolean {
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
