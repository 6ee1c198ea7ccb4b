// What the flow inspector shows: hops (one HTTP exchange between two parties) grouped into flows
// (one login, logout, refresh, Universal Logout, SCIM push …), in the order they happened.
import type { DecodedToken } from '../lib/decoded-token.ts';

export type Party = 'browser' | 'app' | 'auth0' | 'okta' | 'admin';

export const PARTY_LABELS: Record<Party, string> = {
  browser: 'Browser',
  app: 'Demo app',
  auth0: 'Auth0',
  okta: 'Okta',
  admin: 'Admin',
};

export interface Hop {
  /** Stable id: the recording party's hop id (e.g. "auth0-12"), or the browser's / the app's. */
  id: string;
  startedAt: string;
  from: Party;
  to: Party;
  method: string;
  /** Origin and path, no query (parameters are in `params`). */
  url: string;
  /** HTTP status; undefined when no answer came (network error, timeout). */
  status?: number;
  /** Where a redirect sends the browser (with the parameters that matter). */
  redirect?: string;
  /** Protocol parameters of the request (secrets only as "(present)"). */
  params: Record<string, unknown>;
  /** Protocol parameters of the answer (e.g. a token response's scope, an error). */
  answer: Record<string, unknown>;
  /** JWTs sent or received, decoded: header and claims only. */
  tokens: DecodedToken[];
  durationMs?: number;
  /** What the parties noted meanwhile: "home realm discovery: matched …", "session ended …". */
  notes: string[];
  /** Why this hop failed, when it did. */
  failure?: string;
  /** Correlation keys (see emulators/shared/hop-recorder.ts). */
  keys: string[];
  /** The hop this one was made while answering (a back-channel call inside a browser hop). */
  parent?: string;
  /** Test tag the browser carried (fixtures), to tell parallel tests apart. */
  tag?: string;
  /** Who recorded it: "okta", "auth0", "auth0+okta", "browser", "app", "auth0-logs". */
  seenBy: string;
}

export type FlowKind =
  | 'login'
  | 'silent login'
  | 'logout'
  | 'refresh'
  | 'universal logout'
  | 'scim push'
  | 'management'
  | 'machine token'
  | 'api call'
  | 'other';

export interface Flow {
  id: string;
  kind: FlowKind;
  startedAt: string;
  hops: Hop[];
  /** The first hop that failed (index into hops), if any. */
  failedAt?: number;
  /** Who the flow is about, when a hop says so (email or user id). */
  user?: string;
  tags: string[];
}

export function failedHop(flow: Flow): Hop | undefined {
  return flow.failedAt === undefined ? undefined : flow.hops[flow.failedAt];
}

/** One line about a flow: "login of pat@example.com — failed at hop 9: Auth0 → Okta POST /oauth2/v1/token 500". */
export function flowSummary(flow: Flow): string {
  const who = flow.user ? ` of ${flow.user}` : '';
  const failed = failedHop(flow);
  const outcome = failed
    ? `failed at hop ${flow.failedAt! + 1}: ${hopLine(failed)}${failed.failure ? ` (${failed.failure})` : ''}`
    : `${flow.hops.length} hops, ok`;
  return `${flow.kind}${who} at ${flow.startedAt.slice(11, 19)} — ${outcome}`;
}

export function hopLine(hop: Hop): string {
  return `${PARTY_LABELS[hop.from]} → ${PARTY_LABELS[hop.to]} ${hop.method} ${pathOf(hop.url)} ${hop.status ?? 'no answer'}`;
}

export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
