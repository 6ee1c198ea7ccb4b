// oidc-provider's storage (its `adapter` option), in memory, for both emulators: sessions,
// interactions, codes, tokens and grants, each with its expiry, plus the indexes the emulators need
// beyond oidc-provider's own lookups (sessions by uid, device codes by user code, records by grant)
// — records by account (sessions, refresh tokens), so that "end every session of a user" and
// "revoke every refresh token of a user" (the Management APIs, Universal Logout, SCIM
// deactivation) are map look-ups. Clients are not stored here: the Client model reads the vendor's
// own store (the Auth0 Management API's clients, the Okta org's apps), so a client exists for OAuth
// as soon as the Management API has created it, and not once it is gone.
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the model has no expiry. */
  expiresAt: number;
}

/** Expired records are swept out once every this many writes (a login writes about ten). */
const SWEEP_EVERY = 1_000;
/** Models whose records belong to a grant (revokeByGrantId). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
/** Models indexed by account (accountId in the payload). */
const BY_ACCOUNT = new Set(['Session', 'RefreshToken']);

export class ProviderStorage {
  #records = new Map<string, Map<string, Entry>>();
  #sessionUid = new Map<string, string>();
  #userCode = new Map<string, string>();
  /** grantId → model → ids */
  #byGrant = new Map<string, Set<string>>();
  /** model → accountId → ids */
  #byAccount = new Map<string, Map<string, Set<string>>>();
  /** Writes since expired records were last swept out. */
  #writes = 0;

  /** `clientFinder`: the client metadata of a client id, from the vendor's store. */
  constructor(private readonly clientFinder: (id: string) => AdapterPayload | undefined) {}

  /** oidc-provider's `adapter` option. */
  readonly adapterFactory: AdapterFactory = (model: string): Adapter => {
    if (model === 'Client') return new ClientAdapter(this.clientFinder);
    return new ModelAdapter(model, this);
  };

  clear(): void {
    this.#records.clear();
    this.#sessionUid.clear();
    this.#userCode.clear();
    this.#byGrant.clear();
    this.#byAccount.clear();
  }

  get(model: string, id: string): AdapterPayload | undefined {
    const entry = this.#model(model).get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.delete(model, id);
      return undefined;
    }
    return entry.payload;
  }

  set(model: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    if (++this.#writes >= SWEEP_EVERY) this.#sweep();
    this.delete(model, id);
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.#model(model).set(id, { payload, expiresAt });
    if (model === 'Session' && payload.uid) this.#sessionUid.set(payload.uid, id);
    if (payload.userCode) this.#userCode.set(payload.userCode, id);
    if (GRANTABLE.has(model) && payload.grantId) addTo(this.#byGrant, payload.grantId, `${model}:${id}`);
    if (BY_ACCOUNT.has(model) && payload.accountId) addTo(this.#accountIndex(model), payload.accountId, id);
  }

  delete(model: string, id: string): void {
    const records = this.#model(model);
    const entry = records.get(id);
    if (!entry) return;
    records.delete(id);
    const { payload } = entry;
    if (model === 'Session' && payload.uid && this.#sessionUid.get(payload.uid) === id) this.#sessionUid.delete(payload.uid);
    if (payload.userCode && this.#userCode.get(payload.userCode) === id) this.#userCode.delete(payload.userCode);
    if (GRANTABLE.has(model) && payload.grantId) removeFrom(this.#byGrant, payload.grantId, `${model}:${id}`);
    if (BY_ACCOUNT.has(model) && payload.accountId) removeFrom(this.#accountIndex(model), payload.accountId, id);
  }

  /**
   * Drops every expired record. A record that is never read again (the code of a finished login,
   * its interaction) would otherwise stay for good: memory would grow with every login.
   */
  #sweep(): void {
    this.#writes = 0;
    const now = Date.now();
    for (const [model, records] of this.#records) {
      for (const [id, entry] of records) if (entry.expiresAt <= now) this.delete(model, id);
    }
  }

  /** How many records of a model are held, expired ones not yet swept included. */
  held(model: string): number {
    return this.#model(model).size;
  }

  idBySessionUid(uid: string): string | undefined {
    return this.#sessionUid.get(uid);
  }

  idByUserCode(userCode: string): string | undefined {
    return this.#userCode.get(userCode);
  }

  /** Deletes every grantable record of a grant, in one model. */
  revokeGrant(model: string, grantId: string): void {
    const members = this.#byGrant.get(grantId);
    if (!members) return;
    for (const member of [...members]) {
      const [memberModel, id] = splitOnce(member);
      if (memberModel === model) this.delete(model, id);
    }
  }

  /** Live records of a model that belong to an account, as [id, payload]. */
  ofAccount(model: string, accountId: string): [string, AdapterPayload][] {
    const ids = this.#accountIndex(model).get(accountId);
    if (!ids) return [];
    const out: [string, AdapterPayload][] = [];
    for (const id of [...ids]) {
      const payload = this.get(model, id);
      if (payload) out.push([id, payload]);
    }
    return out;
  }

  #model(model: string): Map<string, Entry> {
    let records = this.#records.get(model);
    if (!records) this.#records.set(model, (records = new Map()));
    return records;
  }

  #accountIndex(model: string): Map<string, Set<string>> {
    let index = this.#byAccount.get(model);
    if (!index) this.#byAccount.set(model, (index = new Map()));
    return index;
  }
}

class ModelAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly storage: ProviderStorage,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.storage.set(this.model, id, payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.storage.get(this.model, id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.storage.idBySessionUid(uid);
    return id === undefined ? undefined : this.storage.get(this.model, id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const id = this.storage.idByUserCode(userCode);
    return id === undefined ? undefined : this.storage.get(this.model, id);
  }

  async consume(id: string): Promise<void> {
    const payload = this.storage.get(this.model, id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.storage.delete(this.model, id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.storage.revokeGrant(this.model, grantId);
  }
}

/** Read-only: clients are created and changed only through the vendor's Management API. */
class ClientAdapter implements Adapter {
  constructor(private readonly finder: (id: string) => AdapterPayload | undefined) {}
  async find(id: string) {
    return this.finder(id);
  }
  async upsert(): Promise<void> {
    throw new Error('OAuth clients are created through the Management API');
  }
  async findByUid() {
    return undefined;
  }
  async findByUserCode() {
    return undefined;
  }
  async consume() {}
  async destroy() {}
  async revokeByGrantId() {}
}

function addTo(index: Map<string, Set<string>>, key: string, value: string) {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string, value: string) {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

function splitOnce(member: string): [string, string] {
  const i = member.indexOf(':');
  return [member.slice(0, i), member.slice(i + 1)];
}
