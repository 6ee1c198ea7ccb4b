// User lifecycle: POST /users/{id}/lifecycle/{operation} (docs/fidelity.md#user-lifecycle).
//   activate                 STAGED, PROVISIONED, DEPROVISIONED → ACTIVE with a password, else
//                            PROVISIONED; an ACTIVE user → 403 E0000016, others → 403 E0000038
//   deactivate               any → DEPROVISIONED; an already DEPROVISIONED user → 404 E0000007
//   suspend                  ACTIVE → SUSPENDED; any other status → 400 E0000001
//   unsuspend                SUSPENDED → ACTIVE; any other status → 400 E0000001
//   unlock                   LOCKED_OUT → ACTIVE; any other status → 403 E0000032
//   expire_password          ACTIVE, PASSWORD_EXPIRED → PASSWORD_EXPIRED, answers the user;
//                            others → 403 E0000038
//   expire_password_with_temp_password   the same, with a new temporary password it answers
//                            (`revokeSessions=true` also ends the user's Okta sessions)
//   reset_factors            any user: nothing to reset here (no factors are emulated)
// Each answers 200 with `{}` unless said otherwise. Deactivation and activation are pushed to
// provisioned apps (SCIM); a suspension is not, as on a real org. What a user in each status sees
// when signing in is the sign-in page's business: it reads the status.
import type { Request, Response, Router } from 'express';
import { randomInt } from 'node:crypto';
import type { OktaOrgContext } from '../org-context.ts';
import { hashPassword, type UserRecord, type UserStatus } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { registerSecret } from '../../../lib/redaction.ts';
import { endpoint } from './endpoint.ts';
import { failures } from './errors.ts';
import { sendJson } from './json-response.ts';
import type { Links } from './links.ts';
import { userFromPath } from './lookups.ts';
import { userView } from './representations.ts';
import { booleanParam } from './request-input.ts';

const ACTIVATABLE: UserStatus[] = ['STAGED', 'PROVISIONED', 'DEPROVISIONED'];
const PASSWORD_EXPIRABLE: UserStatus[] = ['ACTIVE', 'PASSWORD_EXPIRED'];

export function userLifecycleRoutes(router: Router, context: OktaOrgContext, links: Links): void {
  const { store } = context;
  const operation = (name: string, handle: (record: UserRecord, res: Response, req: Request) => void | Promise<void>) =>
    endpoint(router, `/users/:userId/lifecycle/${name}`, { post: (req, res) => handle(userFromPath(store, req), res, req) });

  operation('activate', (record, res, req) => {
    // Accepted as the SDK sends it; no email leaves an emulator either way.
    booleanParam(req, 'sendEmail', true);
    if (record.wire.status === 'ACTIVE') throw failures.alreadyActive();
    if (!ACTIVATABLE.includes(record.wire.status)) throw failures.notAllowedInStatus();
    const status = record.passwordHash ? 'ACTIVE' : 'PROVISIONED';
    setStatus(record, status);
    if (status === 'ACTIVE') record.wire.activated = record.wire.lastUpdated;
    sendJson(res, 200, {});
    context.userLifecycle.emit({ type: 'user.activated', userId: record.wire.id });
  });

  operation('deactivate', (record, res, req) => {
    booleanParam(req, 'sendEmail', false);
    if (record.wire.status === 'DEPROVISIONED') throw failures.notFound(record.wire.id, 'User');
    deactivate(record);
    sendJson(res, 200, {});
    context.userLifecycle.emit({ type: 'user.deactivated', userId: record.wire.id });
  });

  operation('suspend', (record, res) => {
    if (record.wire.status !== 'ACTIVE') throw failures.wrongStatusFor('suspended', 'ACTIVE');
    setStatus(record, 'SUSPENDED');
    sendJson(res, 200, {});
  });

  operation('unsuspend', (record, res) => {
    if (record.wire.status !== 'SUSPENDED') throw failures.wrongStatusFor('unsuspended', 'SUSPENDED');
    setStatus(record, 'ACTIVE');
    sendJson(res, 200, {});
  });

  operation('unlock', (record, res) => {
    if (record.wire.status !== 'LOCKED_OUT') throw failures.unlockNotAllowed();
    setStatus(record, 'ACTIVE');
    record.failedPasswordAttempts = 0;
    sendJson(res, 200, {});
  });

  operation('expire_password', (record, res) => {
    expirePassword(record);
    sendJson(res, 200, userView(record, links));
  });

  operation('expire_password_with_temp_password', async (record, res, req) => {
    const revokeSessions = booleanParam(req, 'revokeSessions', false);
    expirePassword(record);
    const tempPassword = temporaryPassword();
    registerSecret(tempPassword);
    record.passwordHash = hashPassword(tempPassword);
    record.wire.passwordChanged = record.wire.lastUpdated;
    if (revokeSessions) await context.endUserSessions(record.wire.id);
    sendJson(res, 200, { tempPassword });
  });

  operation('reset_factors', (_record, res) => {
    sendJson(res, 200, {});
  });
}

export function deactivate(record: UserRecord): void {
  setStatus(record, 'DEPROVISIONED');
}

function expirePassword(record: UserRecord): void {
  if (!record.passwordHash || !PASSWORD_EXPIRABLE.includes(record.wire.status)) throw failures.notAllowedInStatus();
  setStatus(record, 'PASSWORD_EXPIRED');
}

function setStatus(record: UserRecord, status: UserStatus): void {
  const time = now();
  if (record.wire.status !== status) record.wire.statusChanged = time;
  record.wire.status = status;
  record.wire.lastUpdated = time;
}

/** Eight letters and digits, as Okta's temporary passwords look ("F46gy7X4"). */
function temporaryPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  let password = '';
  while (password.length < 8) password += alphabet[randomInt(alphabet.length)];
  return password;
}
