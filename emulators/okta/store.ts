// The Okta org's state, in memory. Records are kept in their wire form (what the Management API
// returns, minus `_links`, which depend on the request's origin) plus the private parts a real org
// never returns (password hashes). One store per emulator instance; reset() empties it back to
// what a new org holds (org-baseline.ts).
import type { AppUser, Group, OpenIdConnectApplication, TrustedOrigin, User } from '@okta/okta-sdk-nodejs';
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { now, type Wire } from '../shared/wire.ts';
import type { RateWindow } from '../shared/rate-window.ts';
import { apiTokenOwner, everyoneGroup } from './org-baseline.ts';
import { PolicyStore } from './policies/policy-store.ts';

export type UserStatus = 'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'LOCKED_OUT' | 'PASSWORD_EXPIRED' | 'SUSPENDED' | 'DEPROVISIONED';

export type WireUser = Omit<Wire<User>, '_links' | 'status' | 'profile'> & {
  id: string;
  status: UserStatus;
  profile: UserProfileRecord;
};

export interface UserProfileRecord {
  login: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  [attribute: string]: unknown;
}

export interface UserRecord {
  wire: WireUser;
  /** scrypt hash of the password; undefined for a user created without credentials. */
  passwordHash?: string;
  /** Wrong passwords since the last good one (the password policy's lockout counts them). */
  failedPasswordAttempts?: number;
}

export type WireApp = Omit<Wire<OpenIdConnectApplication>, '_links'> & { id: string; status: 'ACTIVE' | 'INACTIVE' };

/** Universal Logout settings (admin console in the real product; control plane here). */
export interface UniversalLogoutSettings {
  /** Global token revocation endpoint URL. */
  endpoint: string;
  subjectFormat: 'iss_sub' | 'email';
  /** Body member carrying the subject: `sub_id` (current) or `subject` (older docs). */
  subjectMember: 'sub_id' | 'subject';
}

/** SCIM provisioning settings of an app (admin console in the real product). */
export interface ScimProvisioningSettings {
  baseUrl: string;
  bearerToken: string;
}

export interface AppRecord {
  wire: WireApp;
  universalLogout?: UniversalLogoutSettings;
  scim?: ScimProvisioningSettings;
  /** Okta user id → SCIM `id` on the provisioned side, once pushed. */
  scimIds?: Map<string, string>;
}

export type WireAppUser = Omit<Wire<AppUser>, '_links' | '_embedded'> & { id: string };
export type WireGroup = Omit<Wire<Group>, '_links' | '_embedded'> & { id: string };
export type WireTrustedOrigin = Omit<Wire<TrustedOrigin>, '_links'> & { id: string };

export class OktaStore {
  readonly orgId = oktaId('00o');
  /** The org's default user type (`type.id` of every user) and its profile schema. */
  readonly defaultUserTypeId = oktaId('oty');
  readonly defaultUserSchemaId = oktaId('osc');
  /** The org's default realm (`realmId` of every user). */
  readonly realmId = oktaId('guo');
  /** The super admin who owns the API token: `GET /users/me`, `createdBy` of what the Management API creates. */
  readonly apiTokenOwnerId = oktaId('00u');
  /** The built-in group every user belongs to. */
  readonly everyoneGroupId = oktaId('00g');
  readonly createdAt = now();
  /** Management API rate-limit windows: endpoint group → window start (ms) and requests counted. */
  rateLimitWindows = new Map<string, RateWindow>();
  users = new Map<string, UserRecord>();
  apps = new Map<string, AppRecord>();
  /** appId → (userId → assignment). */
  appUsers = new Map<string, Map<string, WireAppUser>>();
  /** appId → (groupId → assignment). */
  appGroups = new Map<string, Map<string, { id: string; priority: number; lastUpdated: string; profile: Record<string, unknown> }>>();
  groups = new Map<string, WireGroup>();
  /** groupId → member user ids. */
  groupMembers = new Map<string, Set<string>>();
  trustedOrigins = new Map<string, WireTrustedOrigin>();
  /** Authentication and enrollment policies, and each app's authentication policy (policies/). */
  readonly policies = new PolicyStore();

  constructor() {
    this.seed();
  }

  reset(): void {
    this.policies.clear();
    this.users.clear();
    this.apps.clear();
    this.appUsers.clear();
    this.appGroups.clear();
    this.groups.clear();
    this.groupMembers.clear();
    this.trustedOrigins.clear();
    this.rateLimitWindows.clear();
    this.seed();
  }

  /** A new user, who joins Everyone as every user of a real org does. */
  addUser(record: UserRecord): void {
    this.users.set(record.wire.id, record);
    this.groupMembers.get(this.everyoneGroupId)?.add(record.wire.id);
    const everyone = this.groups.get(this.everyoneGroupId);
    if (everyone) everyone.lastMembershipUpdated = record.wire.created ?? now();
  }

  private seed(): void {
    const owner: UserRecord = apiTokenOwner(this);
    this.users.set(owner.wire.id, owner);
    const everyone: WireGroup = everyoneGroup(this);
    this.groups.set(everyone.id, everyone);
    this.groupMembers.set(everyone.id, new Set([owner.wire.id]));
  }

  /** By id, else by login (case-insensitive). */
  findUser(idOrLogin: string): UserRecord | undefined {
    return this.users.get(idOrLogin) ?? this.findUserByLogin(idOrLogin);
  }

  /** By login only, compared case-insensitively. */
  findUserByLogin(login: string): UserRecord | undefined {
    const wanted = login.toLowerCase();
    for (const user of this.users.values()) if (user.wire.profile.login.toLowerCase() === wanted) return user;
    return undefined;
  }

  /** The app whose OAuth client_id is `clientId`. */
  findAppByClientId(clientId: string): AppRecord | undefined {
    for (const app of this.apps.values()) if (app.wire.credentials?.oauthClient?.client_id === clientId) return app;
    return undefined;
  }

  /** Directly assigned, or through a group assigned to the app. */
  isAssigned(appId: string, userId: string): boolean {
    if (this.appUsers.get(appId)?.has(userId)) return true;
    for (const groupId of this.appGroups.get(appId)?.keys() ?? []) if (this.groupMembers.get(groupId)?.has(userId)) return true;
    return false;
  }

  /** Apps the user is assigned to, directly or through a group. */
  appsOfUser(userId: string): AppRecord[] {
    return [...this.apps.values()].filter(app => this.isAssigned(app.wire.id, userId));
  }
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** An Okta-style id: a three-character type prefix and 17 random base62 characters (20 in all). */
export function oktaId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (let i = 0; out.length < length; i++) out += ID_ALPHABET[bytes[i] % ID_ALPHABET.length];
  return out;
}

// Low cost on purpose: an emulator that hashes hundreds of test passwords must stay fast.
const SCRYPT = { N: 1024 };

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('base64')}:${scryptSync(password, salt, 32, SCRYPT).toString('base64')}`;
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: typeof SCRYPT) => Promise<Buffer>;

/** On libuv's thread pool: a sign-in does not hold the event loop (and every other request) for the hash. */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  if (!stored) return false;
  const [salt, hash] = stored.split(':');
  const candidate = await scryptAsync(password, Buffer.from(salt, 'base64'), 32, SCRYPT);
  return timingSafeEqual(candidate, Buffer.from(hash, 'base64'));
}
