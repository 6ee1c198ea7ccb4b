// What a handler throws to answer in its vendor's words: a status, the vendor's body, extra headers,
// and how the body is written (JSON unless the vendor needs otherwise). Each surface's last handler
// (request-errors.ts finalErrorHandler, with the surface's ProblemRenderer) sends its own kind as
// it is and words anything else from the classified problem.
import type { Response } from 'express';

export abstract class VendorError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (e.g. `Allow` on a 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The body in the vendor's shape. */
  abstract body(): unknown;

  /** Writes the answer; a vendor whose content type or framing differs overrides this. */
  send(res: Response): void {
    res.status(this.status).set(this.headers).json(this.body());
  }
}
