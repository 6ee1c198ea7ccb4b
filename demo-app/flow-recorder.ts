// The demo app's own view of each login, for its "How you signed in" page: the redirects it sends
// the browser (to /authorize, to /v2/logout), the requests it receives back (/callback), and the
// calls its server makes (token, userinfo), with the tokens decoded — header and claims, never a
// raw token, a code or a secret. Works on every target: this is what the app itself sees. Kept in
// memory per Auth0 session (`sid`), for an hour.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { decodeTokens } from '../lib/decoded-token.ts';
import type { Fetch } from '../lib/trusting-fetch.ts';
import type { Hop, Party } from '../inspector/flow.ts';

const KEEP_MS = 60 * 60 * 1000;
/** Routes where the app takes part in a login, logout or refresh. */
const TRACKED = /^\/(login(\/.*)?|callback|logout(\/.*)?|profile\/refresh|backchannel-logout)$/;
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
  'prompt',
  'grant_type',
  'error',
  'error_description',
  'returnTo',
  'federated',
  'post_logout_redirect_uri',
];
const PRESENT_ONLY = ['code', 'code_verifier', 'client_secret', 'refresh_token', 'logout_token', 'id_token_hint'];

interface RequestHops {
  hops: Hop[];
}

export class AppFlowRecorder {
  readonly #inRequest = new AsyncLocalStorage<RequestHops>();
  /** Hops of logins under way, by the nonce the app sent (the ID token brings it back). */
  readonly #byNonce = new Map<string, { hops: Hop[]; at: number }>();
  readonly #bySid = new Map<string, { hops: Hop[]; at: number }>();
  #next = 0;

  constructor(private readonly origins: { app: string; issuer: string }) {}

  /** Express middleware: records the browser's requests to the app's login routes. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      if (!TRACKED.test(req.path)) return next();
      const context: RequestHops = { hops: [] };
      const startedAt = new Date().toISOString();
      const started = performance.now();
      res.once('finish', () => {
        const url = new URL(req.originalUrl, this.origins.app);
        const location = res.getHeader('location');
        const target = typeof location === 'string' ? new URL(location, url) : undefined;
        const hop = this.#hop({
          startedAt,
          from: req.path === '/backchannel-logout' ? 'auth0' : 'browser',
          to: 'app',
          method: req.method,
          url: `${url.origin}${url.pathname}`,
          status: res.statusCode,
          params: shown(Object.fromEntries(url.searchParams)),
          redirect: target ? `${target.origin}${target.pathname}${describeQuery(target)}` : undefined,
          tokens: target ? decodeTokens(Object.fromEntries(target.searchParams)) : [],
          durationMs: Math.round(performance.now() - started),
        });
        const hops = [hop, ...context.hops];
        const nonce = target?.searchParams.get('nonce');
        const sid = (req.oidc?.idTokenClaims?.sid as string | undefined) ?? sidOf(hops);
        const issued = nonceOf(hops);
        this.#prune();
        if (nonce) this.#byNonce.set(nonce, { hops, at: Date.now() });
        else if (sid) {
          const earlier = (issued && this.#byNonce.get(issued)?.hops) || [];
          if (issued) this.#byNonce.delete(issued);
          const kept = this.#bySid.get(sid)?.hops ?? [];
          this.#bySid.set(sid, { hops: [...kept, ...earlier, ...hops], at: Date.now() });
        }
      });
      this.#inRequest.run(context, next);
    };
  }

  /** fetch for the app's server-side calls (express-openid-connect's customFetch): each call recorded. */
  fetch(inner: Fetch): Fetch {
    return (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const startedAt = new Date().toISOString();
      const started = performance.now();
      const body = typeof init?.body === 'string' || init?.body instanceof URLSearchParams ? Object.fromEntries(new URLSearchParams(String(init.body))) : {};
      const response = await inner(input as string, init);
      const context = this.#inRequest.getStore();
      if (context) {
        let answer: Record<string, unknown> = {};
        if (response.headers.get('content-type')?.includes('json'))
          answer = (await response
            .clone()
            .json()
            .catch(() => ({}))) as Record<string, unknown>;
        context.hops.push(
          this.#hop({
            startedAt,
            from: 'app',
            to: url.origin === new URL(this.origins.issuer).origin ? 'auth0' : 'app',
            method: (init?.method ?? 'GET').toUpperCase(),
            url: `${url.origin}${url.pathname}`,
            status: response.status,
            params: shown({ ...Object.fromEntries(url.searchParams), ...body }),
            answer: shown(answer),
            tokens: decodeTokens(answer).map(t => ({ ...t, name: `${t.name} (issued)` })),
            durationMs: Math.round(performance.now() - started),
          }),
        );
      }
      return response;
    }) as Fetch;
  }

  /** What the app saw of the logins, refreshes and logouts of this Auth0 session. */
  hopsOf(sid: string | undefined): Hop[] {
    return sid ? [...(this.#bySid.get(sid)?.hops ?? [])] : [];
  }

  #hop(fields: Partial<Hop> & Pick<Hop, 'startedAt' | 'from' | 'to' | 'method' | 'url'>): Hop {
    const failure =
      fields.status !== undefined && fields.status >= 400
        ? (errorOf(fields.answer) ?? `HTTP ${fields.status}`)
        : fields.redirect?.includes('error=')
          ? 'error in the redirect'
          : undefined;
    return { id: `app-${++this.#next}`, params: {}, answer: {}, tokens: [], notes: [], keys: [], seenBy: 'app', failure, ...fields };
  }

  #prune(): void {
    const old = Date.now() - KEEP_MS;
    for (const map of [this.#byNonce, this.#bySid]) for (const [k, v] of map) if (v.at < old) map.delete(k);
  }
}

function shown(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of SHOWN) if (fields[name] !== undefined && fields[name] !== '') out[name] = fields[name];
  for (const name of PRESENT_ONLY) if (fields[name] !== undefined && fields[name] !== '') out[name] = '(present)';
  return out;
}

function describeQuery(url: URL): string {
  const query = Object.entries(shown(Object.fromEntries(url.searchParams)))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  return query ? `?${query}` : '';
}

function sidOf(hops: Hop[]): string | undefined {
  for (const hop of hops) for (const token of hop.tokens) if (typeof token.claims.sid === 'string') return token.claims.sid;
  return undefined;
}

function nonceOf(hops: Hop[]): string | undefined {
  for (const hop of hops)
    for (const token of hop.tokens) if (token.name.startsWith('id_token') && typeof token.claims.nonce === 'string') return token.claims.nonce;
  return undefined;
}

function errorOf(answer: Record<string, unknown> | undefined): string | undefined {
  return typeof answer?.error === 'string' ? [answer.error, answer.error_description].filter(Boolean).join(': ') : undefined;
}

export type { Party };
