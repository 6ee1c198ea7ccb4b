// User lifecycle: POST /users/{id}/lifecycle/activate and /deactivate (reference §2.7).
// - activate works on STAGED, PROVISIONED and DEPROVISIONED users (okta/okta-developer-docs#1773):
//   a user with a password becomes ACTIVE, one without stays PROVISIONED (activation pending);
//   an ACTIVE user → 403 E0000016.
// - deactivate → DEPROVISIONED, 200 `{}`; an already DEPROVISIONED user → 404 E0000007, as real
//   orgs answer (okta/okta-sdk-java#721). Sign-in checks `status`, so a deactivated user cannot sign in.
import type { Router } from 'express';
import type { OktaOrgContext } from '../okta-org.ts';
import type { UserRecord } from '../store.ts';
import { now } from '../../shared/wire.ts';
import { endpoint } from './endpoint.ts';
import { failures } from './errors.ts';
import { sendJson } from './json-response.ts';
import { userFromPath } from './lookups.ts';
import { booleanParam } from './request-input.ts';

const ACTIVATABLE = ['STAGED', 'PROVISIONED', 'DEPROVISIONED'];

export function userLifecycleRoutes(router: Router, context: OktaOrgContext): void {
  const { store } = context;

  endpoint(router, '/users/:userId/lifecycle/activate', {
    post: (req, res) => {
      const record = userFromPath(store, req);
      // Accepted as the SDK sends it; no email leaves an emulator either way.
      booleanParam(req, 'sendEmail', true);
      if (record.wire.status === 'ACTIVE') throw failures.alreadyActive();
      if (!ACTIVATABLE.includes(record.wire.status)) throw failures.notAllowedInStatus();
      const time = now();
      const status = record.passwordHash ? 'ACTIVE' : 'PROVISIONED';
      if (status !== record.wire.status) record.wire.statusChanged = time;
      record.wire.status = status;
      if (status === 'ACTIVE') record.wire.activated = time;
      record.wire.lastUpdated = time;
      sendJson(res, 200, {});
      context.userLifecycle.emit({ type: 'user.activated', userId: record.wire.id });
    },
  });

  endpoint(router, '/users/:userId/lifecycle/deactivate', {
    post: (req, res) => {
      const record = userFromPath(store, req);
      booleanParam(req, 'sendEmail', false);
      if (record.wire.status === 'DEPROVISIONED') throw failures.notFound(record.wire.id, 'User');
      deactivate(record);
      sendJson(res, 200, {});
      context.userLifecycle.emit({ type: 'user.deactivated', userId: record.wire.id });
    },
  });
}

export function deactivate(record: UserRecord): void {
  const time = now();
  record.wire.status = 'DEPROVISIONED';
  record.wire.statusChanged = time;
  record.wire.lastUpdated = time;
}
