// Auth0 sessions: oidc-provider's Session records (id = `sid`, the session's uid), what each one
// remembers about the upstream login (connection + Okta ID token, for federated logout), and the
// operations that end them. Every way a session ends reports through #endNotify, so back-channel
// logout is sent whatever the trigger (logout endpoints, Management API, Universal Logout, SCIM).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AdapterPayload } from 'oidc-provider';
import type { Auth0SessionService, Auth0TenantCore } from '../tenant-context.ts';
import type { ProviderStorage } from '../../shared/provider-storage.ts';
import type { BackchannelLogout } from './backchannel-logout.ts';
import { SESSION_COOKIE_OPTIONS } from './session-cookies.ts';
import { handOverSession } from '../../shared/session-handover.ts';

export interface UpstreamLogin {
  connection: string;
  /** Okta's ID token, the id_token_hint of a federated logout. */
  idToken: string;
  sub: string;
}

/** The browser's current Auth0 session. */
export interface BrowserSession {
  /** Auth0 session id (`sid` claim). */
  sid: string;
  accountId: string;
  clientIds: string[];
  upstream?: UpstreamLogin;
}

export class TenantSessions implements Auth0SessionService {
  #upstream = new Map<string, UpstreamLogin>();
  #provider: Provider | undefined;

  constructor(
    private readonly context: Auth0TenantCore,
    private readonly storage: ProviderStorage,
    private readonly backchannel: BackchannelLogout,
  ) {}

  attach(provider: Provider): void {
    this.#provider = provider;
  }

  rememberUpstream(sid: string, upstream: UpstreamLogin): void {
    this.#upstream.set(sid, upstream);
  }

  async endSessionsOfUser(userId: string, initiator: string): Promise<number> {
    return this.#endSessions(userId, initiator);
  }

  async revokeRefreshTokensOfUser(userId: string): Promise<number> {
    return this.#revokeRefreshTokens(userId, {});
  }

  async endSessionOfUser(userId: string, sid: string, initiator: string): Promise<boolean> {
    return this.#endSessions(userId, initiator, payload => payload.uid === sid) > 0;
  }

  async revokeRefreshTokensOfSession(userId: string, sid: string): Promise<number> {
    return this.#revokeRefreshTokens(userId, { sid }, payload => payload.sessionUid === sid);
  }

  /** The session named by the request's session cookie, if it is signed in. */
  async browserSession(req: IncomingMessage, res: ServerResponse): Promise<BrowserSession | undefined> {
    const provider = this.#requireProvider();
    const session = await provider.Session.get(provider.createContext(req, res) as never);
    if (!session.accountId) return undefined;
    const sid = session.uid;
    return {
      sid,
      accountId: session.accountId,
      clientIds: Object.keys(session.authorizations ?? {}),
      upstream: this.#upstream.get(sid),
    };
  }

  /** Ends the browser's session (if any) and expires its cookie; returns what was ended. */
  async endBrowserSession(req: IncomingMessage, res: ServerResponse, initiator: string): Promise<BrowserSession | undefined> {
    const provider = this.#requireProvider();
    const ctx = provider.createContext(req, res);
    const current = await this.browserSession(req, res);
    ctx.cookies.set(provider.cookieName('session'), null, { path: '/', ...SESSION_COOKIE_OPTIONS });
    if (!current) return undefined;
    const id = this.storage.idBySessionUid(current.sid);
    const payload = id === undefined ? undefined : this.storage.get('Session', id);
    if (id !== undefined && payload) this.#end(id, payload, initiator);
    return current;
  }

  /**
   * A new login of a different user in a browser that holds a session (prompt=login): the session
   * changes hands, as on Auth0, instead of oidc-provider's "sign out first" prompt. The previous
   * user's session ends (its applications get back-channel logout) and the session gets a new
   * sid; returns it.
   */
  async switchAccount(sid: string, accountId: string): Promise<string> {
    const session = await handOverSession(this.#requireProvider(), sid, accountId, previous => {
      this.#upstream.delete(sid);
      this.#endNotify(sid, previous.accountId, Object.keys(previous.authorizations ?? {}), 'rp-logout');
      previous.uid = randomBytes(32).toString('base64url');
    });
    return session ? session.uid : sid;
  }

  reset(): void {
    this.#upstream.clear();
  }

  /** Ends the user's sessions that `keep` selects (all by default); returns how many. */
  #endSessions(userId: string, initiator: string, keep: (payload: AdapterPayload) => boolean = () => true): number {
    const sessions = this.storage.ofAccount('Session', userId).filter(([, payload]) => keep(payload));
    for (const [id, payload] of sessions) this.#end(id, payload, initiator);
    return sessions.length;
  }

  /** Revokes the user's refresh tokens that `keep` selects (all by default); `detail` goes into the event. */
  #revokeRefreshTokens(userId: string, detail: { sid?: string }, keep: (payload: AdapterPayload) => boolean = () => true): number {
    const tokens = this.storage.ofAccount('RefreshToken', userId).filter(([, payload]) => keep(payload));
    for (const [id] of tokens) this.storage.delete('RefreshToken', id);
    if (tokens.length) this.context.events.record('auth0.refresh_tokens_revoked', { user_id: userId, ...detail, count: tokens.length });
    return tokens.length;
  }

  #end(id: string, payload: AdapterPayload, initiator: string): void {
    this.storage.delete('Session', id);
    const sid = String(payload.uid);
    this.#upstream.delete(sid);
    this.#endNotify(sid, payload.accountId, Object.keys((payload.authorizations as object | undefined) ?? {}), initiator);
  }

  #endNotify(sid: string, accountId: string | undefined, clientIds: string[], initiator: string): void {
    this.context.events.record('auth0.session_ended', { sid, user_id: accountId, initiator, clients: clientIds });
    if (accountId) this.backchannel.notify({ sid, sub: accountId, clientIds, initiator });
  }

  #requireProvider(): Provider {
    if (!this.#provider) throw new Error('TenantSessions used before the provider was attached');
    return this.#provider;
  }
}
