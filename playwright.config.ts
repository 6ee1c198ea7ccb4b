// One runner for the whole project: the API-level tests (no browser) beside the code they test,
// and the browser project for the specs (specs/), on the target HARNESS_TARGET names.
import './lib/quiet-runtime-warning.ts'; // the runner and every worker load this file: first, before oidc-provider
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
    // Every API-level test (no browser), beside the code it tests. One project on purpose: each
    // project starts workers of its own, and loading the SDKs costs a worker seconds of CPU.
    // Run a part by path, e.g. `npx playwright test emulators/okta` or `npx playwright test provisioning`.
    {
      name: 'api',
      workers: 2,
      testMatch: [
        'emulators/**/*.test.ts',
        'provisioning/**/*.test.ts',
        'harness/**/*.test.ts',
        'demo-app/**/*.test.ts',
        'fixtures/**/*.test.ts',
        'scripts/**/*.test.ts',
        'inspector/**/*.test.ts',
        'conformance/**/*.test.ts',
        'docs/**/*.test.ts',
        'containers/**/*.test.ts',
      ],
    },
    // The stack the browser specs run against (emulators, a provisioned run, the demo app), as a
    // setup project with a teardown project: Playwright runs them only when the run selects a spec.
    // No timeout, as a global set-up had none: a live run's provisioning can take minutes.
    { name: 'stack', testDir: 'specs', testMatch: 'stack.setup.ts', teardown: 'stack teardown', timeout: 0 },
    { name: 'stack teardown', testDir: 'specs', testMatch: 'stack.teardown.ts', timeout: 0 },
    {
      // Chromium is found and made to trust the local CA by the specs' fixtures (fixtures/harness.ts);
      // with none installed, every spec fails with what to install.
      name: 'chromium',
      testDir: 'specs',
      dependencies: ['stack'],
      // In CI a failed spec runs once more and is reported as flaky, not hidden: the broken-broker
      // spec "wrong aud" sometimes finds its armed ID-token fault not applied (cause not found yet).
      retries: process.env.CI ? 1 : 0,
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
