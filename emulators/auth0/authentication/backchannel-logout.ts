// OIDC back-channel logout as Auth0 sends it (docs/fidelity.md#back-channel-logout): when a session ends, every application that
// took part in it and has oidc_logout.backchannel_logout_urls receives a POST with a form-encoded
// logout_token (header typ "JWT", exp = iat + 120, events claim, sub and sid, no nonce). Auth0 waits
// 5 s and treats any 2xx as success; deliveries never block the browser.
import { SignJWT } from 'jose';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Auth0TenantCore } from '../tenant-context.ts';
import { backchannelLogoutUrlOf, findClient } from './clients.ts';
import { recordUnreachable } from '../../shared/hop-recorder.ts';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const TIMEOUT_MS = 5000;
/** Initiators every application receives, whatever it selected. */
const ALWAYS_ON = new Set(['rp-logout', 'idp-logout']);

export interface EndedSession {
  sid: string;
  sub: string;
  clientIds: string[];
  /** Why the session ended: rp-logout, idp-logout, session-revoked, account-deactivated, … */
  initiator: string;
}

export class BackchannelLogout {
  #pending = new Set<Promise<void>>();

  constructor(private readonly context: Auth0TenantCore) {}

  /** Queues deliveries for an ended session; returns at once. */
  notify(session: EndedSession): void {
    for (const clientId of session.clientIds) {
      const client = findClient(this.context.store, clientId);
      const url = backchannelLogoutUrlOf(client);
      if (!client || !url || !initiatorSelected(client.oidc_logout?.backchannel_logout_initiators, session.initiator)) continue;
      const delivery = this.#deliver(clientId, url, session).finally(() => this.#pending.delete(delivery));
      this.#pending.add(delivery);
    }
  }

  /** Resolves when every queued delivery has finished (tests, reset, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.allSettled([...this.#pending]);
  }

  async logoutToken(clientId: string, sid: string, sub: string): Promise<string> {
    const { signingKey, issuer } = this.context;
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: issuer,
      sub,
      aud: clientId,
      iat,
      exp: iat + 120,
      jti: randomUUID(),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      trace_id: randomBytes(16).toString('hex'),
      sid,
    })
      .setProtectedHeader({ alg: signingKey.alg, typ: 'JWT', kid: signingKey.kid })
      .sign(signingKey.privateKey);
  }

  async #deliver(clientId: string, url: string, session: EndedSession): Promise<void> {
    const detail = { client_id: clientId, url, sid: session.sid, user_id: session.sub, initiator: session.initiator };
    if (this.context.faults.take('backchannel_logout', [session.sub])) {
      // Injected (control plane): the application cannot be reached, as when it is down or its URL is not public.
      const reason = 'connect ECONNREFUSED (injected: the application cannot be reached)';
      recordUnreachable(this.context.events, { method: 'POST', url, reason });
      this.context.events.record('auth0.backchannel_logout', { ...detail, outcome: 'failure', log_type: 'oidc_backchannel_logout_failed', error: reason });
      return;
    }
    try {
      const token = await this.logoutToken(clientId, session.sid, session.sub);
      const response = await this.context.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      this.context.events.record('auth0.backchannel_logout', {
        ...detail,
        outcome: ok ? 'success' : 'failure',
        log_type: ok ? 'oidc_backchannel_logout_succeeded' : 'oidc_backchannel_logout_failed',
        status: response.status,
      });
    } catch (err) {
      this.context.events.record('auth0.backchannel_logout', {
        ...detail,
        outcome: 'failure',
        log_type: 'oidc_backchannel_logout_failed',
        error: err instanceof Error ? (err.name === 'TimeoutError' ? 'timeout after 5 s' : err.message) : String(err),
      });
    }
  }
}

function initiatorSelected(config: unknown, initiator: string): boolean {
  if (ALWAYS_ON.has(initiator)) return true;
  if (!config || typeof config !== 'object') return true;
  const { mode, selected_initiators: selected } = config as { mode?: string; selected_initiators?: unknown };
  if (mode !== 'custom' || !Array.isArray(selected)) return true;
  return selected.includes(initiator);
}
