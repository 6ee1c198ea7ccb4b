// Auth0's OAuth endpoints (/oauth/token, /oauth/revoke) take form-encoded and JSON bodies alike;
// oidc-provider reads only forms, from the request stream. These helpers read either into
// URLSearchParams and hand oidc-provider a form-encoded copy of the request.
import type { NextFunction, Request, Response } from 'express';
import { IncomingMessage, type ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { MAX_PARAMETERS } from '../../shared/request-parsers.ts';

const BODY_LIMIT = 56 * 1024;

export type ProviderHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The body as parameters; responds with Auth0's error and returns undefined when it cannot be read. */
export async function readOAuthParams(req: Request, res: Response): Promise<URLSearchParams | undefined> {
  const unsupported = unsupportedBody(req);
  if (unsupported) {
    req.resume();
    res.status(415).json({ error: 'invalid_request', error_description: unsupported });
    return undefined;
  }
  let raw: Buffer;
  try {
    raw = await readBody(req);
  } catch {
    res.status(413).json({ error: 'invalid_request', error_description: 'request entity too large' });
    return undefined;
  }
  const params = parseBody(req.headers['content-type'], raw);
  if (!params)
    res.status(400).json({ error: 'invalid_request', error_description: 'The request body must be application/x-www-form-urlencoded or application/json' });
  else if ([...params.keys()].length > MAX_PARAMETERS) {
    res.status(400).json({ error: 'invalid_request', error_description: 'The request has too many parameters.' });
    return undefined;
  }
  return params;
}

/** Bodies are read as sent: compressed ones and charsets other than UTF-8 are refused (415). */
function unsupportedBody(req: Request): string | undefined {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity') return 'The request body uses an unsupported content encoding.';
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return 'The request body uses an unsupported character set.';
  return undefined;
}

/** Passes the request to oidc-provider with `params` as its form-encoded body. */
export function forwardAsForm(providerHandler: ProviderHandler, req: Request, res: Response, params: URLSearchParams): void {
  providerHandler(replayedRequest(req, params), res);
}

/** Route for an endpoint oidc-provider answers entirely, once the body is a form. */
export function acceptJsonBodies(provider: Provider) {
  const providerHandler: ProviderHandler = provider.callback();
  return async (req: Request, res: Response, next: NextFunction) => {
    const params = await readOAuthParams(req, res);
    if (!params) return;
    try {
      forwardAsForm(providerHandler, req, res, params);
    } catch (err) {
      next(err);
    }
  };
}

function parseBody(contentType: string | undefined, raw: Buffer): URLSearchParams | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return new URLSearchParams(raw.toString('utf8'));
  if (type === 'application/json') {
    try {
      const json = JSON.parse(raw.toString('utf8')) as unknown;
      if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(json)) if (v !== undefined && v !== null) params.append(k, typeof v === 'string' ? v : JSON.stringify(v));
      return params;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function readBody(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(new Error('too large'));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function replayedRequest(req: Request, params: URLSearchParams): IncomingMessage {
  const body = Buffer.from(params.toString(), 'utf8');
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.originalUrl;
  replay.httpVersion = req.httpVersion;
  replay.headers = { ...req.headers, 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length) };
  delete replay.headers['transfer-encoding'];
  delete replay.headers['content-encoding'];
  // A complete message: an IncomingMessage destroyed before `complete` counts as aborted and
  // takes the socket down with it.
  replay.complete = true;
  replay.push(body);
  replay.push(null);
  return replay;
}
