// Seeds: apps, users and connections to create when the emulators start (EMULATOR_SEEDS_FILE, a
// JSON file; docs/containers.md, "Use the emulators from any language"). They are created through the
// emulators' own Management APIs, as a provisioning script would create them on real tenants, so
// they pass the same validation. Ids and secrets the APIs generate are written next to
// embedded.env as seeded.json (mode 0600), for relying parties in other languages to read.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fetchTrusting, type Fetch } from '../lib/trusting-fetch.ts';
import { registerSecret } from '../lib/redaction.ts';
import { writeSecret } from '../lib/secret-file.ts';
import { embeddedEnvPath, type Emulators } from './start.ts';

export interface Seeds {
  okta?: { users?: OktaUserSeed[]; apps?: OktaAppSeed[] };
  auth0?: { applications?: Auth0ApplicationSeed[]; connections?: ConnectionSeed[] };
}

export interface OktaUserSeed {
  login: string;
  /** Default: the login. */
  email?: string;
  firstName: string;
  lastName: string;
  password: string;
}

export interface OktaAppSeed {
  label: string;
  /** Okta lets an app's client_id be chosen; generated when absent. */
  clientId?: string;
  clientSecret?: string;
  /** Default: the Auth0 tenant's https://{AUTH0_DOMAIN}/login/callback. */
  redirectUris?: string[];
  /** Logins of seeded users to assign to the app (only assigned users may sign in to it). */
  assignedUsers?: string[];
}

export interface Auth0ApplicationSeed {
  name: string;
  callbacks: string[];
  allowedLogoutUrls?: string[];
  /** Auth0 generates client ids; a secret may be chosen (PATCH, as the Management API allows). */
  clientSecret?: string;
}

export interface ConnectionSeed {
  /** The connection's name (strategy okta). */
  name: string;
  /** The label of the seeded Okta app the connection signs in through. */
  oktaApp: string;
  /** Names of seeded Auth0 applications the connection is enabled for. */
  applications: string[];
  displayName?: string;
  /** Email domains for home realm discovery. */
  domainAliases?: string[];
}

/** What the APIs created, ids and secrets included (seeded.json). */
export interface Seeded {
  okta: { users: { login: string; id: string }[]; apps: { label: string; id: string; clientId: string; clientSecret: string }[] };
  auth0: { applications: { name: string; clientId: string; clientSecret: string }[]; connections: { name: string; id: string }[] };
}

export class SeedsError extends Error {
  override name = 'SeedsError';
}

/** Reads and checks a seeds file; every problem is named with its path in the file (e.g. `okta.users[1].login`). */
export function readSeeds(path: string): Seeds {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SeedsError(`${path}: not a readable JSON file (${error instanceof Error ? error.message : String(error)})`);
  }
  const problems = checkSeeds(raw);
  if (problems.length) throw new SeedsError(`${path} is not a valid seeds file:\n${problems.map(p => `  - ${p}`).join('\n')}`);
  return raw as Seeds;
}

type Shape = Record<string, 'string' | 'string?' | 'string[]' | 'string[]?'>;
const SHAPES = {
  'okta.users': { login: 'string', email: 'string?', firstName: 'string', lastName: 'string', password: 'string' },
  'okta.apps': { label: 'string', clientId: 'string?', clientSecret: 'string?', redirectUris: 'string[]?', assignedUsers: 'string[]?' },
  'auth0.applications': { name: 'string', callbacks: 'string[]', allowedLogoutUrls: 'string[]?', clientSecret: 'string?' },
  'auth0.connections': { name: 'string', oktaApp: 'string', applications: 'string[]', displayName: 'string?', domainAliases: 'string[]?' },
} satisfies Record<string, Shape>;

export function checkSeeds(raw: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(raw)) return ['the file must hold a JSON object: {"okta": {"users": […], "apps": […]}, "auth0": {"applications": […], "connections": […]}}'];
  unknownKeys(raw, ['okta', 'auth0'], '', problems);
  const lists: Record<string, Record<string, unknown>[]> = {};
  for (const vendor of ['okta', 'auth0'] as const) {
    const section = raw[vendor];
    if (section === undefined) continue;
    const own = (Object.keys(SHAPES) as (keyof typeof SHAPES)[]).filter(path => path.startsWith(`${vendor}.`));
    if (!isObject(section)) {
      problems.push(`${vendor} must be an object with ${own.map(path => `"${path.split('.')[1]}"`).join(' and ')}`);
      continue;
    }
    unknownKeys(
      section,
      own.map(path => path.split('.')[1]),
      `${vendor}.`,
      problems,
    );
    for (const path of own) {
      const items = section[path.split('.')[1]];
      if (items === undefined) continue;
      if (!Array.isArray(items)) {
        problems.push(`${path} must be an array`);
        continue;
      }
      const shape: Shape = SHAPES[path];
      for (const [i, item] of items.entries()) {
        const at = `${path}[${i}]`;
        if (!isObject(item)) {
          problems.push(`${at} must be an object`);
          continue;
        }
        unknownKeys(item, Object.keys(shape), `${at}.`, problems);
        for (const [key, kind] of Object.entries(shape)) {
          const value = item[key];
          const list = kind.startsWith('string[]');
          if (value === undefined) {
            if (!kind.endsWith('?')) problems.push(`${at}.${key} is missing (${list ? 'an array of strings' : 'a string'})`);
          } else if (list ? !(Array.isArray(value) && value.every(v => typeof v === 'string' && v.trim())) : !(typeof value === 'string' && value.trim())) {
            problems.push(`${at}.${key} must be ${list ? 'an array of non-empty strings' : 'a non-empty string'}`);
          }
        }
      }
      lists[path] = items.filter(isObject);
    }
  }
  // References between seeds, and names that must be unique.
  const names = (path: keyof typeof SHAPES, key: string) => (lists[path] ?? []).map(item => item[key]).filter((v): v is string => typeof v === 'string');
  for (const [path, key] of [
    ['okta.users', 'login'],
    ['okta.apps', 'label'],
    ['auth0.applications', 'name'],
    ['auth0.connections', 'name'],
  ] as const) {
    const seen = names(path, key);
    for (const dup of new Set(seen.filter((v, i) => seen.indexOf(v) !== i))) problems.push(`${path}: ${key} "${dup}" appears more than once`);
  }
  const logins = new Set(names('okta.users', 'login'));
  (lists['okta.apps'] ?? []).forEach((app, i) => {
    for (const login of stringsOf(app.assignedUsers))
      if (!logins.has(login)) problems.push(`okta.apps[${i}].assignedUsers: "${login}" is not the login of a user in okta.users`);
  });
  const labels = new Set(names('okta.apps', 'label'));
  const applications = new Set(names('auth0.applications', 'name'));
  (lists['auth0.connections'] ?? []).forEach((connection, i) => {
    if (typeof connection.oktaApp === 'string' && !labels.has(connection.oktaApp))
      problems.push(`auth0.connections[${i}].oktaApp: "${connection.oktaApp}" is not the label of an app in okta.apps`);
    for (const name of stringsOf(connection.applications))
      if (!applications.has(name)) problems.push(`auth0.connections[${i}].applications: "${name}" is not the name of an application in auth0.applications`);
  });
  return problems;
}

/** Creates the seeds of `path` on the running emulators, writes what they got to `writeTo`; returns a one-line summary. */
export async function applySeeds(path: string, emulators: Emulators, writeTo = seededPath()): Promise<string> {
  const seeds = readSeeds(path);
  for (const secret of [
    ...(seeds.okta?.users ?? []).map(u => u.password),
    ...(seeds.okta?.apps ?? []).map(a => a.clientSecret),
    ...(seeds.auth0?.applications ?? []).map(a => a.clientSecret),
  ])
    registerSecret(secret);
  const api = new ManagementApis(emulators, fetchTrusting(emulators.tls.caCertPem, 10_000));
  const seeded: Seeded = { okta: { users: [], apps: [] }, auth0: { applications: [], connections: [] } };

  const userIds = new Map<string, string>();
  for (const [i, user] of (seeds.okta?.users ?? []).entries()) {
    const created = await api.okta(`okta.users[${i}]`, 'POST', '/api/v1/users?activate=true', {
      profile: { login: user.login, email: user.email ?? user.login, firstName: user.firstName, lastName: user.lastName },
      credentials: { password: { value: user.password } },
    });
    userIds.set(user.login, created.id as string);
    seeded.okta.users.push({ login: user.login, id: created.id as string });
  }
  const oktaApps = new Map<string, { clientId: string; clientSecret: string }>();
  for (const [i, app] of (seeds.okta?.apps ?? []).entries()) {
    const created = await api.okta(`okta.apps[${i}]`, 'POST', '/api/v1/apps?activate=true', {
      name: 'oidc_client',
      label: app.label,
      signOnMode: 'OPENID_CONNECT',
      credentials: {
        oauthClient: {
          token_endpoint_auth_method: 'client_secret_post',
          ...(app.clientId ? { client_id: app.clientId } : {}),
          ...(app.clientSecret ? { client_secret: app.clientSecret } : {}),
        },
      },
      settings: {
        oauthClient: {
          application_type: 'web',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: app.redirectUris ?? [`${emulators.auth0.origin}/login/callback`],
        },
      },
    });
    const oauth = (created.credentials as { oauthClient: { client_id: string; client_secret: string } }).oauthClient;
    registerSecret(oauth.client_secret);
    oktaApps.set(app.label, { clientId: oauth.client_id, clientSecret: oauth.client_secret });
    seeded.okta.apps.push({ label: app.label, id: created.id as string, clientId: oauth.client_id, clientSecret: oauth.client_secret });
    for (const login of app.assignedUsers ?? [])
      await api.okta(`okta.apps[${i}].assignedUsers "${login}"`, 'POST', `/api/v1/apps/${created.id}/users`, { id: userIds.get(login) });
  }
  const clientIds = new Map<string, string>();
  for (const [i, application] of (seeds.auth0?.applications ?? []).entries()) {
    const created = await api.auth0(`auth0.applications[${i}]`, 'POST', '/api/v2/clients', {
      name: application.name,
      app_type: 'regular_web',
      callbacks: application.callbacks,
      allowed_logout_urls: application.allowedLogoutUrls ?? [],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'client_secret_basic',
      oidc_conformant: true,
    });
    let secret = created.client_secret as string;
    if (application.clientSecret)
      secret = (
        await api.auth0(`auth0.applications[${i}].clientSecret`, 'PATCH', `/api/v2/clients/${created.client_id}`, { client_secret: application.clientSecret })
      ).client_secret as string;
    registerSecret(secret);
    clientIds.set(application.name, created.client_id as string);
    seeded.auth0.applications.push({ name: application.name, clientId: created.client_id as string, clientSecret: secret });
  }
  for (const [i, connection] of (seeds.auth0?.connections ?? []).entries()) {
    const app = oktaApps.get(connection.oktaApp)!;
    const created = await api.auth0(`auth0.connections[${i}]`, 'POST', '/api/v2/connections', {
      name: connection.name,
      strategy: 'okta',
      display_name: connection.displayName ?? connection.name,
      show_as_button: true,
      options: {
        domain: emulators.okta.domain,
        client_id: app.clientId,
        client_secret: app.clientSecret,
        domain_aliases: connection.domainAliases ?? [],
        scope: 'openid profile email',
        set_user_root_attributes: 'on_each_login',
        upstream_params: { login_hint: { alias: 'login_hint' } },
      },
    });
    const enabled = connection.applications.map(name => ({ client_id: clientIds.get(name), status: true }));
    await api.auth0(`auth0.connections[${i}].applications`, 'PATCH', `/api/v2/connections/${created.id}/clients`, enabled);
    seeded.auth0.connections.push({ name: connection.name, id: created.id as string });
  }

  writeSecret(writeTo, JSON.stringify(seeded, null, 2) + '\n');
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `${count(seeded.okta.users.length, 'Okta user')}, ${count(seeded.okta.apps.length, 'Okta app')}, ${count(seeded.auth0.applications.length, 'Auth0 application')}, ${count(seeded.auth0.connections.length, 'connection')}; ids and secrets in ${writeTo}`;
}

/** Where applySeeds writes what it created: beside embedded.env. */
export function seededPath(): string {
  return join(dirname(embeddedEnvPath()), 'seeded.json');
}

export function removeSeeded(): void {
  rmSync(seededPath(), { force: true });
}

/** Both Management APIs over HTTPS, with the seeded admin credentials; a refusal names the seed and the vendor's answer. */
class ManagementApis {
  private auth0Token?: string;
  constructor(
    private readonly emulators: Emulators,
    private readonly fetch: Fetch,
  ) {}

  okta(seed: string, method: string, path: string, body: unknown) {
    return this.send(seed, 'Okta', `${this.emulators.okta.origin}${path}`, method, `SSWS ${this.emulators.okta.apiToken}`, body);
  }

  async auth0(seed: string, method: string, path: string, body: unknown) {
    this.auth0Token ??= (
      await this.send('the Management API token', 'Auth0', `${this.emulators.auth0.origin}/oauth/token`, 'POST', undefined, {
        grant_type: 'client_credentials',
        client_id: this.emulators.auth0.managementClient.clientId,
        client_secret: this.emulators.auth0.managementClient.clientSecret,
        audience: this.emulators.auth0.managementAudience,
      })
    ).access_token as string;
    return this.send(seed, 'Auth0', `${this.emulators.auth0.origin}${path}`, method, `Bearer ${this.auth0Token}`, body);
  }

  private async send(
    seed: string,
    vendor: string,
    url: string,
    method: string,
    authorization: string | undefined,
    body: unknown,
  ): Promise<Record<string, unknown>> {
    const res = await this.fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new SeedsError(`Seed ${seed}: ${vendor} answered ${res.status}: ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(object: Record<string, unknown>, known: string[], at: string, problems: string[]): void {
  for (const key of Object.keys(object)) if (!known.includes(key)) problems.push(`${at}${key} is not a known field (expected one of: ${known.join(', ')})`);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
