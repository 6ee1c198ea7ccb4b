// Where the "How you signed in" page reads the parties' side of a session: the emulators' event
// logs on the embedded target, Auth0's tenant logs on a live one (read:logs).
import type { HarnessConfig } from '../provisioning/index.ts';
import { EmulatorFlows, type EmulatorOrigins } from './emulator-source.ts';
import { interestingFlows } from './flows.ts';
import { flowsOfSession, type SessionFlowSource } from './session-flows.ts';
import { TENANT_LOGS_CANNOT_SHOW, tenantLogFlows } from './tenant-logs.ts';

export function emulatorSessionFlows(origins: EmulatorOrigins, access: { token: string; caCertPem: string }): SessionFlowSource {
  const source = new EmulatorFlows(origins, access);
  return async sid => ({
    flows: flowsOfSession(interestingFlows(await source.flows()), sid),
    source: "The Auth0 tenant's and the Okta org's side come from the emulators' event logs: every exchange they answered or made.",
  });
}

export function tenantLogSessionFlows(config: HarnessConfig): SessionFlowSource {
  return async sid => ({
    flows: flowsOfSession(await tenantLogFlows(config), sid),
    source: "Auth0's side comes from the tenant's logs (GET /api/v2/logs).",
    cannotSee: TENANT_LOGS_CANNOT_SHOW,
  });
}
