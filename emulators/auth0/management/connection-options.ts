// What a connection's `options` become on create and on PATCH, per strategy, as the recorded real
// tenant answers (docs/fidelity.md#auth0-connections). A PATCH with `options` replaces them: keys
// left out are gone, except what the tenant manages itself (re-derived or kept, per strategy).
import type { Auth0TenantContext } from '../tenant-context.ts';
import { expectObject } from './payload-validation.ts';
import { openIdConnectionOptions } from './openid-connection-options.ts';

/** Strategies whose users Auth0 stores itself (database) or authenticates by one-time code. */
export const DATABASE_STRATEGIES = new Set(['auth0', 'email', 'sms']);

/** Options of a new database connection created without any (a real create response). */
export function defaultDatabaseOptions(): Record<string, unknown> {
  return {
    mfa: { active: true, return_enroll_settings: true },
    passwordPolicy: 'good',
    strategy_version: 2,
    authentication_methods: { password: { enabled: true, api_behavior: 'required' }, passkey: { enabled: false } },
    passkey_options: { challenge_ui: 'both', progressive_enrollment_enabled: true, local_enrollment_enabled: true },
    brute_force_protection: true,
  };
}

/** Database options the tenant keeps when a PATCH leaves them out. */
const DATABASE_KEPT_ON_PATCH = ['authentication_methods', 'passkey_options'];

export async function newConnectionOptions(context: Auth0TenantContext, strategy: string, value: unknown): Promise<Record<string, unknown>> {
  if (strategy === 'okta' || strategy === 'oidc') return openIdConnectionOptions(context, strategy, value);
  const sent = { ...expectObject(value ?? {}, 'options') };
  if (strategy === 'auth0') return value === undefined ? defaultDatabaseOptions() : withDatabaseDefaults(sent);
  if (strategy === 'waad') return withWaadDefaults(sent);
  return sent;
}

export async function updatedConnectionOptions(
  context: Auth0TenantContext,
  strategy: string,
  value: unknown,
  previous: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (strategy === 'okta' || strategy === 'oidc') return openIdConnectionOptions(context, strategy, value ?? {}, previous);
  const sent = { ...expectObject(value ?? {}, 'options') };
  if (strategy === 'auth0') {
    for (const key of DATABASE_KEPT_ON_PATCH) if (sent[key] === undefined && previous[key] !== undefined) sent[key] = previous[key];
    return sent;
  }
  if (strategy === 'waad') return withWaadDefaults(sent);
  return sent;
}

/** A database connection created with options: what was sent, plus the sign-in methods the tenant manages. */
function withDatabaseDefaults(sent: Record<string, unknown>): Record<string, unknown> {
  const defaults = defaultDatabaseOptions();
  for (const key of DATABASE_KEPT_ON_PATCH) sent[key] ??= defaults[key];
  return sent;
}

/** Entra ID (waad): the tenant mirrors `useCommonEndpoint` into `waad_common_endpoint`. */
function withWaadDefaults(sent: Record<string, unknown>): Record<string, unknown> {
  sent.waad_common_endpoint ??= sent.useCommonEndpoint === true;
  return sent;
}
