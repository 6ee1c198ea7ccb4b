// The Auth0 tenant's state, in memory: clients, connections, users, SCIM configuration, APIs
// (resource servers) and client grants, and the Management API grants. Records are kept in their wire form, typed with the `auth0` SDK's own
// response types. Sessions and tokens of the Authentication API live in its oidc-provider adapter
// (see authentication/), reached through Auth0TenantContext.sessions.
import type { Management } from 'auth0';
import { randomBytes } from 'node:crypto';

export type WireClient = Management.GetClientResponseContent & { client_id: string; name: string };
export type WireConnection = Omit<Management.GetConnectionResponseContent, 'options'> & {
  id: string;
  name: string;
  strategy: string;
  options: Record<string, unknown>;
  enabled_clients: string[];
};
export type WireUser = Management.GetUserResponseContent & { user_id: string };
/** An API (resource server). `client_id` is not stored: it names the client linked to the API, found at read time. */
export type WireResourceServer = Omit<Management.ResourceServer, 'client_id'> & { id: string; identifier: string };
export type WireClientGrant = Management.ClientGrantResponseContent & { id: string; audience: string };

export interface ClientRecord {
  wire: WireClient;
  /** Scopes granted to this client for the Management API audience (client grant); none → no access. */
  managementScopes?: string[];
}

export interface ScimConfigurationRecord {
  connection_id: string;
  connection_name: string;
  strategy: string;
  tenant_name: string;
  user_id_attribute: string;
  mapping: { scim: string; auth0: string }[];
  created_at: string;
  updated_on: string;
}

export interface ScimTokenRecord {
  token_id: string;
  connection_id: string;
  /** sha256 of the token value; the value itself is shown once, at creation. */
  tokenHash: string;
  scopes: string[];
  created_at: string;
  valid_until?: string;
  last_used_at?: string;
}

/** A SCIM group of a connection (inbound SCIM /Groups); members are user_ids of the connection. */
export interface ScimGroupRecord {
  id: string;
  connection_id: string;
  displayName: string;
  externalId?: string;
  members: string[];
  created: string;
  lastModified: string;
}

export class Auth0Store {
  clients = new Map<string, ClientRecord>();
  /** id → connection. */
  connections = new Map<string, WireConnection>();
  users = new Map<string, WireUser>();
  scimConfigurations = new Map<string, ScimConfigurationRecord>();
  scimTokens = new Map<string, ScimTokenRecord>();
  /** id → SCIM group. */
  scimGroups = new Map<string, ScimGroupRecord>();
  /** Deleted connection ids (a second DELETE answers 204). */
  deletedConnections = new Set<string>();
  /** id → API (resource server). */
  resourceServers = new Map<string, WireResourceServer>();
  /** id → client grant. */
  clientGrants = new Map<string, WireClientGrant>();

  reset(keepClientIds: string[] = []): void {
    for (const id of [...this.clients.keys()]) if (!keepClientIds.includes(id)) this.clients.delete(id);
    this.connections.clear();
    this.users.clear();
    this.scimConfigurations.clear();
    this.scimTokens.clear();
    this.scimGroups.clear();
    this.deletedConnections.clear();
    this.resourceServers.clear();
    this.clientGrants.clear();
  }

  connectionByName(name: string): WireConnection | undefined {
    for (const c of this.connections.values()) if (c.name === name) return c;
    return undefined;
  }

  resourceServerByIdentifier(identifier: string): WireResourceServer | undefined {
    for (const r of this.resourceServers.values()) if (r.identifier === identifier) return r;
    return undefined;
  }

  /** The grant of `clientId` for the API `audience` and the kind of access (`client`: machine to machine; `user`: on a user's behalf). */
  clientGrantFor(clientId: string, audience: string, subjectType: 'client' | 'user'): WireClientGrant | undefined {
    for (const g of this.clientGrants.values())
      if (g.client_id === clientId && g.audience === audience && (g.subject_type ?? 'client') === subjectType) return g;
    return undefined;
  }

  /** Connections enabled for a client, in creation order. */
  connectionsEnabledFor(clientId: string): WireConnection[] {
    return [...this.connections.values()].filter(c => c.enabled_clients.includes(clientId));
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i] % ALNUM.length];
  return out;
}

/**
 * The Auth0 user id of a user of an enterprise connection: `{strategy}|{connection name}|{id}`, the
 * id being the upstream `sub` (logins, global token revocation) or the SCIM user_id_attribute value.
 */
export function connectionUserId(strategy: string, connectionName: string, id: string): string {
  return `${strategy}|${connectionName}|${id}`;
}

/** `con_` + 16 alphanumerics, as Auth0 connection ids look. */
export const connectionId = () => `con_${randomAlnum(16)}`;
/** 24 hexadecimal digits, as Auth0 resource server ids look (recorded). */
export const resourceServerId = () => randomBytes(12).toString('hex');
/** `cgr_` + 16 alphanumerics, as Auth0 client grant ids look (recorded). */
export const clientGrantId = () => `cgr_${randomAlnum(16)}`;
/** 32 alphanumerics, as Auth0 client ids look. */
export const clientId = () => randomAlnum(32);
export const clientSecret = () => randomBytes(48).toString('base64url');
