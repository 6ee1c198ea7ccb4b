// Home realm discovery (docs/fidelity.md#universal-login-and-home-realm-discovery): the domain of the email typed on the identifier page is matched
// against `options.domain_aliases` of the enterprise connections enabled for the application.
// Case-insensitive and exact; subdomains only when the tenant's behaviour flag says so (the real
// rules are unverified, see docs/emulators.md).
import type { Auth0Store, WireConnection } from '../store.ts';
import { SUPPORTED_STRATEGIES } from './okta-strategy.ts';

export const NO_HRD_CONNECTION = 'Email does not match any enterprise directory';

export function emailDomain(identifier: string): string | undefined {
  const at = identifier.lastIndexOf('@');
  if (at <= 0 || at === identifier.length - 1) return undefined;
  return identifier.slice(at + 1).toLowerCase();
}

export function connectionForDomain(store: Auth0Store, clientId: string, domain: string, matchSubdomains: boolean): WireConnection | undefined {
  const wanted = domain.toLowerCase();
  for (const connection of store.connectionsEnabledFor(clientId)) {
    if (!SUPPORTED_STRATEGIES.has(connection.strategy)) continue;
    const aliases = connection.options.domain_aliases;
    if (!Array.isArray(aliases)) continue;
    for (const alias of aliases) {
      if (typeof alias !== 'string') continue;
      const a = alias.toLowerCase();
      if (wanted === a || (matchSubdomains && wanted.endsWith(`.${a}`))) return connection;
    }
  }
  return undefined;
}
