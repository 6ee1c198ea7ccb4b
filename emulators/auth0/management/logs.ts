// GET /api/v2/logs and /api/v2/logs/{id} (read:logs): the tenant's log events, as the flow
// inspector reads them on a live tenant. Each is derived from the event the emulator recorded when
// it happened, in Auth0's log shape (the SDK's Management.Log) and with Auth0's event type codes:
// s / f (login), ssa / fsa (silent authentication), seacft / feacft (code exchange), sertft / fertft
// (refresh), seccft / feccft (client credentials), slo / flo (logout),
// oidc_backchannel_logout_succeeded / _failed, universal_logout_succeeded / _failed.
// Paging: page / per_page (at most 100) with include_totals, or a checkpoint (from / take);
// search (the SDK's `search`, Auth0's `q`): `field:value` or `field:"value"` joined by AND, on type,
// client_id, user_id, connection. See docs/fidelity.md#auth0-tenant-logs.
import express, { type Request, type Router } from 'express';
import type { Management } from 'auth0';
import type { Auth0TenantContext } from '../tenant-context.ts';
import type { EmulatorEvent } from '../../shared/event-log.ts';
import { requireScope } from './access-token.ts';
import { ManagementApiError } from './errors.ts';

export function logsRouter(context: Auth0TenantContext): Router {
  const router = express.Router();
  router.get('/logs', requireScope('read:logs'), (req, res) => {
    let logs = tenantLogs(context);
    const from = stringParam(req, 'from');
    if (from) {
      const take = Math.min(100, intParam(req, 'take', 50));
      res.json(logs.filter(l => l.log_id! > from).slice(0, take));
      return;
    }
    const search = stringParam(req, 'q') ?? stringParam(req, 'search');
    if (search) logs = logs.filter(matches(search));
    if ((stringParam(req, 'sort') ?? 'date:-1') === 'date:-1') logs.reverse();
    const perPage = intParam(req, 'per_page', 50);
    if (perPage > 100) throw new ManagementApiError(400, "Query validation error: 'per_page' must be lower or equal to 100", 'invalid_query_string');
    const page = intParam(req, 'page', 0);
    const slice = logs.slice(page * perPage, (page + 1) * perPage);
    if (stringParam(req, 'include_totals') === 'true')
      res.json({ start: page * perPage, limit: perPage, length: slice.length, total: logs.length, logs: slice });
    else res.json(slice);
  });
  router.get('/logs/:id', requireScope('read:logs'), (req, res) => {
    const log = tenantLogs(context).find(l => l.log_id === req.params.id);
    if (!log) throw new ManagementApiError(404, 'log not found', 'inexistent_log');
    res.json(log);
  });
  return router;
}

/** Every log event the tenant's recorded events amount to, oldest first. */
export function tenantLogs(context: Auth0TenantContext): Management.Log[] {
  const events = context.events.list();
  const hops = new Map(events.filter(e => e.type === 'hop').map(e => [e.hop as string, e]));
  const logs: Management.Log[] = [];
  for (const event of events) {
    const log = logOf(context, event, event.during ? hops.get(event.during as string) : undefined);
    if (log) logs.push(log);
  }
  return logs;
}

function logOf(context: Auth0TenantContext, e: EmulatorEvent, hop: EmulatorEvent | undefined): Management.Log | undefined {
  const failed = e.outcome === 'error' || e.outcome === 'failure' || e.outcome === 'failed';
  const description = (fallback = '') => String(e.error_description ?? e.reason ?? e.error ?? fallback);
  let type: string | undefined;
  let details: Record<string, unknown> = {};
  let text = '';
  switch (e.type) {
    case 'auth0.authorize.success':
      type = e.response_mode === 'web_message' || e.prompt === 'none' ? 'ssa' : 's';
      details = { prompts: [], completedAt: Date.parse(e.time), elapsedTime: null, session_id: e.sid };
      break;
    case 'auth0.authorize.error':
      // A silent authentication that needs the user is fsa; an error handed on from the IdP was logged (f) at the callback.
      if (!/^(login|consent|interaction)_required$/.test(String(e.error))) return undefined;
      type = 'fsa';
      text = description();
      details = { error: { message: text, oauthError: e.error } };
      break;
    case 'auth0.authorize.rejected':
    case 'auth0.login_callback':
      if (!failed && e.type === 'auth0.login_callback') return undefined;
      type = 'f';
      text = description('Failed login');
      details = { error: { message: text, oauthError: e.error } };
      break;
    case 'auth0.token': {
      const codes: Record<string, [string, string]> = {
        authorization_code: ['seacft', 'feacft'],
        refresh_token: ['sertft', 'fertft'],
        client_credentials: ['seccft', 'feccft'],
      };
      const pair = codes[String(e.grant_type)];
      if (!pair) return undefined;
      type = failed ? pair[1] : pair[0];
      text = failed
        ? description()
        : e.grant_type === 'client_credentials'
          ? 'Client Credentials for Access Token'
          : e.grant_type === 'refresh_token'
            ? 'Refresh Token for Access Token'
            : 'Authorization Code for Access Token';
      // Auth0 shows the code's last characters; the emulator never keeps a code, so only the mask.
      if (e.grant_type === 'authorization_code' && !failed) details = { code: '*'.repeat(40) };
      break;
    }
    case 'auth0.logout':
      type = failed ? 'flo' : 'slo';
      text = failed ? description() : '';
      details = { session_id: e.sid ?? undefined, return_to: e.return_to };
      break;
    case 'auth0.backchannel_logout':
      type = failed ? 'oidc_backchannel_logout_failed' : 'oidc_backchannel_logout_succeeded';
      text = failed ? String(e.error ?? `HTTP ${String(e.status)}`) : 'Successful OIDC Back-Channel Logout request';
      details = { url: e.url, session_id: e.sid, initiator: e.initiator };
      break;
    case 'auth0.global_token_revocation':
      type = failed ? 'universal_logout_failed' : 'universal_logout_succeeded';
      text = failed ? description() : '';
      details = { sessions_ended: e.sessions_ended, refresh_tokens_revoked: e.refresh_tokens_revoked };
      break;
    default:
      return undefined;
  }
  const clientId = typeof e.client_id === 'string' ? e.client_id : undefined;
  const userId = typeof e.user_id === 'string' ? e.user_id : undefined;
  const user = userId ? context.store.users.get(userId) : undefined;
  const connection =
    typeof e.connection === 'string'
      ? context.store.connectionByName(e.connection)
      : user
        ? context.store.connectionByName(String(user.identities?.[0]?.connection ?? ''))
        : undefined;
  return {
    date: e.time,
    type,
    description: text,
    connection: connection?.name,
    connection_id: connection?.id ?? '',
    client_id: clientId,
    client_name: clientId ? (context.store.clients.get(clientId)?.wire.name ?? '') : undefined,
    ip: typeof hop?.ip === 'string' ? hop.ip : undefined,
    user_agent: typeof hop?.user_agent === 'string' ? hop.user_agent : undefined,
    details,
    hostname: context.domain.split(':')[0],
    user_id: userId ?? '',
    user_name: typeof user?.email === 'string' ? user.email : undefined,
    strategy: connection?.strategy,
    strategy_type: connection ? (connection.strategy === 'auth0' ? 'database' : 'enterprise') : undefined,
    log_id: logId(e),
    isMobile: false,
  };
}

/** Auth0's log ids are 56 digits that sort by time; this one ends with the event's sequence number. */
function logId(e: EmulatorEvent): string {
  const stamp = e.time.replace(/\D/g, '').slice(0, 17).padEnd(17, '0');
  return `900${stamp}${String(e.seq).padStart(36, '0')}`;
}

function matches(search: string): (log: Management.Log) => boolean {
  const clauses = search
    .split(/\s+AND\s+/i)
    .map(clause => /^(\w+):"?([^"]*)"?$/.exec(clause.trim()))
    .filter((m): m is RegExpExecArray => m !== null);
  return log => clauses.every(([, field, value]) => String((log as Record<string, unknown>)[field] ?? '') === value);
}

function stringParam(req: Request, name: string): string | undefined {
  return typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;
}

function intParam(req: Request, name: string, fallback: number): number {
  const value = stringParam(req, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new ManagementApiError(400, `Query validation error: '${name}' must be a non-negative integer`, 'invalid_query_string');
  return n;
}
