// Declares one Management API path with the methods it supports; any other method on that path is
// 405 E0000022 (unknown paths fall through to 404 E0000008 at the end of the router).
import type { NextFunction, Request, Response, Router } from 'express';
import { failures } from './errors.ts';

export type Handler = (req: Request, res: Response) => void | Promise<void>;
type Method = 'get' | 'post' | 'put' | 'delete';

export function endpoint(router: Router, path: string, handlers: Partial<Record<Method, Handler>>): void {
  const route = router.route(path);
  const allowed: string[] = [];
  for (const [method, handler] of Object.entries(handlers) as [Method, Handler][]) {
    route[method](handler);
    allowed.push(method.toUpperCase());
  }
  route.all((_req: Request, _res: Response, next: NextFunction) => next(failures.methodNotAllowed(allowed)));
}
