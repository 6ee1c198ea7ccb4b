// HAL `_links` of each resource. Hrefs are absolute on the org's origin and exactly the URLs the
// SDK requests, because its cache keys GET responses by `_links.self.href` (docs/fidelity.md#management-api).
// Only links to endpoints this emulator serves are given (no logo upload, user types, schemas).
import type { WireApp, WireTrustedOrigin, WireUser } from '../store.ts';

export class Links {
  constructor(
    private readonly origin: string,
    /** The authentication policy that governs sign-in to an app (`_links.accessPolicy`, Identity Engine). */
    private readonly accessPolicyOf: (appId: string) => string | undefined = () => undefined,
  ) {}

  href(path: string): string {
    return `${this.origin}/api/v1${path}`;
  }

  user(user: WireUser) {
    const self = this.href(`/users/${user.id}`);
    const links: Record<string, { href: string; method?: string }> = { self: { href: self } };
    if (user.status === 'STAGED' || user.status === 'PROVISIONED' || user.status === 'DEPROVISIONED')
      links.activate = { href: `${self}/lifecycle/activate`, method: 'POST' };
    if (user.status !== 'DEPROVISIONED') links.deactivate = { href: `${self}/lifecycle/deactivate`, method: 'POST' };
    return links;
  }

  app(app: WireApp) {
    const self = this.href(`/apps/${app.id}`);
    return {
      self: { href: self },
      appLinks: [] as unknown[],
      groups: { href: `${self}/groups` },
      users: { href: `${self}/users` },
      logo: [] as unknown[],
      ...(this.accessPolicyOf(app.id) ? { accessPolicy: { href: this.href(`/policies/${this.accessPolicyOf(app.id)}`) } } : {}),
      // Only the transition the app can make now (docs/fidelity.md#management-api).
      ...(app.status === 'ACTIVE'
        ? { deactivate: { href: `${self}/lifecycle/deactivate` } }
        : { activate: { href: `${self}/lifecycle/activate` } }),
    };
  }

  appUser(appId: string, userId: string) {
    return {
      self: { href: this.href(`/apps/${appId}/users/${userId}`) },
      app: { href: this.href(`/apps/${appId}`) },
      user: { href: this.href(`/users/${userId}`) },
    };
  }

  appGroup(appId: string, groupId: string) {
    return {
      self: { href: this.href(`/apps/${appId}/groups/${groupId}`) },
      app: { href: this.href(`/apps/${appId}`) },
      group: { href: this.href(`/groups/${groupId}`) },
    };
  }

  group(groupId: string) {
    const self = this.href(`/groups/${groupId}`);
    return {
      self: { href: self },
      logo: [] as unknown[],
      users: { href: `${self}/users` },
      apps: { href: `${self}/apps` },
    };
  }

  trustedOrigin(origin: WireTrustedOrigin) {
    const self = this.href(`/trustedOrigins/${origin.id}`);
    return {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      ...(origin.status === 'ACTIVE'
        ? { deactivate: { href: `${self}/lifecycle/deactivate`, hints: { allow: ['POST'] } } }
        : { activate: { href: `${self}/lifecycle/activate`, hints: { allow: ['POST'] } } }),
    };
  }
}
