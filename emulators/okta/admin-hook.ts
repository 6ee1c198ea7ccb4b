// The Okta admin hook, as the live target calls it (fixtures/okta-admin-console.ts): one URL, a JSON
// POST {action, …} with `Authorization: Bearer <token>`. On a real org an automation the operator
// provides (e.g. an Okta Workflows API endpoint) performs the admin-console step; here the emulator
// performs it, so the live path's specs run against the emulators too. Actions and their members:
//   enable-universal-logout  {appId, endpoint, subjectFormat}
//   disable-universal-logout {appId}
//   enable-provisioning      {appId, baseUrl, bearerToken}
//   disable-provisioning     {appId}
//   clear-user-sessions      {userId, includeLogoutEnabledApps}
// Answers: 200 {action, result} (result: the step's outcome, never a secret); 401 without the right
// bearer token; 400 for an unknown action or a missing member; 404 for an unknown app or user.
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { OktaOrgContext } from './org-context.ts';
import { ControlPlaneError, type adminConsoleSteps } from './admin-console-steps.ts';

type Steps = ReturnType<typeof adminConsoleSteps>;

export const ADMIN_HOOK_ACTIONS = [
  'enable-universal-logout',
  'disable-universal-logout',
  'enable-provisioning',
  'disable-provisioning',
  'clear-user-sessions',
] as const;

export function adminHook(context: OktaOrgContext, steps: Steps) {
  return async (req: Request, res: Response) => {
    if (!authorised(req.headers.authorization, context.adminHookToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'invalid_token', error_description: 'The admin hook needs Authorization: Bearer with the hook token' });
      return;
    }
    const { action, appId, userId, ...settings } = (req.body ?? {}) as Record<string, unknown>;
    const result = await perform(steps, action, appId, userId, settings);
    context.events.record('okta.admin_hook', { action, appId, userId });
    res.json({ action, result });
  };
}

async function perform(steps: Steps, action: unknown, appId: unknown, userId: unknown, settings: Record<string, unknown>): Promise<unknown> {
  const need = (name: string, value: unknown) => {
    if (typeof value !== 'string' || !value) throw new ControlPlaneError(400, 'invalid_request', `"${name}" is required for "${String(action)}"`);
  };
  switch (action) {
    case 'enable-universal-logout':
      need('appId', appId);
      return steps.enableUniversalLogout(appId, settings);
    case 'disable-universal-logout':
      need('appId', appId);
      steps.disableUniversalLogout(appId);
      return { appId, universalLogout: 'disabled' };
    case 'enable-provisioning':
      need('appId', appId);
      return steps.enableProvisioning(appId, settings);
    case 'disable-provisioning':
      need('appId', appId);
      steps.disableProvisioning(appId);
      return { appId, provisioning: 'disabled' };
    case 'clear-user-sessions':
      need('userId', userId);
      return steps.clearUserSessions(userId, settings);
    default:
      throw new ControlPlaneError(400, 'invalid_request', `"action" must be one of ${ADMIN_HOOK_ACTIONS.join(', ')}, got ${JSON.stringify(action)}`);
  }
}

function authorised(header: string | undefined, token: string): boolean {
  const presented = /^Bearer +(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
