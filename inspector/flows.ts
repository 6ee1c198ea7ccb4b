// Hops into flows. A few hops start a flow (the browser's /authorize, a refresh-token grant, a
// logout, an admin's "clear user sessions", a Management API call); every other hop joins the flow
// that last registered one of its correlation keys (a `state`, a code's digest, the URL a redirect
// sent the browser to, a session id), or the flow of the hop it was made during. A hop that matches
// nothing (a discovery document, a key set) joins the flow active just before it, if recent.
import { PARTY_LABELS, type Flow, type FlowKind, type Hop } from './flow.ts';

/** How long after its last hop a flow still takes hops that name none of its keys. */
const QUIET_JOIN_MS = 2_000;

export function flowsFrom(hops: Hop[]): Flow[] {
  const flows: Flow[] = [];
  const byKey = new Map<string, Flow>();
  const byHop = new Map<string, Flow>();
  const ordered = [...hops].sort((a, b) => a.startedAt.localeCompare(b.startedAt));

  for (const hop of ordered) {
    // The control plane's own traffic (faults armed, logs read) is no part of a flow; an admin's
    // "clear user sessions" starts one.
    if (isControlPlane(hop) && !startsFlow(hop)) continue;
    let starts = startsFlow(hop);
    let flow: Flow | undefined;
    // A retry (the same call again, soon after) belongs with the call it retries: a 429 and then the 200.
    const retried = starts === 'management' ? flows.findLast(f => f.kind === 'management' && isRetryOf(hop, f.hops.at(-1)!)) : undefined;
    if (retried) {
      flow = retried;
      starts = undefined;
    }
    if (!starts && !flow) {
      // A tagged browser (a test's) joins only its own flows: keys an app reuses across logins (its
      // `state` may be the same each time) must not tie two parallel tests together.
      const sameBrowser = (f: Flow) => !hop.tag || f.tags.length === 0 || f.tags.includes(hop.tag);
      flow =
        (hop.parent && byHop.get(hop.parent)) ||
        mostRecent(hop.keys.map(k => byKey.get(lookupKey(k))).filter((f): f is Flow => f !== undefined && sameBrowser(f)));
      if (!flow && hop.keys.every(k => k.startsWith('url:'))) {
        const previous = flows.at(-1);
        const last = previous?.hops.at(-1);
        const quiet = previous && last && Date.parse(hop.startedAt) - Date.parse(last.startedAt) - (last.durationMs ?? 0) < QUIET_JOIN_MS;
        // Only a server's keyless call (a discovery document, a key set) joins quietly; a browser's
        // hop that names no known key belongs to a flow begun before these hops (or another test's).
        if (quiet && hop.from !== 'admin' && hop.from !== 'browser' && previous.kind !== 'management') flow = previous;
      }
    }
    if (!flow) {
      flow = { id: `flow-${flows.length + 1}`, kind: starts ?? kindOfOrphan(hop), startedAt: hop.startedAt, hops: [], tags: [] };
      flows.push(flow);
    }
    flow.hops.push(hop);
    byHop.set(hop.id, flow);
    // A request's own URL is no key to register (many flows fetch the same discovery document or
    // IDX endpoint); it only finds the flow whose redirect sent the browser there.
    for (const key of hop.keys) if (!key.startsWith('url:')) byKey.set(key, flow);
    if (hop.tag && !flow.tags.includes(hop.tag)) flow.tags.push(hop.tag);
  }
  for (const flow of flows) finish(flow);
  return flows;
}

/** The kind of flow a hop starts, if it starts one. */
function startsFlow(hop: Hop): FlowKind | undefined {
  const path = pathOf(hop.url);
  if (hop.to === 'auth0' && hop.method === 'GET' && path === '/authorize') {
    return hop.params.prompt === 'none' || hop.params.response_mode === 'web_message' ? 'silent login' : 'login';
  }
  if (hop.to === 'auth0' && path === '/oauth/token') {
    if (hop.params.grant_type === 'refresh_token') return 'refresh';
    if (hop.params.grant_type === 'client_credentials') return 'machine token';
  }
  if (hop.to === 'auth0' && (path === '/v2/logout' || path === '/oidc/logout')) return 'logout';
  if (hop.to === 'okta' && /^\/_emulator\/users\/[^/]+\/clear-sessions$/.test(path)) return 'universal logout';
  if (hop.from === 'admin' && /^\/api\/v[12]\//.test(path)) return 'management';
  return undefined;
}

function isRetryOf(hop: Hop, previous: Hop): boolean {
  const gap = Date.parse(hop.startedAt) - Date.parse(previous.startedAt) - (previous.durationMs ?? 0);
  return previous.method === hop.method && previous.url === hop.url && previous.failure !== undefined && gap < 10_000;
}

/** A request's URL matches the redirect (goto) that named it. */
function lookupKey(key: string): string {
  return key.startsWith('url:') ? `goto:${key.slice(4)}` : key;
}

function isControlPlane(hop: Hop): boolean {
  return pathOf(hop.url).startsWith('/_emulator/');
}

function kindOfOrphan(hop: Hop): FlowKind {
  const path = pathOf(hop.url);
  if (path.startsWith('/scim/')) return 'scim push';
  if (path.startsWith('/api/')) return 'api call';
  return 'other';
}

function mostRecent(flows: Flow[]): Flow | undefined {
  return flows.reduce<Flow | undefined>((best, f) => (!best || f.hops.at(-1)!.startedAt > best.hops.at(-1)!.startedAt ? f : best), undefined);
}

function finish(flow: Flow): void {
  // The hop that failed is the first failure that is not merely the consequence of a call it made
  // (a callback fails because the token exchange inside it failed: the exchange is the one).
  const failures = flow.hops.filter(h => h.failure !== undefined);
  const cause = failures.find(h => !failures.some(child => child.parent === h.id));
  if (cause) flow.failedAt = flow.hops.indexOf(cause);
  if (flow.kind === 'management' && flow.hops.some(h => pathOf(h.url).startsWith('/scim/'))) flow.kind = 'scim push';
  flow.user = userOf(flow);
}

function userOf(flow: Flow): string | undefined {
  for (const hop of flow.hops) {
    for (const token of hop.tokens) {
      const claims = token.claims;
      if (token.name.startsWith('id_token') && typeof claims.email === 'string') return claims.email;
    }
  }
  for (const hop of flow.hops) if (typeof hop.params.login_hint === 'string') return hop.params.login_hint;
  for (const hop of flow.hops) if (typeof hop.params.username === 'string') return hop.params.username;
  for (const hop of flow.hops) for (const token of hop.tokens) if (typeof token.claims.sub === 'string' && token.name !== 'bearer') return token.claims.sub;
  return undefined;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Flows worth showing a person: management traffic only when something in it failed. */
export function interestingFlows(flows: Flow[]): Flow[] {
  return flows.filter(f => (f.kind !== 'management' && f.kind !== 'machine token' && f.kind !== 'other') || f.failedAt !== undefined);
}

export { PARTY_LABELS };
