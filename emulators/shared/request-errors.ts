// The last error handler of every emulator surface. A request that fails — a body the parser
// refuses, a broken %-escape in the path, a query or body beyond a limit, a bug in the emulator —
// is classified once here, and the surface answers in its vendor's shape (its `ProblemRenderer`).
// Never a stack trace, never Express's default handler, never the request's body in a log: an
// unexpected error is recorded in the event log by name and message only, and the client problems
// (4xx) are not logged at all. See docs/security.md, "Security of the harness".
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { EventLog } from './event-log.ts';

export type RequestProblemKind =
  /** Not parsable: bad JSON or form syntax, a broken compressed stream, an unreadable body. */
  | 'malformed_body'
  /** JSON nested deeper than the surface accepts. */
  | 'body_too_deep'
  /** More form or query parameters than the surface accepts. */
  | 'too_many_parameters'
  | 'body_too_large'
  | 'unsupported_charset'
  | 'unsupported_encoding'
  /** A %-escape in the path that does not decode. */
  | 'bad_path'
  /** Any other 4xx that a library raised (its status kept). */
  | 'bad_request'
  /** A bug in the emulator. */
  | 'internal';

export interface RequestProblem {
  status: number;
  kind: RequestProblemKind;
  /** For people, built from the kind only: never holds request data. */
  description: string;
}

const DESCRIPTIONS: Record<RequestProblemKind, string> = {
  malformed_body: 'The request body could not be parsed.',
  body_too_deep: 'The request body is nested too deeply.',
  too_many_parameters: 'The request has too many parameters.',
  body_too_large: 'The request body is too large.',
  unsupported_charset: 'The request body uses an unsupported character set.',
  unsupported_encoding: 'The request body uses an unsupported content encoding.',
  bad_path: 'The request path is not valid.',
  bad_request: 'The request is not valid.',
  internal: 'Unexpected error.',
};

/** An error that a parser of ours raises (body depth, parameter count); classified like body-parser's. */
export class RequestLimitError extends Error {
  override name = 'RequestLimitError';
  constructor(
    readonly status: number,
    readonly type: 'entity.too.deep' | 'parameters.too.many' | 'charset.unsupported',
  ) {
    super(type);
  }
}

export function problem(kind: RequestProblemKind, status: number): RequestProblem {
  return { status, kind, description: DESCRIPTIONS[kind] };
}

/** What went wrong with a request, from the error a parser, the router or a handler raised. */
export function requestProblem(error: unknown): RequestProblem {
  const e = (error ?? {}) as { type?: unknown; status?: unknown; statusCode?: unknown };
  switch (e.type) {
    case 'entity.parse.failed':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return problem('malformed_body', 400);
    case 'entity.too.deep':
      return problem('body_too_deep', 400);
    case 'parameters.too.many':
      return problem('too_many_parameters', 400);
    case 'entity.too.large':
      return problem('body_too_large', 413);
    case 'charset.unsupported':
      return problem('unsupported_charset', 415);
    case 'encoding.unsupported':
      return problem('unsupported_encoding', 415);
  }
  // The router could not decode a path parameter (it raises a URIError with status 400).
  if (error instanceof URIError) return problem('bad_path', 400);
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  // body-parser's failure to inflate a broken gzip/deflate/br stream: a 400 without a type.
  if (status === 400) return problem('malformed_body', 400);
  if (status !== undefined && status >= 400 && status < 500) return problem('bad_request', status);
  return problem('internal', 500);
}

/**
 * Writes the surface's error answer. `error` is what was raised, for surfaces with error classes
 * of their own (e.g. an Okta `OktaApiFailure`); `problem` is the classification of anything else.
 */
export type ProblemRenderer = (req: Request, res: Response, problem: RequestProblem, error: unknown) => void;

export interface FinalErrorHandlerOptions {
  events: EventLog;
  /** Names the surface in the event of an unexpected error, e.g. "okta.management". */
  surface: string;
  render: ProblemRenderer;
  /**
   * The emulator app's own last handler, not a surface's router: when the answer has already begun
   * it ends the connection itself, where Express's default handler would also print the stack.
   */
  outermost?: boolean;
}

/** Unexpected errors already recorded by an inner surface, so that the app's handler does not record them again. */
const recorded = new WeakSet<object>();

/** The error handler that ends a surface's router (or, `outermost`, an emulator's whole app). */
export function finalErrorHandler(options: FinalErrorHandlerOptions): ErrorRequestHandler {
  return (error, req, res, next) => {
    const found = requestProblem(error);
    if (found.kind === 'internal' && !(typeof error === 'object' && error !== null && recorded.has(error))) {
      // Name and message only: a stack names files, and request data stays out of logs.
      const e = error as { name?: unknown; message?: unknown };
      options.events.record('emulator.internal_error', {
        surface: options.surface,
        method: req.method,
        path: req.path,
        error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? error) },
      });
      if (typeof error === 'object' && error !== null) recorded.add(error);
    }
    if (res.headersSent) {
      // Too late for an error answer. A surface delegates, as Express requires of an error handler
      // once headers are sent; the app's own last handler ends the connection rather than leave the
      // client waiting.
      if (!options.outermost) return next(error);
      res.destroy();
      return;
    }
    try {
      options.render(req, res, found, error);
    } catch {
      if (!res.headersSent) res.status(found.status).type('text').send(found.description);
      else res.destroy();
    }
  };
}

/** Chooses the renderer by path: the first whose pattern matches, else the fallback. */
export function rendererByPath(routes: [RegExp, ProblemRenderer][], fallback: ProblemRenderer): ProblemRenderer {
  return (req, res, found, error) => {
    const path = req.originalUrl.split('?')[0];
    const match = routes.find(([pattern]) => pattern.test(path));
    (match ? match[1] : fallback)(req, res, found, error);
  };
}
