// On a live tenant the inspector cannot read the parties' wire: it reads Auth0's tenant logs
// (GET /api/v2/logs with the official SDK; the machine-to-machine app needs read:logs) and turns
// each log event into a hop of the flow it belongs to — a login (s / f / ssa / fsa), the app's code
// exchange (seacft / feacft), a refresh (sertft / fertft), a logout (slo / flo), a back-channel
// logout, a Universal Logout. What the logs do not carry is said, never guessed.
import type { Management, ManagementClient } from 'auth0';
import type { HarnessConfig } from '../provisioning/index.ts';
import { openManagementClients } from '../provisioning/management-clients.ts';
import type { Flow, FlowKind, Hop, Party } from './flow.ts';

export const TENANT_LOGS_CANNOT_SHOW =
  "Seen from Auth0's tenant logs only. Not visible from here: the browser's redirects and their parameters " +
  "(state, nonce, code_challenge), the Okta org's side (its sign-in page, and its token, keys and userinfo answers to Auth0), " +
  'and the tokens themselves. The demo app\'s "How you signed in" page adds the app\'s own view: its redirects, its token calls and the tokens it received, decoded.';

/** What each log type stands for in a flow: which flow it starts or joins, and the hop it shows. */
const LOG_HOPS: Record<string, { kind?: FlowKind; from: Party; to: Party; method: string; path: string; ok: boolean }> = {
  s: { kind: 'login', from: 'browser', to: 'auth0', method: 'GET', path: '/authorize', ok: true },
  f: { kind: 'login', from: 'browser', to: 'auth0', method: 'GET', path: '/authorize', ok: false },
  ssa: { kind: 'silent login', from: 'browser', to: 'auth0', method: 'GET', path: '/authorize', ok: true },
  fsa: { kind: 'silent login', from: 'browser', to: 'auth0', method: 'GET', path: '/authorize', ok: false },
  seacft: { from: 'app', to: 'auth0', method: 'POST', path: '/oauth/token', ok: true },
  feacft: { from: 'app', to: 'auth0', method: 'POST', path: '/oauth/token', ok: false },
  sertft: { kind: 'refresh', from: 'app', to: 'auth0', method: 'POST', path: '/oauth/token', ok: true },
  fertft: { kind: 'refresh', from: 'app', to: 'auth0', method: 'POST', path: '/oauth/token', ok: false },
  slo: { kind: 'logout', from: 'browser', to: 'auth0', method: 'GET', path: '/v2/logout', ok: true },
  flo: { kind: 'logout', from: 'browser', to: 'auth0', method: 'GET', path: '/v2/logout', ok: false },
  universal_logout_succeeded: {
    kind: 'universal logout',
    from: 'okta',
    to: 'auth0',
    method: 'POST',
    path: '/oauth/global-token-revocation/connection/…',
    ok: true,
  },
  universal_logout_failed: {
    kind: 'universal logout',
    from: 'okta',
    to: 'auth0',
    method: 'POST',
    path: '/oauth/global-token-revocation/connection/…',
    ok: false,
  },
  oidc_backchannel_logout_succeeded: { from: 'auth0', to: 'app', method: 'POST', path: '(back-channel logout URI)', ok: true },
  oidc_backchannel_logout_failed: { from: 'auth0', to: 'app', method: 'POST', path: '(back-channel logout URI)', ok: false },
};

/** The tenant's recent flows, oldest first, from its logs (the latest 100 events). */
export async function tenantLogFlows(config: HarnessConfig, management?: ManagementClient): Promise<Flow[]> {
  const clients = management ? undefined : openManagementClients(config);
  try {
    const page = await (management ?? clients!.auth0).logs.list({ per_page: 100, sort: 'date:-1' });
    return flowsFromLogs([...page.data].reverse(), `https://${config.auth0.domain}`);
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 403)
      throw new Error(
        'Auth0 refused to list the tenant\'s logs (403): grant the machine-to-machine app the read:logs scope (docs/live-tenants.md, "Running against sandbox tenants").',
      );
    throw error;
  } finally {
    clients?.close();
  }
}

export function flowsFromLogs(logs: Management.Log[], tenantOrigin: string): Flow[] {
  const flows: Flow[] = [];
  for (const log of logs) {
    const shape = LOG_HOPS[String(log.type)];
    if (!shape) continue;
    const hop: Hop = {
      id: String(log.log_id),
      startedAt: typeof log.date === 'string' ? log.date : new Date().toISOString(),
      from: shape.from,
      to: shape.to,
      method: shape.method,
      url: `${tenantOrigin}${shape.path}`,
      status: shape.ok ? 200 : 400,
      params: Object.fromEntries(
        Object.entries({ client_id: log.client_id, connection: log.connection, audience: log.audience, scope: log.scope }).filter(([, v]) => v),
      ),
      answer: {},
      tokens: [],
      notes: [`tenant log ${String(log.type)}${log.description ? `: ${log.description}` : ''}${log.user_name ? ` (${log.user_name})` : ''}`],
      failure: shape.ok ? undefined : String(log.description || log.type),
      keys:
        typeof (log.details as { session_id?: unknown } | undefined)?.session_id === 'string'
          ? [`sid:${(log.details as { session_id: string }).session_id}`]
          : [],
      seenBy: 'auth0-logs',
    };
    const sameUser = (f: Flow) => f.user === (log.user_name || log.user_id) && Date.parse(hop.startedAt) - Date.parse(f.startedAt) < 5 * 60_000;
    // The code exchange and a back-channel logout join the last flow of the same user; the others start one.
    let flow = shape.kind ? undefined : [...flows].reverse().find(sameUser);
    if (!flow) {
      flow = {
        id: `flow-${flows.length + 1}`,
        kind: shape.kind ?? 'other',
        startedAt: hop.startedAt,
        hops: [],
        tags: [],
        user: log.user_name || log.user_id || undefined,
      };
      flows.push(flow);
    }
    flow.hops.push(hop);
    if (hop.failure !== undefined && flow.failedAt === undefined) flow.failedAt = flow.hops.length - 1;
  }
  return flows;
}
