// The body and query parsers of every emulator surface, each with its limits: size, nesting depth,
// parameter count, character set and content encoding. A request beyond a limit fails with an
// error that `request-errors.ts` classifies (400 / 413 / 415), and the surface answers it in its
// vendor's shape. Compressed bodies (gzip, deflate, br) are inflated within the same size limit.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { parse as parseQueryString } from 'node:querystring';
import { RequestLimitError } from './request-errors.ts';

/** Nesting allowed in a JSON body: far above any vendor payload, far below what recursion in a handler, the event log or JSON.stringify survives. */
export const MAX_JSON_DEPTH = 32;
/** Parentheses (and other nesting) allowed in a filter or search expression: the parsers recurse per level. */
export const MAX_EXPRESSION_DEPTH = 32;
/** Parameters allowed in a form body or a query string. */
export const MAX_PARAMETERS = 100;

export interface JsonBodyOptions {
  /** Size limit of the decoded body, e.g. "1mb". */
  limit: string;
  /** Media types parsed as JSON (default application/json). */
  type?: string[];
  maxDepth?: number;
}

/** JSON bodies in UTF-8 (RFC 8259 §8.1), at most `limit` large and `maxDepth` deep. */
export function jsonBody(options: JsonBodyOptions): RequestHandler[] {
  const type = options.type ?? ['application/json'];
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  return [
    utf8Only(type),
    express.json({ limit: options.limit, type, strict: false }),
    (req, _res, next) => next(depthOf(req.body) > maxDepth ? new RequestLimitError(400, 'entity.too.deep') : undefined),
  ];
}

export interface FormBodyOptions {
  limit: string;
  parameterLimit?: number;
}

/** application/x-www-form-urlencoded bodies in UTF-8, flat (no nested keys), with a parameter limit. */
export function formBody(options: FormBodyOptions): RequestHandler[] {
  const parameterLimit = options.parameterLimit ?? MAX_PARAMETERS;
  const type = ['application/x-www-form-urlencoded'];
  const parse = express.urlencoded({ extended: false, limit: options.limit, parameterLimit, type });
  return [
    utf8Only(type),
    (req, res, next) =>
      parse(req, res, error => {
        // body-parser raises 413 for too many parameters; the vendors treat it as a bad request.
        if ((error as { type?: string } | undefined)?.type === 'parameters.too.many') return next(new RequestLimitError(400, 'parameters.too.many'));
        next(error);
      }),
  ];
}

/** The body as bytes, whatever its media type, at most `limit` large. */
export function rawBody(limit: string): RequestHandler {
  return express.raw({ type: () => true, limit });
}

/**
 * Express's "query parser" setting for an emulator app: the simple (flat) parser, refusing more
 * than MAX_PARAMETERS parameters instead of silently dropping the rest. Express parses lazily, so
 * the refusal surfaces where a handler first reads req.query, as a 400 in the surface's shape.
 */
export function boundedQueryParser(text: string): Record<string, unknown> {
  const pairs = text ? text.split('&').filter(Boolean).length : 0;
  if (pairs > MAX_PARAMETERS) throw new RequestLimitError(400, 'parameters.too.many');
  return parseQueryString(text, '&', '=', { maxKeys: MAX_PARAMETERS });
}

/** A charset other than UTF-8 is refused with 415 before the body is read. */
function utf8Only(types: string[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.is(types)) return next();
    const header = req.headers['content-type'] ?? '';
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(header)?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return next(new RequestLimitError(415, 'charset.unsupported'));
    next();
  };
}

/** How deeply a parsed JSON value nests (a scalar is 0), without recursion. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return deepest;
}
