// Okta answers JSON with exactly `Content-Type: application/json` (no charset parameter); the SDK
// refuses to parse a model response without a Content-Type (docs/fidelity.md#requests-answers-and-errors).
import type { Response } from 'express';

export function sendJson(res: Response, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.status(status);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', String(payload.length));
  res.end(payload);
}

/** 204 No Content: what Okta sends for deletes, unassignments and membership changes. */
export function sendNoContent(res: Response): void {
  res.status(204).end();
}
