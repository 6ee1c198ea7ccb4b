// Writing SCIM responses: JSON as application/scim+json, and the detail a handler adds to the
// request's `auth0.scim` event (recorded once the response is sent, see index.ts).
import type { Response } from 'express';
import { SCIM_CONTENT_TYPE } from './scim-schemas.ts';

export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

export function noteScimEvent(res: Response, detail: Record<string, unknown>): void {
  res.locals.scimEvent = { ...(res.locals.scimEvent ?? {}), ...detail };
}
