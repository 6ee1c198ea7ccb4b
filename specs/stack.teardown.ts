// The "stack teardown" project: Playwright runs it once every browser spec has finished, after
// failures too; it stops the stack the setup project started (its provisioned run torn down).
import { test as teardown } from '@playwright/test';
import { stopStackProcess } from '../fixtures/test-stack-project.ts';

teardown('stop the stack the browser specs ran against', async () => {
  await stopStackProcess();
});
