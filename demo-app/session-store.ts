// The demo app's server-side sessions (express-openid-connect's `session.store`, express-session
// style get/set/destroy). The cookie holds only a signed, random session id, so a session ends
// when the server says so: logout destroys it, and a back-channel logout token destroys every
// session it names (its `sid`, or its `sub`), at once. A replayed cookie then finds nothing.
// An ended id stays refused until its cookie would have expired, so a request that was in flight
// during the logout cannot write the session back. Entries expire with their cookie.
// One process only: a deployment with several instances would use a shared store.
import type { ConfigParams } from 'express-openid-connect';
import { decodeJwt } from 'jose';

type SessionStore = NonNullable<NonNullable<ConfigParams['session']>['store']>;
type Entry = Parameters<SessionStore['set']>[1];
type Callback<T = void> = (err?: unknown, value?: T) => void;

/** The claims of a back-channel logout token that name sessions (already verified by the library). */
export interface LogoutTokenClaims {
  iss?: string;
  sid?: string;
  sub?: string;
}

export class ServerSessionStore implements SessionStore {
  // express-session style stores are open-ended objects; the library's type says so.
  [key: string]: unknown;
  #entries = new Map<string, Entry>();
  /** Ended session ids, until when they stay refused (epoch ms). */
  #ended = new Map<string, number>();

  get(id: string, callback: Callback<Entry | null>): void {
    this.#sweep();
    callback(null, this.#entries.get(id) ?? null);
  }

  set(id: string, session: Entry, callback?: Callback): void {
    if (!this.#ended.has(id)) this.#entries.set(id, session);
    callback?.();
  }

  destroy(id: string, callback?: Callback): void {
    this.#end(id);
    callback?.();
  }

  /** Back-channel logout: ends every session whose ID token has the token's sid, or its sub; returns how many. */
  endSessionsFor(token: LogoutTokenClaims): number {
    let ended = 0;
    for (const [id, entry] of this.#entries) {
      const claims = idTokenClaims(entry);
      if (!claims || (token.iss && claims.iss !== token.iss)) continue;
      if ((token.sid && claims.sid === token.sid) || (token.sub && claims.sub === token.sub)) {
        this.#end(id);
        ended++;
      }
    }
    return ended;
  }

  get size(): number {
    this.#sweep();
    return this.#entries.size;
  }

  #end(id: string): void {
    const expires = this.#entries.get(id)?.cookie.expires ?? Date.now() + DAY;
    this.#entries.delete(id);
    this.#ended.set(id, expires);
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.#entries) if (entry.cookie.expires < now) this.#entries.delete(id);
    for (const [id, until] of this.#ended) if (until < now) this.#ended.delete(id);
  }
}

const DAY = 24 * 60 * 60 * 1000;

function idTokenClaims(entry: Entry): { iss?: string; sid?: string; sub?: string } | undefined {
  const idToken = (entry.data as { id_token?: unknown }).id_token;
  if (typeof idToken !== 'string') return undefined;
  try {
    return decodeJwt(idToken) as { iss?: string; sid?: string; sub?: string };
  } catch {
    return undefined;
  }
}
