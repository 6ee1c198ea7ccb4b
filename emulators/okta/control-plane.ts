// Okta-specific control-plane routes (under /_emulator): settings and triggers that the real
// product offers only in its admin console. Nothing here exists on a real org.
//   PUT|GET|DELETE /apps/{appId}/universal-logout   {endpoint, subjectFormat?, subjectMember?}
//       = app > General > Logout: "Okta system or admin initiates logout", Logout Endpoint URL,
//         Subject Format (Email by default, or Issuer and Subject Identifier)
//   PUT|GET|DELETE /apps/{appId}/provisioning       {baseUrl, bearerToken}
//       = app > Provisioning > Integration: SCIM connector base URL, HTTP Header authorization
//   POST /users/{userId}/clear-sessions             {includeLogoutEnabledApps}
//       = Directory > People > user > More Actions > Clear User Sessions, with
//         "Also include logout enabled apps and Okta API tokens"
//   POST /users/{userId}/lock-out
//       = what the password policy's lockout does after too many failed sign-ins: an ACTIVE user
//         becomes LOCKED_OUT (the Management API's unlock undoes it)
import express, { type Request, type Response, type Router } from 'express';
import { registerSecret } from '../../lib/redaction.ts';
import type { OktaOrgContext } from './okta-org.ts';
import type { AppRecord, ScimProvisioningSettings, UniversalLogoutSettings, UserRecord } from './store.ts';
import { clearUserSessions } from './universal-logout/clear-user-sessions.ts';

const SUBJECT_FORMATS = ['email', 'iss_sub'] as const;
const SUBJECT_MEMBERS = ['sub_id', 'subject'] as const;

class ControlPlaneError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export function oktaControlPlane(router: Router, context: OktaOrgContext): void {
  const { store } = context;
  const routes = express.Router();

  const app = (req: Request): AppRecord => {
    const record = store.apps.get(String(req.params.appId));
    if (!record) throw new ControlPlaneError(404, 'not_found', `No app ${String(req.params.appId)} in this org`);
    return record;
  };
  const user = (req: Request): UserRecord => {
    const record = store.findUser(String(req.params.userId));
    if (!record) throw new ControlPlaneError(404, 'not_found', `No user ${String(req.params.userId)} in this org`);
    return record;
  };

  routes.put('/apps/:appId/universal-logout', (req, res) => {
    const record = app(req);
    record.universalLogout = universalLogoutSettings(req.body);
    context.events.record('okta.app.universal_logout_configured', { appId: record.wire.id, ...record.universalLogout });
    res.json(universalLogoutView(record));
  });
  routes.get('/apps/:appId/universal-logout', (req, res) => {
    const record = app(req);
    if (!record.universalLogout) throw new ControlPlaneError(404, 'not_found', 'Universal Logout is not enabled for this app');
    res.json(universalLogoutView(record));
  });
  routes.delete('/apps/:appId/universal-logout', (req, res) => {
    delete app(req).universalLogout;
    res.status(204).end();
  });

  routes.put('/apps/:appId/provisioning', (req, res) => {
    const record = app(req);
    record.scim = provisioningSettings(req.body);
    context.events.record('okta.app.provisioning_configured', { appId: record.wire.id, baseUrl: record.scim.baseUrl });
    res.json(provisioningView(record));
  });
  routes.get('/apps/:appId/provisioning', (req, res) => {
    const record = app(req);
    if (!record.scim) throw new ControlPlaneError(404, 'not_found', 'Provisioning is not enabled for this app');
    res.json(provisioningView(record));
  });
  routes.delete('/apps/:appId/provisioning', (req, res) => {
    const record = app(req);
    delete record.scim;
    delete record.scimIds;
    res.status(204).end();
  });

  routes.post('/users/:userId/clear-sessions', async (req, res) => {
    const record = user(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.includeLogoutEnabledApps !== undefined && typeof body.includeLogoutEnabledApps !== 'boolean')
      throw new ControlPlaneError(400, 'invalid_request', '"includeLogoutEnabledApps" must be a boolean');
    res.json(await clearUserSessions(context, record, { includeLogoutEnabledApps: body.includeLogoutEnabledApps === true }));
  });

  routes.post('/users/:userId/lock-out', (req, res) => {
    const record = user(req);
    if (record.wire.status !== 'ACTIVE') throw new ControlPlaneError(409, 'conflict', `Only an ACTIVE user can be locked out; this one is ${record.wire.status}`);
    const time = new Date().toISOString();
    Object.assign(record.wire, { status: 'LOCKED_OUT', statusChanged: time, lastUpdated: time });
    context.events.record('okta.user.locked_out', { userId: record.wire.id });
    res.json({ userId: record.wire.id, status: record.wire.status });
  });

  routes.use((error: unknown, _req: Request, res: Response, next: (error?: unknown) => void) => {
    if (res.headersSent) return next(error);
    if (error instanceof ControlPlaneError) return void res.status(error.status).json({ error: error.error, error_description: error.message });
    context.events.record('okta.error', { path: 'control-plane', error });
    res.status(500).json({ error: 'server_error', error_description: 'Unexpected error; see the event log' });
  });

  router.use(routes);
}

function universalLogoutSettings(body: unknown): UniversalLogoutSettings {
  const input = objectOf(body);
  const endpoint = absoluteUrl(input.endpoint, 'endpoint', ['https:']);
  if (endpoint.hash) throw new ControlPlaneError(400, 'invalid_request', '"endpoint" must not have a fragment');
  const subjectFormat = input.subjectFormat ?? 'email';
  if (!SUBJECT_FORMATS.includes(subjectFormat as never))
    throw new ControlPlaneError(400, 'invalid_request', `"subjectFormat" must be one of ${SUBJECT_FORMATS.join(', ')} (Okta's default is email)`);
  const subjectMember = input.subjectMember ?? 'sub_id';
  if (!SUBJECT_MEMBERS.includes(subjectMember as never)) throw new ControlPlaneError(400, 'invalid_request', `"subjectMember" must be one of ${SUBJECT_MEMBERS.join(', ')}`);
  return { endpoint: endpoint.href, subjectFormat: subjectFormat as UniversalLogoutSettings['subjectFormat'], subjectMember: subjectMember as UniversalLogoutSettings['subjectMember'] };
}

function provisioningSettings(body: unknown): ScimProvisioningSettings {
  const input = objectOf(body);
  const baseUrl = absoluteUrl(input.baseUrl, 'baseUrl', ['https:', 'http:']);
  if (baseUrl.search || baseUrl.hash) throw new ControlPlaneError(400, 'invalid_request', '"baseUrl" must not have a query or fragment');
  if (typeof input.bearerToken !== 'string' || !input.bearerToken.trim())
    throw new ControlPlaneError(400, 'invalid_request', '"bearerToken" (the SCIM token for the Authorization: Bearer header) is required');
  registerSecret(input.bearerToken);
  // Okta is told to drop a trailing slash from the base URL; it would otherwise send //Users.
  return { baseUrl: baseUrl.href.replace(/\/+$/, ''), bearerToken: input.bearerToken };
}

function universalLogoutView(app: AppRecord) {
  return { appId: app.wire.id, logoutMode: 'okta_system_or_admin_initiated', ...app.universalLogout };
}

/** Settings as shown back: never the token itself. */
function provisioningView(app: AppRecord) {
  return {
    appId: app.wire.id,
    baseUrl: app.scim!.baseUrl,
    authenticationMode: 'HTTP Header',
    bearerTokenSet: true,
    provisionedUsers: Object.fromEntries(app.scimIds ?? []),
  };
}

function objectOf(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ControlPlaneError(400, 'invalid_request', 'The body must be a JSON object');
  return body as Record<string, unknown>;
}

function absoluteUrl(value: unknown, name: string, protocols: string[]): URL {
  const url = typeof value === 'string' ? URL.parse(value) : null;
  if (!url || !protocols.includes(url.protocol)) throw new ControlPlaneError(400, 'invalid_request', `"${name}" must be an absolute ${protocols.map(p => p.replace(':', '')).join(' or ')} URL`);
  return url;
}
