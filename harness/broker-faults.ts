// The broken brokers a learner can try (the "break something" panel, the specs, the lessons of
// docs/demo-app.md): each is one control-plane call on one emulator, optionally scoped to one
// user, and says what breaks and what the person at the browser will see.
import { controlPlaneClient, type ControlPlaneClient } from '../lib/control-plane-client.ts';

export interface BrokerFault {
  title: string;
  /** What happens, in a sentence. */
  what: string;
  /** What the relying party and the person at the browser see. */
  sees: string;
  emulator: 'okta' | 'auth0';
  /** POST /_emulator/faults body; `user` is added when the fault is scoped. */
  body: Record<string, unknown>;
}

export const BROKER_FAULTS = {
  'okta-token-error': {
    title: "Okta's token endpoint fails (500)",
    what: "The next code exchange at Okta's /oauth2/v1/token answers HTTP 500.",
    sees: 'The app\'s error page: access_denied, "Unable to exchange the authorization code with the identity provider: the identity provider answered HTTP 500".',
    emulator: 'okta',
    body: { kind: 'token_endpoint', status: 500 },
  },
  'okta-token-timeout': {
    title: "Okta's token endpoint does not answer in time",
    what: 'The next code exchange gets no answer for 8 s; Auth0 stops waiting after 5 s.',
    sees: 'After a few seconds, the app\'s error page: access_denied, "… operation timed out".',
    emulator: 'okta',
    body: { kind: 'token_endpoint', delayMs: 8_000 },
  },
  'okta-token-slow': {
    title: "Okta's token endpoint is slow",
    what: 'The next code exchange is answered after 2 s.',
    sees: 'The login succeeds, two seconds slower; the inspector shows where the time went.',
    emulator: 'okta',
    body: { kind: 'token_endpoint', delayMs: 2_000 },
  },
  'okta-key-rotation': {
    title: 'Okta rotates its signing key',
    what: 'Okta signs ID tokens with a new key (a new kid) from now on, published first in /oauth2/v1/keys.',
    sees: 'Nothing breaks: Auth0 sees an unknown kid, fetches the keys again and the login succeeds.',
    emulator: 'okta',
    body: { kind: 'key_rotation' },
  },
  'okta-id-token-audience': {
    title: "Okta's ID token is for another application",
    what: 'The next ID token Okta issues names another audience.',
    sees: 'The app\'s error page: access_denied, "… unexpected JWT "aud" (audience) claim value".',
    emulator: 'okta',
    body: { kind: 'id_token', claim: 'aud' },
  },
  'okta-id-token-expired': {
    title: "Okta's ID token has expired",
    what: 'The next ID token Okta issues expired five minutes ago.',
    sees: 'The app\'s error page: access_denied, "… unexpected JWT "exp" (expiration time) claim value".',
    emulator: 'okta',
    body: { kind: 'id_token', claim: 'exp' },
  },
  'okta-id-token-issuer': {
    title: "Okta's ID token names another issuer",
    what: 'The next ID token Okta issues names another issuer.',
    sees: 'The app\'s error page: access_denied, "… unexpected JWT "iss" (issuer) claim value".',
    emulator: 'okta',
    body: { kind: 'id_token', claim: 'iss' },
  },
  'okta-clock-behind': {
    title: "Okta's clock is an hour behind",
    what: 'Every time claim Okta issues is 3700 s early: its one-hour ID tokens arrive already expired.',
    sees: 'The app\'s error page: access_denied, "… "exp" (expiration time) claim value, expiration is past current timestamp".',
    emulator: 'okta',
    body: { kind: 'clock_skew', seconds: -3700 },
  },
  'okta-declined': {
    title: 'The user declines at Okta',
    what: 'After the sign-in, Okta answers the authorization with access_denied (the user said no).',
    sees: 'The app\'s error page: access_denied, "The resource owner or authorization server denied the request."',
    emulator: 'okta',
    body: { kind: 'authorization_denied', reason: 'declined' },
  },
  'backchannel-logout-undeliverable': {
    title: 'A back-channel logout cannot be delivered',
    what: 'Until the fault is cleared, every back-channel logout Auth0 sends finds the application unreachable.',
    sees: "Auth0's session ends, but the app's does not: the profile still shows until its session expires.",
    emulator: 'auth0',
    body: { kind: 'backchannel_logout' },
  },
  'management-api-429': {
    title: 'The Management API is rate-limited (429)',
    what: 'The next two Management API calls answer 429 with Retry-After: 1.',
    sees: 'Logins are not touched; an admin tool (the SDK) waits and retries, and the inspector shows the 429s.',
    emulator: 'auth0',
    body: { path: '^/api/v2/', status: 429, times: 2, retryAfterSeconds: 1 },
  },
} as const satisfies Record<string, BrokerFault>;

export type BrokerFaultName = keyof typeof BROKER_FAULTS;

export interface ControlPlanes {
  okta: ControlPlaneClient;
  auth0: ControlPlaneClient;
}

/** `access`: the run's control-plane token, and the local CA. */
export function controlPlanes(origins: { okta: string; auth0: string }, access: { token: string; caCertPem?: string }): ControlPlanes {
  return { okta: controlPlaneClient(origins.okta, access), auth0: controlPlaneClient(origins.auth0, access) };
}

export interface InjectedFault {
  name: BrokerFaultName;
  emulator: 'okta' | 'auth0';
  id: number;
}

/**
 * Breaks the broker one way: one call. `user` (the Okta login for Okta's faults, the Auth0 user id
 * or Okta login for Auth0's) keeps it to that user's logins; `path` replaces an HTTP fault's path.
 */
export async function injectBrokerFault(planes: ControlPlanes, name: BrokerFaultName, scope: { user?: string; path?: string } = {}): Promise<InjectedFault> {
  const fault: BrokerFault = BROKER_FAULTS[name];
  const body: Record<string, unknown> = {
    ...fault.body,
    ...(scope.user && 'kind' in fault.body ? { user: scope.user } : {}),
    ...(scope.path ? { path: scope.path } : {}),
  };
  const { id } = await planes[fault.emulator].post<{ id: number }>('/faults', body);
  return { name, emulator: fault.emulator, id };
}

export async function removeBrokerFault(planes: ControlPlanes, fault: InjectedFault): Promise<void> {
  await planes[fault.emulator].delete(`/faults/${fault.id}`).catch(() => undefined); // used up already: nothing to remove
}
