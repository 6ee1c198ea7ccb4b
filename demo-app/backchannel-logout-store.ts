// In-memory store for express-openid-connect's back-channel logout markers (express-session
// style get/set/destroy). Entries expire with their cookie's expiry, so it cannot grow forever.
// One process only: a deployment with several instances would use a shared store.
import type { ConfigParams } from 'express-openid-connect';

type LogoutStore = NonNullable<Exclude<ConfigParams['backchannelLogout'], boolean | undefined>['store']>;
type Entry = Parameters<LogoutStore['set']>[1];

export class BackchannelLogoutStore implements LogoutStore {
  // express-session style stores are open-ended objects; the library's type says so.
  [key: string]: unknown;
  #entries = new Map<string, Entry>();

  get(sid: string, callback: (err: unknown, session?: Entry | null) => void): void {
    const entry = this.#entries.get(sid);
    if (entry && entry.cookie.expires < Date.now()) {
      this.#entries.delete(sid);
      return callback(null, null);
    }
    callback(null, entry ?? null);
  }

  set(sid: string, session: Entry, callback?: (err?: unknown) => void): void {
    this.#entries.set(sid, session);
    callback?.();
  }

  destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#entries.delete(sid);
    callback?.();
  }

  get size(): number {
    return this.#entries.size;
  }
}
