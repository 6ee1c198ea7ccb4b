// Both Management API clients of one run, sharing one call counter.
import type { Client } from '@okta/okta-sdk-nodejs';
import type { ManagementClient } from 'auth0';
import type { HarnessConfig } from './config.ts';
import { CallCounter } from './call-counter.ts';
import { createOktaManagement } from './okta-client.ts';
import { createAuth0Management } from './auth0-client.ts';
import { StepError, type Side } from './api-errors.ts';

export interface ManagementClients {
  okta: Client;
  auth0: ManagementClient;
  counter: CallCounter;
  close(): void;
}

export function openManagementClients(config: HarnessConfig): ManagementClients {
  const counter = new CallCounter();
  const okta = createOktaManagement(config, counter);
  return { okta: okta.client, auth0: createAuth0Management(config, counter), counter, close: okta.close };
}

/** Runs one step; any failure becomes a StepError naming the step, in one line. */
export async function inStep<T>(step: string, side: Side, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(step, side, error);
  }
}
