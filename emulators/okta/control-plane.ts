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
//   POST /admin-hook                                 {action, …} with a bearer token: the same steps as the
//       live target's Okta admin hook sends them (admin-hook.ts); it checks the hook's own token,
//       not the control-plane token
// Errors are answered by the control plane's last handler (shared/control-plane.ts).
import express, { type Router } from 'express';
import type { OktaOrgContext } from './org-context.ts';
import { adminConsoleSteps } from './admin-console-steps.ts';
import { adminHook } from './admin-hook.ts';

export function oktaControlPlane(router: Router, context: OktaOrgContext): void {
  const steps = adminConsoleSteps(context);
  const routes = express.Router();

  routes.put('/apps/:appId/universal-logout', (req, res) => void res.json(steps.enableUniversalLogout(req.params.appId, req.body)));
  routes.get('/apps/:appId/universal-logout', (req, res) => void res.json(steps.universalLogoutOf(req.params.appId)));
  routes.delete('/apps/:appId/universal-logout', (req, res) => {
    steps.disableUniversalLogout(req.params.appId);
    res.status(204).end();
  });

  routes.put('/apps/:appId/provisioning', (req, res) => void res.json(steps.enableProvisioning(req.params.appId, req.body)));
  routes.get('/apps/:appId/provisioning', (req, res) => void res.json(steps.provisioningOf(req.params.appId)));
  routes.delete('/apps/:appId/provisioning', (req, res) => {
    steps.disableProvisioning(req.params.appId);
    res.status(204).end();
  });

  routes.post('/users/:userId/clear-sessions', async (req, res) => {
    res.json(await steps.clearUserSessions(req.params.userId, req.body));
  });

  routes.post('/users/:userId/lock-out', (req, res) => void res.json(steps.lockOut(req.params.userId)));
  routes.post('/admin-hook', adminHook(context, steps));

  router.use(routes);
}
