// One runner for the whole project: API-level projects (no browser) beside the code they test,
// and browser projects for the specs.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  globalSetup: './fixtures/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.HARNESS_WORKERS ? Number(process.env.HARNESS_WORKERS) : 2,
  timeout: 30_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  projects: [
    { name: 'tls', testMatch: ['emulators/tls/**/*.test.ts', 'fixtures/**/*.test.ts'] },
    { name: 'okta-emulator', testMatch: 'emulators/okta/**/*.test.ts' },
    { name: 'auth0-emulator', testMatch: 'emulators/auth0/**/*.test.ts' },
    { name: 'emulator-pair', testMatch: 'emulators/*.test.ts' },
    { name: 'provisioning', testMatch: 'provisioning/**/*.test.ts' },
    { name: 'demo-app', testMatch: 'demo-app/**/*.test.ts' },
  ],
});
