// Every HTTP exchange an emulator answers or makes, as one `hop` event in its event log: method,
// URL, status, duration, the protocol parameters that matter, the tokens decoded (header and
// claims only) and correlation keys — the values that tie one hop to the next across the parties
// (a `state`, a hash of a code or refresh token, the exact URL a redirect sends the browser to:
// `goto:` on the redirect, `url:` on the request that follows it, with the same digest).
// The flow inspector (inspector/) builds its timelines from these. Secret values are never
// recorded: codes, refresh tokens and IDX handles only as a short hash, JWTs only decoded.
// Domain events recorded while a hop is being answered carry its id (event-log.ts), so the
// inspector knows which hop a "login failed" or "session ended" belongs to.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { decodeTokens, type DecodedToken } from '../../lib/decoded-token.ts';
import type { EventLog } from './event-log.ts';
import type { Fetch } from './outbound-fetch.ts';
import { currentHopId, runInHop, type HopInProgress } from './hop-context.ts';

/** A short, one-way digest: enough to match a value across hops, useless to replay it. */
export function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 16);
}

/** The cookie a test's browser carries so that its flows can be told from a parallel test's. */
export const FLOW_TAG_COOKIE = 'harness_flow_tag';

/** Parameters shown as they are. */
const SHOWN = [
  'client_id',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'login_hint',
  'connection',
  'audience',
  'resource',
  'prompt',
  'max_age',
  'acr_values',
  'grant_type',
  'error',
  'error_description',
  'post_logout_redirect_uri',
  'returnTo',
  'federated',
  'token_type_hint',
  'username',
  'userName',
  'externalId',
  'active',
  'sub_id',
  'subject',
  'filter',
] as const;
/** Secret parameters: only said to be present. */
const PRESENT_ONLY = [
  'code',
  'code_verifier',
  'client_secret',
  'refresh_token',
  'client_assertion',
  'password',
  'stateHandle',
  'stateToken',
  'passcode',
] as const;
/** Values whose digest ties hops together. */
const DIGESTED: Record<string, string> = { code: 'code', refresh_token: 'rt', stateHandle: 'idx', stateToken: 'idx' };

const MAX_BODY = 64 * 1024;

export interface HopRecorderOptions {
  /** Paths not worth a hop (static files, the event log being read). */
  skip?: RegExp[];
}

/** Express middleware, mounted first: one `hop` event per request answered. */
export function recordHops(events: EventLog, origin: string, options: HopRecorderOptions = {}) {
  let next = 0;
  return (req: Request, res: Response, proceed: NextFunction) => {
    const path = req.originalUrl.split('?')[0];
    if (options.skip?.some(pattern => pattern.test(path)) || (req.method === 'GET' && path.startsWith('/_emulator'))) return proceed();
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const hop: HopInProgress = { id: `${events.source}-${++next}`, keys: new Set(), notes: [] };
    const requestBody = tapRequest(req);
    const responseBody = tapResponse(res);
    res.once('close', () => {
      const url = new URL(req.originalUrl, origin);
      const body = parseBody(requestBody(), req.headers['content-type']);
      const fields: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...body };
      const location = res.getHeader('location');
      const answered = parseBody(responseBody(), String(res.getHeader('content-type') ?? ''));
      const keys = new Set([...hop.keys, ...keysOf(fields), `url:${digest(url.href)}`]);
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer) keys.add(`at:${digest(bearer)}`);
      const tokens = [...decodeTokens(fields), ...decodeTokens(answered).map(t => ({ ...t, name: `${t.name} (issued)` })), ...bearerToken(req)];
      let redirect: string | undefined;
      if (typeof location === 'string') {
        const target = new URL(location, url);
        keys.add(`goto:${digest(target.href)}`);
        for (const key of keysOf(Object.fromEntries(target.searchParams))) keys.add(key);
        redirect = describeUrl(target);
        tokens.push(...decodeTokens(Object.fromEntries(target.searchParams)));
      }
      for (const key of keysOf(answered)) keys.add(key);
      for (const token of tokens) if (typeof token.claims.sid === 'string') keys.add(`sid:${token.claims.sid}`);
      events.record('hop', {
        hop: hop.id,
        startedAt,
        direction: 'in',
        caller: /Mozilla\//.test(req.headers['user-agent'] ?? '') ? 'browser' : 'server',
        tag: cookie(req.headers.cookie, FLOW_TAG_COOKIE),
        user_agent: req.headers['user-agent'],
        ip: req.socket.remoteAddress,
        method: req.method,
        url: `${url.origin}${url.pathname}`,
        params: shownParams(fields),
        status: res.headersSent ? res.statusCode : undefined,
        redirect,
        answer: shownParams(answered),
        durationMs: Math.round(performance.now() - started),
        tokens,
        keys: [...keys],
        notes: hop.notes,
      });
    });
    runInHop(hop, proceed);
  };
}

/**
 * fetch that records each outbound call as a hop (`direction: out`) of the hop being answered, if
 * any: the Auth0 tenant's calls to the Okta org, Okta's Universal Logout and SCIM calls, Auth0's
 * back-channel logout to relying parties.
 */
export function recordingFetch(fetch: Fetch, events: EventLog): Fetch {
  let next = 0;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const parent = currentHopId();
    const sent = parseBody(typeof init?.body === 'string' || init?.body instanceof URLSearchParams ? String(init.body) : '', contentTypeOf(init?.headers));
    const fields: Record<string, unknown> = { ...Object.fromEntries(url.searchParams), ...sent };
    const base = {
      hop: `${events.source}-out-${++next}`,
      startedAt,
      parent,
      direction: 'out',
      caller: 'server',
      method,
      url: `${url.origin}${url.pathname}`,
      params: shownParams(fields),
    };
    const authorization = headerOf(init?.headers, 'authorization');
    const outboundTokens = [...decodeTokens(fields), ...bearerOf(authorization)];
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const sentKeys = [...keysOf(fields), ...(bearer ? [`at:${digest(bearer)}`] : [])];
    try {
      const response = await fetch(input as string, init);
      const text = response.headers.get('content-type')?.includes('json')
        ? await response
            .clone()
            .text()
            .catch(() => '')
        : '';
      const answered = parseBody(text.length <= MAX_BODY ? text : '', 'application/json');
      const tokens = [...outboundTokens, ...decodeTokens(answered).map(t => ({ ...t, name: `${t.name} (issued)` }))];
      const keys = new Set([...sentKeys, ...keysOf(answered)]);
      for (const token of tokens) if (typeof token.claims.sid === 'string') keys.add(`sid:${token.claims.sid}`);
      events.record('hop', {
        ...base,
        status: response.status,
        answer: shownParams(answered),
        durationMs: Math.round(performance.now() - started),
        tokens,
        keys: [...keys],
        notes: [],
      });
      return response;
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError'
          ? 'no answer (timed out)'
          : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      events.record('hop', {
        ...base,
        status: undefined,
        error: reason,
        durationMs: Math.round(performance.now() - started),
        tokens: outboundTokens,
        keys: sentKeys,
        notes: [],
      });
      throw error;
    }
  }) as Fetch;
}

function keysOf(fields: Record<string, unknown>): string[] {
  const keys: string[] = [];
  // An access token ties its later use (a bearer call) to the exchange that issued it; an ID token
  // its use as id_token_hint (logout) to the login.
  for (const [name, prefix] of [
    ['access_token', 'at'],
    ['id_token', 'it'],
    ['id_token_hint', 'it'],
  ] as const)
    if (typeof fields[name] === 'string' && fields[name]) keys.push(`${prefix}:${digest(fields[name] as string)}`);
  if (typeof fields.state === 'string' && fields.state) keys.push(`state:${fields.state}`);
  for (const [name, prefix] of Object.entries(DIGESTED))
    if (typeof fields[name] === 'string' && fields[name]) keys.push(`${prefix}:${digest(fields[name] as string)}`);
  return keys;
}

function shownParams(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of SHOWN) if (fields[name] !== undefined && fields[name] !== '') out[name] = fields[name];
  for (const name of PRESENT_ONLY) if (fields[name] !== undefined && fields[name] !== '') out[name] = '(present)';
  return out;
}

function describeUrl(url: URL): string {
  const shown = shownParams(Object.fromEntries(url.searchParams));
  const query = Object.entries(shown)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

function bearerToken(req: Request): DecodedToken[] {
  return bearerOf(req.headers.authorization);
}

function bearerOf(header: string | null | undefined): DecodedToken[] {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? decodeTokens({ bearer: match[1] }, ['bearer']) : [];
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function headerOf(headers: HeadersInit | undefined, name: string): string | null {
  return headers ? new Headers(headers).get(name) : null;
}

function contentTypeOf(headers: HeadersInit | undefined): string {
  return headerOf(headers, 'content-type') ?? 'application/x-www-form-urlencoded';
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    if (contentType?.includes('json')) {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    }
    if (contentType?.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  } catch {
    // not what it said it was: nothing to show
  }
  return {};
}

/** Watches the request body as its consumer reads it (without reading it itself). */
function tapRequest(req: Request): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  const emit = req.emit.bind(req);
  req.emit = ((event: string, ...args: unknown[]) => {
    if (event === 'data' && size < MAX_BODY) {
      const chunk = Buffer.from(args[0] as Buffer);
      chunks.push(chunk);
      size += chunk.length;
    }
    return emit(event, ...args);
  }) as typeof req.emit;
  return () => (size <= MAX_BODY ? Buffer.concat(chunks).toString('utf8') : '');
}

/** Keeps a copy of a small JSON or form response body as it is written. */
function tapResponse(res: Response): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_BODY) return;
    const type = String(res.getHeader('content-type') ?? '');
    if (!/json|x-www-form-urlencoded/.test(type)) return;
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    chunks.push(buffer);
    size += buffer.length;
  };
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return (end as (...a: unknown[]) => Response)(chunk, ...rest);
  }) as typeof res.end;
  return () => (size <= MAX_BODY ? Buffer.concat(chunks).toString('utf8') : '');
}

/**
 * Records an outbound call that could not be made because a fault said the other party is
 * unreachable (control plane): the hop shows what was attempted and why nothing answered.
 */
export function recordUnreachable(events: EventLog, call: { method: string; url: string; reason: string }): void {
  const url = new URL(call.url);
  events.record('hop', {
    hop: `${events.source}-unreachable-${events.lastSeq + 1}`,
    startedAt: new Date().toISOString(),
    parent: currentHopId(),
    direction: 'out',
    caller: 'server',
    method: call.method,
    url: `${url.origin}${url.pathname}`,
    params: {},
    status: undefined,
    error: call.reason,
    durationMs: 0,
    tokens: [],
    keys: [],
    notes: [],
  });
}
