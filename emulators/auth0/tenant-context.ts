// What every part of the Auth0 tenant emulator shares: the behaviour switches and the tenant
// context. A module of its own, so that the parts import it without importing the tenant that
// builds them (no import cycle, type-only included).
import type { EventLog } from '../shared/event-log.ts';
import type { Faults } from '../shared/faults.ts';
import type { IdTokenFaults } from '../shared/id-token-faults.ts';
import type { Fetch } from '../shared/outbound-fetch.ts';
import type { RateWindows } from '../shared/rate-window.ts';
import type { SigningKey } from '../shared/signing-keys.ts';
import type { Auth0Store } from './store.ts';

/** Behaviour switches for questions the reference leaves open (see docs/emulators.md, "Auth0 tenant emulator"). */
export interface Auth0Behaviour {
  /** Forward the email typed on the identifier page to the IdP as login_hint even without an upstream_params alias. */
  forwardIdentifierAsLoginHint: boolean;
  /** HRD also matches subdomains of a domain alias. */
  hrdMatchSubdomains: boolean;
  /** Status of a successful global token revocation. */
  globalTokenRevocationSuccessStatus: 200 | 204;
  /** Unknown GTR subject: 404 instead of a silent 2xx. */
  globalTokenRevocationUnknownUser404: boolean;
  /** Enforce Auth0's back-channel URL rules (https, no loopback/private IPs). Off: local listeners allowed. */
  strictBackchannelUrls: boolean;
  /** Management API requests allowed per second before 429. */
  managementRateLimitPerSecond: number;
  /** Refuse an https `initiate_login_uri` on localhost too (reported once for a real tenant; unverified). */
  rejectLocalhostInitiateLoginUri: boolean;
  /** How long the broker waits for the IdP's token, keys and userinfo endpoints before giving up. */
  upstreamTimeoutMs: number;
}

/** Session and token operations of the Authentication API that other parts need. */
export interface Auth0SessionService {
  /** Ends every Auth0 session of the user; sends back-channel logout to the clients of those sessions. */
  endSessionsOfUser(userId: string, initiator: string): Promise<number>;
  /** Revokes every refresh token of the user (not access tokens). */
  revokeRefreshTokensOfUser(userId: string): Promise<number>;
  /** Ends one session of the user, by its id (`sid`), with back-channel logout; false when the user has no such session. */
  endSessionOfUser(userId: string, sid: string, initiator: string): Promise<boolean>;
  /** Revokes the refresh tokens issued within one session of the user. */
  revokeRefreshTokensOfSession(userId: string, sid: string): Promise<number>;
}

/** What the Authentication API is built from; it provides the sessions service the rest reads. */
export interface Auth0TenantCore {
  store: Auth0Store;
  events: EventLog;
  /** https://host:port, no trailing slash. */
  origin: string;
  /** host:port, what AUTH0_DOMAIN holds. */
  domain: string;
  /** https://host:port/ — with the trailing slash, as Auth0 issues tokens. */
  issuer: string;
  /** https://host:port/api/v2/ */
  managementAudience: string;
  signingKey: SigningKey;
  /** fetch that trusts the local CA, for calls to the Okta org and to relying parties. */
  fetch: Fetch;
  behaviour: Auth0Behaviour;
  managementClient: { clientId: string; clientSecret: string };
  /** Injected failures for the vendor surfaces (control plane). */
  faults: Faults;
  /** Faults in the ID tokens the tenant issues to applications (wrong claim, clock skew). */
  idTokenFaults: IdTokenFaults;
  /** The tenant-wide Management API budget. */
  managementRateLimit: RateWindows;
  /** Bearer token the control plane (/_emulator/*, but GET /health) requires. */
  controlPlaneToken: string;
}

export interface Auth0TenantContext extends Auth0TenantCore {
  sessions: Auth0SessionService;
}
