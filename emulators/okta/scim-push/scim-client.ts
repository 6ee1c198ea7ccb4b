// The SCIM 2.0 client Okta runs against an app's SCIM connector (docs/fidelity.md#universal-logout-sender-and-scim-push): header
// authentication (`Authorization: Bearer <token>`), `User-Agent: Okta SCIM Client 1.0.0`,
// application/scim+json. Each call is one `okta.scim_push` event (app, user, operation, method,
// URL, status) — the bearer token never appears in it.
import type { OktaOrgContext } from '../org-context.ts';
import type { ScimProvisioningSettings } from '../store.ts';
import { outboundFailureReason } from '../../shared/outbound-fetch.ts';
import type { OktaScimUser } from './scim-user.ts';

export const OKTA_SCIM_USER_AGENT = 'Okta SCIM Client 1.0.0';
const TIMEOUT_MS = 10_000;

export type ScimOperation = 'lookup' | 'create' | 'read' | 'update' | 'deactivate' | 'reactivate';

export class ScimPushError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ScimPushError';
  }
}

export interface ScimCallContext {
  appId: string;
  userId: string;
}

export class OktaScimClient {
  constructor(
    private readonly context: OktaOrgContext,
    private readonly settings: ScimProvisioningSettings,
    private readonly call: ScimCallContext,
  ) {}

  /** GET /Users?filter=userName eq "…": the id of the match, if any (a 404 counts as none). */
  async findByUserName(userName: string): Promise<string | undefined> {
    const filter = encodeURIComponent(`userName eq "${userName.replace(/["\\]/g, c => `\\${c}`)}"`);
    const { status, body } = await this.#request('lookup', 'GET', `/Users?filter=${filter}&startIndex=1&count=100`);
    if (status === 404) return undefined;
    expectStatus(status, [200], 'lookup');
    const resources = (body as { Resources?: { id?: unknown }[] } | undefined)?.Resources;
    if (!Array.isArray(resources)) throw new ScimPushError('lookup: the answer is not a SCIM ListResponse', status);
    const id = resources[0]?.id;
    return typeof id === 'string' && id ? id : undefined;
  }

  /** POST /Users: the id the server gave the new user. */
  async create(user: OktaScimUser): Promise<string> {
    const { status, body } = await this.#request('create', 'POST', '/Users', user);
    expectStatus(status, [200, 201], 'create');
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || !id) throw new ScimPushError('create: the answer carries no user id', status);
    return id;
  }

  /** GET /Users/{id}, as Okta reads the user before every update. */
  async read(id: string): Promise<Record<string, unknown>> {
    const { status, body } = await this.#request('read', 'GET', `/Users/${encodeURIComponent(id)}`);
    expectStatus(status, [200], 'read');
    return (body ?? {}) as Record<string, unknown>;
  }

  /** PUT /Users/{id} with the full object (Okta never sends DELETE). */
  async replace(id: string, user: OktaScimUser, operation: ScimOperation): Promise<void> {
    const { status } = await this.#request(operation, 'PUT', `/Users/${encodeURIComponent(id)}`, { ...user, id });
    expectStatus(status, [200, 204], operation);
  }

  async #request(operation: ScimOperation, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const url = `${this.settings.baseUrl}${path}`;
    const detail = { appId: this.call.appId, userId: this.call.userId, operation, method, url };
    let response: Response;
    try {
      response = await this.context.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.settings.bearerToken}`,
          'user-agent': OKTA_SCIM_USER_AGENT,
          accept: 'application/scim+json',
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json; charset=utf-8' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const reason = outboundFailureReason(error, TIMEOUT_MS);
      this.context.events.record('okta.scim_push', { ...detail, outcome: 'failure', error: reason });
      throw new ScimPushError(`${operation}: ${reason}`);
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const ok = response.status >= 200 && response.status < 300;
    this.context.events.record('okta.scim_push', {
      ...detail,
      status: response.status,
      outcome: ok || (operation === 'lookup' && response.status === 404) ? 'success' : 'failure',
      ...(ok ? {} : { detail: (parsed as { detail?: unknown } | undefined)?.detail }),
    });
    return { status: response.status, body: parsed };
  }
}

function expectStatus(status: number, expected: number[], operation: ScimOperation): void {
  if (!expected.includes(status)) throw new ScimPushError(`${operation}: the SCIM server answered HTTP ${status}`, status);
}
