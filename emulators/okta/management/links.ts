// HAL `_links` of each resource, with the link relations a real org returns for it in its current
// state (docs/fidelity.md#links). Hrefs are absolute on the org's origin; where the SDK's cache
// keys a GET response by `_links.self.href`, a real org gives `self` (users, assignments of groups,
// trusted origins) and where it gives none (apps, groups, app users), neither does the emulator.
// Some relations name endpoints the emulator does not serve (schemas, user types, logos, password
// operations): they are there because clients see them on a real org.
import { createHash } from 'node:crypto';
import type { UserStatus, WireApp, WireTrustedOrigin, WireUser } from '../store.ts';

type Link = { href: string; method?: string; name?: string; type?: string; hints?: { allow: string[] } };

/** Relations of a single user, by status (recorded for STAGED, PROVISIONED, ACTIVE, DEPROVISIONED). */
const USER_RELATIONS: Record<UserStatus, string[]> = {
  STAGED: ['activate', 'resetFactors'],
  PROVISIONED: ['suspend', 'resetPassword', 'reactivate', 'resetFactors', 'deactivate'],
  ACTIVE: ['suspend', 'resetPassword', 'forgotPassword', 'expirePassword', 'changeRecoveryQuestion', 'resetFactors', 'changePassword', 'deactivate'],
  RECOVERY: ['resetPassword', 'resetFactors', 'deactivate'],
  LOCKED_OUT: ['unlock', 'resetPassword', 'resetFactors', 'deactivate'],
  PASSWORD_EXPIRED: ['suspend', 'resetPassword', 'expirePassword', 'resetFactors', 'changePassword', 'deactivate'],
  SUSPENDED: ['unsuspend', 'resetFactors', 'deactivate'],
  DEPROVISIONED: ['activate', 'resetFactors', 'delete'],
};

/** Where each user relation points, relative to the user's URL; all are POSTs except `delete`. */
const USER_RELATION_PATHS: Record<string, string> = {
  activate: '/lifecycle/activate',
  reactivate: '/lifecycle/reactivate',
  deactivate: '/lifecycle/deactivate',
  suspend: '/lifecycle/suspend',
  unsuspend: '/lifecycle/unsuspend',
  unlock: '/lifecycle/unlock',
  resetPassword: '/lifecycle/reset_password',
  expirePassword: '/lifecycle/expire_password',
  resetFactors: '/lifecycle/reset_factors',
  forgotPassword: '/credentials/forgot_password',
  changePassword: '/credentials/change_password',
  changeRecoveryQuestion: '/credentials/change_recovery_question',
  delete: '',
};

export class Links {
  constructor(
    private readonly origin: string,
    private readonly org: { defaultUserSchemaId: string },
    /** The authentication policy that governs sign-in to an app (`_links.accessPolicy`, Identity Engine). */
    private readonly accessPolicyOf: (appId: string) => string | undefined = () => undefined,
  ) {}

  href(path: string): string {
    return `${this.origin}/api/v1${path}`;
  }

  /** A user on its own; in a list (`collection`), a real org gives `self` only. */
  user(user: WireUser, options: { collection?: boolean } = {}) {
    const self = this.href(`/users/${user.id}`);
    const links: Record<string, Link> = { self: { href: self } };
    if (options.collection) return links;
    links.schema = { href: this.href(`/meta/schemas/user/${this.org.defaultUserSchemaId}`) };
    if (user.type?.id) links.type = { href: this.href(`/meta/types/user/${user.type.id}`) };
    for (const relation of USER_RELATIONS[user.status])
      links[relation] = { href: self + USER_RELATION_PATHS[relation], method: relation === 'delete' ? 'DELETE' : 'POST' };
    return links;
  }

  app(app: WireApp) {
    const self = this.href(`/apps/${app.id}`);
    return {
      uploadLogo: { href: `${self}/logo`, hints: { allow: ['POST'] } },
      appLinks: [{ name: 'oidc_client_link', href: `${this.origin}/home/oidc_client/${app.id}/${appLinkId(app.id)}`, type: 'text/html' }],
      groups: { href: `${self}/groups` },
      logo: [{ name: 'medium', href: `${this.origin}/assets/img/logos/default.png`, type: 'image/png' }],
      clientCredentials: [{ name: 'secrets', href: `${self}/credentials/secrets` }],
      users: { href: `${self}/users` },
      ...(this.accessPolicyOf(app.id) ? { accessPolicy: { href: this.href(`/policies/${this.accessPolicyOf(app.id)}`) } } : {}),
      // Only the transition the app can make now (docs/fidelity.md#management-api).
      ...(app.status === 'ACTIVE' ? { deactivate: { href: `${self}/lifecycle/deactivate` } } : { activate: { href: `${self}/lifecycle/activate` } }),
    };
  }

  appUser(appId: string, userId: string) {
    return {
      app: { href: this.href(`/apps/${appId}`) },
      user: { href: this.href(`/users/${userId}`) },
    };
  }

  appGroup(appId: string, groupId: string) {
    return {
      app: { href: this.href(`/apps/${appId}`) },
      self: { href: this.href(`/apps/${appId}/groups/${groupId}`) },
      group: { href: this.href(`/groups/${groupId}`) },
    };
  }

  group(groupId: string) {
    const self = this.href(`/groups/${groupId}`);
    return {
      logo: ['medium', 'large'].map(name => ({ name, href: `${this.origin}/assets/img/logos/groups/okta-${name}.png`, type: 'image/png' })),
      owners: { href: `${self}/owners` },
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

/** The id of an app's end-user dashboard link (`aln…`), stable for the app. */
function appLinkId(appId: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const digest = createHash('sha256').update(appId).digest();
  let id = 'aln';
  for (let i = 0; id.length < 20; i++) id += alphabet[digest[i] % alphabet.length];
  return id;
}
