// The flows of one Auth0 session (its `sid`), from the emulators on the embedded target or from the
// tenant's logs on a live one, merged with what the relying party itself saw (its redirects, the
// requests it received, its own calls): the "How you signed in" page's data.
import type { Flow, Hop } from './flow.ts';

export interface SessionFlows {
  flows: Flow[];
  /** Where the parties' side came from, in words. */
  source: string;
  /** What this source cannot show, said plainly (none on the embedded target). */
  cannotSee?: string;
}

/** Reads the parties' side of a session's flows. */
export type SessionFlowSource = (sid: string) => Promise<SessionFlows>;

/** The flows that name this session, oldest first. */
export function flowsOfSession(flows: Flow[], sid: string): Flow[] {
  return flows.filter(f => f.hops.some(h => h.keys.includes(`sid:${sid}`) || h.tokens.some(t => t.claims.sid === sid)));
}

/**
 * Adds the app's own hops to the parties' flows: each app hop goes into the flow running when it
 * happened (or a flow of its own, when the parties' side is missing); hops both sides saw (the app's
 * token call) are kept once, the parties' record first.
 */
export function withAppView(flows: Flow[], appHops: Hop[]): Flow[] {
  if (!flows.length)
    return appHops.length
      ? [{ id: 'app-view', kind: 'login', startedAt: appHops[0].startedAt, hops: appHops, tags: [], failedAt: indexOfFailure(appHops) }]
      : [];
  const merged = flows.map(f => ({ ...f, hops: [...f.hops] }));
  for (const hop of appHops) {
    const seen = merged.some(f =>
      f.hops.some(h => h.method === hop.method && h.url === hop.url && Math.abs(Date.parse(h.startedAt) - Date.parse(hop.startedAt)) < 1000),
    );
    if (seen) continue;
    const flow = [...merged].reverse().find(f => f.startedAt <= hop.startedAt) ?? merged[0];
    flow.hops.push(hop);
  }
  for (const flow of merged) {
    flow.hops.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    flow.failedAt = indexOfFailure(flow.hops);
  }
  return merged;
}

function indexOfFailure(hops: Hop[]): number | undefined {
  const failures = hops.filter(h => h.failure !== undefined);
  const cause = failures.find(h => !failures.some(child => child.parent === h.id));
  return cause ? hops.indexOf(cause) : undefined;
}
