// The org's token endpoint failing for one user's code exchange (control plane, kind
// `token_endpoint`): after the provider has answered, the answer is held `delayMs` (slow; longer
// than the caller waits: a timeout) and/or replaced by an error status in Okta's OAuth error shape.
// Scoped to the user whose code it is, so a test breaks its own login only.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { userOption, type Faults } from '../../shared/faults.ts';
import type { OktaStore } from '../store.ts';
import { oktaErrors } from './okta-error-texts.ts';

export function tokenEndpointFaultProblems(options: Record<string, unknown>): string[] {
  const problems = userOption(options);
  const { status, delayMs } = options;
  if (status === undefined && delayMs === undefined) problems.push('give "status" (an HTTP error status) and/or "delayMs"');
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599))
    problems.push('"status" must be an HTTP error status (400–599)');
  if (delayMs !== undefined && (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 120_000))
    problems.push('"delayMs" must be 0–120000 milliseconds');
  return problems;
}

export function tokenEndpointFaults(faults: Faults, store: OktaStore): Middleware {
  return async (koaCtx, next) => {
    await next();
    const ctx = koaCtx as unknown as KoaContextWithOIDC;
    if (ctx.oidc?.route !== 'token') return;
    const accountId = ctx.oidc.entities.AuthorizationCode?.accountId ?? ctx.oidc.entities.RefreshToken?.accountId;
    const fault = faults.take('token_endpoint', [accountId, accountId ? store.users.get(accountId)?.wire.profile.login : undefined]);
    if (!fault) return;
    if (typeof fault.delayMs === 'number') await new Promise(resolve => setTimeout(resolve, fault.delayMs as number));
    if (typeof fault.status === 'number') {
      const error = fault.status >= 500 ? oktaErrors.serverError() : oktaErrors.invalidRequest();
      ctx.status = fault.status;
      ctx.body = { error: error.error, error_description: error.error_description };
    }
  };
}
