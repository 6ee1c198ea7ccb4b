// The emulators' event logs as hops. Each emulator records every exchange it answers or makes
// (emulators/shared/hop-recorder.ts); an exchange between the two emulators is seen by both, so the
// caller's record and the callee's are merged into one hop (the caller saw the tokens it received,
// the callee what it decided). Domain events recorded during a hop (a login that failed, a session
// ended, a fault injected) become its notes, and the first error among them its failure.
import type { DecodedToken } from '../lib/decoded-token.ts';
import type { Hop, Party } from './flow.ts';

/** An event as GET /_emulator/events returns it. */
export interface RecordedEvent {
  seq: number;
  time: string;
  source: string;
  type: string;
  during?: string;
  [detail: string]: unknown;
}

export interface PartyOrigins {
  auth0: string[];
  okta: string[];
  /** The relying party (demo app), if known. */
  app?: string[];
}

interface HopEvent extends RecordedEvent {
  hop: string;
  startedAt: string;
  direction: 'in' | 'out';
  caller: 'browser' | 'server';
  method: string;
  url: string;
  status?: number;
  redirect?: string;
  params?: Record<string, unknown>;
  answer?: Record<string, unknown>;
  durationMs?: number;
  tokens?: DecodedToken[];
  keys?: string[];
  notes?: string[];
  parent?: string;
  tag?: string;
  error?: string;
}

export function hopsFromEvents(logs: RecordedEvent[][], origins: PartyOrigins): Hop[] {
  const all = logs.flat();
  const hopEvents = all.filter((e): e is HopEvent => e.type === 'hop');
  const duringHop = new Map<string, RecordedEvent[]>();
  for (const event of all) if (event.during) duringHop.set(event.during, [...(duringHop.get(event.during) ?? []), event]);

  const partyOf = (url: string): Party | undefined => {
    const origin = safeOrigin(url);
    if (origins.auth0.includes(origin)) return 'auth0';
    if (origins.okta.includes(origin)) return 'okta';
    if (origins.app?.includes(origin)) return 'app';
    return undefined;
  };
  const sourceParty = (source: string): Party => (source === 'okta' ? 'okta' : 'auth0');

  const inbound = hopEvents.filter(e => e.direction === 'in');
  const outbound = hopEvents.filter(e => e.direction === 'out');
  const merged = new Set<HopEvent>();
  const hops: Hop[] = [];
  const calls: Hop[] = [];

  for (const out of outbound) {
    const target = partyOf(out.url);
    const start = Date.parse(out.startedAt);
    const end = start + (out.durationMs ?? 0);
    // The callee's record of the same exchange: same method and URL, started while the call was open.
    // Where the call carried a code, a refresh token or an access token, the twin must carry the same
    // (two logins may call Okta's token endpoint at the same moment).
    const identifying = (out.keys ?? []).filter(k => !k.startsWith('url:') && !k.startsWith('goto:'));
    const twin =
      target && target !== 'app'
        ? inbound.find(
            i =>
              !merged.has(i) &&
              i.method === out.method &&
              i.url === out.url &&
              within(Date.parse(i.startedAt), start - 50, end + 50) &&
              (identifying.length === 0 || identifying.some(k => i.keys?.includes(k))),
          )
        : undefined;
    if (twin) merged.add(twin);
    calls.push(
      toHop(out, {
        from: sourceParty(out.source),
        to: target ?? 'app',
        twin,
        events: [...(duringHop.get(out.hop) ?? []), ...(twin ? (duringHop.get(twin.hop) ?? []) : [])],
      }),
    );
  }
  for (const hop of inbound) {
    if (merged.has(hop)) continue;
    hops.push(toHop(hop, { from: callerOf(hop), to: sourceParty(hop.source), events: duringHop.get(hop.hop) ?? [] }));
  }
  // Outbound calls after the requests answered: a call is made while a request is answered, and on a
  // quiet machine both can start in the same millisecond (the sort is stable).
  return [...hops, ...calls].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

function callerOf(hop: HopEvent): Party {
  if (hop.caller === 'browser') return 'browser';
  const path = safePath(hop.url);
  if (/^\/(api\/v[12]|_emulator)\//.test(path)) return 'admin';
  return 'app';
}

function toHop(event: HopEvent, options: { from: Party; to: Party; twin?: HopEvent; events: RecordedEvent[] }): Hop {
  const { twin } = options;
  const notes = [...(event.notes ?? []), ...(twin?.notes ?? [])];
  let failure: string | undefined;
  for (const domain of options.events.sort((a, b) => a.seq - b.seq)) {
    const described = describe(domain);
    if (described.note) notes.push(described.note);
    failure ??= described.failure;
  }
  const status = event.status ?? twin?.status;
  if (event.error) failure ??= event.error;
  if (status !== undefined && status >= 400) failure ??= errorOf(event.answer) ?? errorOf(twin?.answer) ?? `HTTP ${status}`;
  if (event.redirect && /[?&]error=/.test(event.redirect)) failure ??= errorInUrl(event.redirect);
  const tokens = [...(event.tokens ?? [])];
  for (const token of twin?.tokens ?? []) if (!tokens.some(t => t.name === token.name)) tokens.push(token);
  return {
    id: event.hop,
    startedAt: event.startedAt,
    from: options.from,
    to: options.to,
    method: event.method,
    url: event.url,
    status,
    redirect: event.redirect ?? twin?.redirect,
    params: { ...(twin?.params ?? {}), ...(event.params ?? {}) },
    answer: { ...(twin?.answer ?? {}), ...(event.answer ?? {}) },
    tokens,
    durationMs: event.durationMs,
    notes,
    failure,
    keys: [...new Set([...(event.keys ?? []), ...(twin?.keys ?? []), ...domainKeys(options.events)])],
    parent: event.parent,
    tag: event.tag ?? twin?.tag,
    seenBy: twin ? `${event.source}+${twin.source}` : event.source,
  };
}

/** Keys domain events add: the sessions a hop created or ended, so that a later back-channel logout finds its flow. */
function domainKeys(events: RecordedEvent[]): string[] {
  const keys: string[] = [];
  for (const e of events) {
    if (typeof e.sid === 'string') keys.push(`sid:${e.sid}`);
    if (Array.isArray(e.sids)) for (const sid of e.sids) if (typeof sid === 'string') keys.push(`sid:${sid}`);
  }
  return keys;
}

const FAILED = new Set(['error', 'failure', 'failed']);

/** A domain event in a few words: a note, or the reason a hop failed. */
function describe(e: RecordedEvent): { note?: string; failure?: string } {
  const reason = [e.error, e.error_description ?? e.reason ?? e.detail].filter(v => typeof v === 'string' && v).join(': ');
  if (e.type === 'fault.injected')
    return {
      note: `fault injected: ${String(e.fault ?? `HTTP ${String(e.status)}`)}`,
      failure: e.status ? `injected fault: HTTP ${String(e.status)}` : undefined,
    };
  if (FAILED.has(String(e.outcome)) || e.type.endsWith('.error') || e.type === 'auth0.authorize.rejected') {
    return { note: `${e.type}: ${reason || String(e.outcome)}`, failure: reason || e.type };
  }
  switch (e.type) {
    case 'auth0.hrd':
      return { note: `home realm discovery: @${String(e.domain)} → ${e.connection ? String(e.connection) : 'no enterprise connection'}` };
    case 'auth0.connection_button':
      return { note: `connection button: ${String(e.connection)}` };
    case 'auth0.upstream_authorize':
      return {
        note: `to the identity provider through ${String(e.connection)} (PKCE ${String(e.code_challenge_method ?? 'off')}${e.login_hint_forwarded ? ', login_hint forwarded' : ''})`,
      };
    case 'auth0.login_callback':
      return { note: `user ${String(e.user_id)} ${e.user_created ? 'created' : 'updated'} from the Okta profile` };
    case 'auth0.authorize.success':
      return { note: `Auth0 session ${String(e.sid)}${e.sso ? ' (single sign-on: no login asked)' : ''}` };
    case 'auth0.authorize.login_required':
      return { note: `login required (${String(e.prompt)})` };
    case 'auth0.session_ended':
      return { note: `Auth0 session ${String(e.sid)} ended (${String(e.initiator)})` };
    case 'auth0.backchannel_logout':
      return { note: `back-channel logout delivered to ${String(e.url)}` };
    case 'auth0.global_token_revocation':
      return { note: `global token revocation: ${String(e.sessions_ended ?? e.sessions ?? '')} session(s) ended, refresh tokens revoked` };
    case 'auth0.refresh_tokens_revoked':
      return { note: `${String(e.count)} refresh token(s) revoked` };
    case 'okta.signin':
      return { note: `Okta sign-in: ${String(e.step)} → ${String(e.outcome)}` };
    case 'okta.user.sessions_cleared':
      return { note: `Okta sessions of ${String(e.userId)} cleared` };
    case 'okta.universal_logout':
      return { note: `Universal Logout sent to ${String(e.endpoint ?? e.appId)}: ${String(e.status ?? e.outcome)}` };
    case 'okta.provisioning':
    case 'okta.scim_push':
      return { note: `SCIM: ${String(e.action ?? e.operation ?? e.type)} ${String(e.outcome ?? '')}`.trim() };
    default:
      return {};
  }
}

function errorOf(answer: Record<string, unknown> | undefined): string | undefined {
  if (!answer) return undefined;
  const parts = [answer.error, answer.error_description].filter(v => typeof v === 'string' && v);
  return parts.length ? parts.join(': ') : undefined;
}

function errorInUrl(url: string): string | undefined {
  try {
    const params = new URL(url).searchParams;
    return [params.get('error'), params.get('error_description')].filter(Boolean).join(': ');
  } catch {
    return undefined;
  }
}

function within(value: number, low: number, high: number): boolean {
  return value >= low && value <= high;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
