// The "stack" setup project: Playwright runs it before the browser specs, and only when the run
// selects one (the chromium project depends on it); its teardown project stops the stack.
import { test as setup } from '@playwright/test';
import { startStackProcess } from '../fixtures/test-stack-project.ts';

setup('start the stack the browser specs run against', async ({}, testInfo) => {
  await startStackProcess(testInfo.config.workers);
});
