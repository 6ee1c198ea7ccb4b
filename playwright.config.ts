// One runner for the whole project: API-level projects (no browser) beside the code they test,
// and the browser project for the specs (specs/), on the target HARNESS_TARGET names.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  globalSetup: './fixtures/global-setup.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.HARNESS_WORKERS ? Number(process.env.HARNESS_WORKERS) : 2,
  timeout: 30_000,
  reporter: [
    // Masks secrets in what the HTML report is built from; must come before the reporters that print or write.
    ['./fixtures/redacting-reporter.ts', { phase: 'mask' }],
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    // Searches the finished report and the traces for every secret; fails the run on a find.
    ['./fixtures/redacting-reporter.ts', { phase: 'verify', reportDir: 'playwright-report' }],
  ],
  projects: [
    { name: 'tls', testMatch: ['emulators/tls/**/*.test.ts', 'fixtures/**/*.test.ts'] },
    { name: 'okta-emulator', testMatch: 'emulators/okta/**/*.test.ts' },
    { name: 'auth0-emulator', testMatch: 'emulators/auth0/**/*.test.ts' },
    { name: 'emulator-pair', testMatch: 'emulators/*.test.ts' },
    { name: 'provisioning', testMatch: 'provisioning/**/*.test.ts' },
    { name: 'demo-app', testMatch: 'demo-app/**/*.test.ts' },
    {
      // Chromium is found and made to trust the local CA by the specs' fixtures (fixtures/harness.ts);
      // with none installed, every spec fails with what to install.
      name: 'chromium',
      testDir: 'specs',
      // A spec signs in up to four times through three parties; on a busy 2-core machine one login takes 3–8 s.
      timeout: 60_000,
      use: {
        browserName: 'chromium',
        trace: 'retain-on-failure',
        screenshot: 'only-on-failure',
        actionTimeout: 10_000,
        navigationTimeout: 15_000,
      },
    },
  ],
});
