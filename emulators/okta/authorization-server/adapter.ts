// oidc-provider's storage, in memory: sessions, interactions, codes, tokens and grants, each with its
// expiry, plus the indexes the emulator needs — sessions by uid (oidc-provider's findByUid), tokens
// by grant (revokeByGrantId) and sessions by account, so that every Okta browser session of a user
// can be ended (DELETE /api/v1/users/{id}/sessions). Clients are not stored here: the Client model
// reads the apps of the Okta store (clients.ts), so an app exists for OAuth as soon as the
// Management API has created it, and not once it is deactivated or deleted.
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { OktaStore } from '../store.ts';
import { clientMetadataOf } from './clients.ts';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; undefined for what never expires. */
  expiresAt?: number;
}

/** Models whose records carry a grantId and are revoked with their grant. */
const GRANT_BOUND = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

export class ProviderStorage {
  #entries = new Map<string, Entry>();
  #sessionIdByUid = new Map<string, string>();
  #keysByGrant = new Map<string, Set<string>>();
  #sessionIdsByAccount = new Map<string, Set<string>>();

  find(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  upsert(model: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    const key = keyOf(model, id);
    this.delete(key);
    this.#entries.set(key, { payload, expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined });
    if (model === 'Session') {
      if (payload.uid) this.#sessionIdByUid.set(payload.uid, id);
      if (payload.accountId) addTo(this.#sessionIdsByAccount, payload.accountId, id);
    }
    if (GRANT_BOUND.has(model) && payload.grantId) addTo(this.#keysByGrant, payload.grantId, key);
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    const { payload } = entry;
    const [model, id] = splitKey(key);
    if (model === 'Session') {
      if (payload.uid && this.#sessionIdByUid.get(payload.uid) === id) this.#sessionIdByUid.delete(payload.uid);
      if (payload.accountId) removeFrom(this.#sessionIdsByAccount, payload.accountId, id);
    }
    if (payload.grantId) removeFrom(this.#keysByGrant, payload.grantId, key);
  }

  sessionIdByUid(uid: string): string | undefined {
    return this.#sessionIdByUid.get(uid);
  }

  revokeGrant(grantId: string): void {
    for (const key of [...(this.#keysByGrant.get(grantId) ?? [])]) this.delete(key);
    this.#keysByGrant.delete(grantId);
  }

  /** Ends every live browser session of `accountId`; returns how many there were. */
  endSessionsOf(accountId: string): number {
    let ended = 0;
    for (const id of [...(this.#sessionIdsByAccount.get(accountId) ?? [])]) {
      const key = keyOf('Session', id);
      if (this.find(key)?.accountId === accountId) ended++;
      this.delete(key);
    }
    return ended;
  }

  clear(): void {
    this.#entries.clear();
    this.#sessionIdByUid.clear();
    this.#keysByGrant.clear();
    this.#sessionIdsByAccount.clear();
  }
}

class ModelAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly storage: ProviderStorage,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.storage.upsert(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.storage.find(keyOf(this.model, id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.storage.sessionIdByUid(uid);
    return id === undefined ? undefined : this.storage.find(keyOf(this.model, id));
  }

  async findByUserCode(): Promise<undefined> {
    return undefined; // the device flow is not emulated
  }

  async consume(id: string): Promise<void> {
    const payload = this.storage.find(keyOf(this.model, id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.storage.delete(keyOf(this.model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.storage.revokeGrant(grantId);
  }
}

/** The Client model: reads the Okta store's apps; registration is not offered, so nothing is written. */
class AppClientAdapter implements Adapter {
  constructor(private readonly store: OktaStore) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const app = this.store.findAppByClientId(clientId);
    return app ? clientMetadataOf(app) : undefined;
  }

  async upsert(): Promise<void> {
    throw new Error('OAuth clients are Okta apps: create them through the Management API');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

export function adapterFactory(storage: ProviderStorage, store: OktaStore): AdapterFactory {
  return (model: string) => (model === 'Client' ? new AppClientAdapter(store) : new ModelAdapter(model, storage));
}

function keyOf(model: string, id: string): string {
  return `${model}:${id}`;
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
