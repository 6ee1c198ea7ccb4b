// What every part of the Okta org emulator shares: the behaviour switches and the org context. A
// module of its own, so that the parts import it without importing the org that builds them (no
// import cycle, type-only included).
import type { EventLog } from '../shared/event-log.ts';
import type { Faults } from '../shared/faults.ts';
import type { IdTokenFaults } from '../shared/id-token-faults.ts';
import type { Fetch } from '../shared/outbound-fetch.ts';
import type { SigningKey } from '../shared/signing-keys.ts';
import type { DefaultAppSignInPolicy } from './policies/default-policies.ts';
import type { WidgetGeneration } from './sign-in/widget-assets.ts';
import type { OktaStore } from './store.ts';
import type { UserLifecycleEvents } from './user-lifecycle-events.ts';

/** Behaviour switches for questions the reference leaves open (see docs/emulators.md, "Okta org emulator"). */
export interface OktaBehaviour {
  /** The Sign-In Widget generation of the hosted sign-in page: G2 (Okta's default) or G3. */
  signInWidgetGeneration: WidgetGeneration;
  /** Show "User is not assigned to this application." in the sign-in page instead of redirecting access_denied. */
  notAssignedErrorInWidget: boolean;
  /** Management API requests allowed per minute per endpoint group before 429 E0000047. */
  rateLimitPerMinute: number;
  /** The default authentication policy's catch-all: any one factor (orgs upgraded from Classic) or two (new orgs). */
  defaultAppSignInPolicy: DefaultAppSignInPolicy;
}

/** What the authorization server is built from; it provides `endUserSessions`, which the rest reads. */
export interface OktaOrgCore {
  store: OktaStore;
  events: EventLog;
  /** https://host:port — also the org authorization server's issuer (no trailing slash). */
  origin: string;
  issuer: string;
  apiToken: string;
  /** Bearer token the admin hook (POST /_emulator/admin-hook) accepts. */
  adminHookToken: string;
  /** Bearer token the rest of the control plane (/_emulator/*, but GET /health) requires. */
  controlPlaneToken: string;
  signingKey: SigningKey;
  /** fetch that trusts the local CA, for calls to other parties (GTR, SCIM push). */
  fetch: Fetch;
  behaviour: OktaBehaviour;
  /** Injected failures for the vendor surfaces (control plane). */
  faults: Faults;
  /** Faults in the ID tokens the org issues (wrong claim, clock skew, a rotated signing key). */
  idTokenFaults: IdTokenFaults;
  /** User lifecycle changes made by the Management API (assign, unassign, update, deactivate, activate). */
  userLifecycle: UserLifecycleEvents;
}

/** What every part of the Okta emulator shares. */
export interface OktaOrgContext extends OktaOrgCore {
  /** Ends every Okta browser session of a user; returns how many (the authorization server's sessions). */
  endUserSessions: (userId: string) => Promise<number>;
}
