// Regenerates the screenshots of the README and docs/demo-app.md: starts an embedded stack of its
// own (emulators on free ports, a provisioned run, the demo app), signs the run's test user in
// through home → Universal Login → Okta sign-in → profile in Chromium, opens "How you signed in",
// then the single-page app (from the same sessions) and its API call; then breaks the broker three
// ways (the break-something panel's faults) and signs in again each time. Writes
// docs/screenshots/{home,universal-login,
// okta-sign-in,profile,flow,single-page-app,break-something,broken-*}.png and the failed flow's
// diagram (broken-token-endpoint-flow.svg). Run with `npx tsx scripts/screenshots.ts`; it tears
// everything down.
import '../lib/quiet-runtime-warning.ts'; // first: before oidc-provider loads
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../lib/paths.ts';
import { log } from '../lib/redaction.ts';
import { startStack } from '../harness/stack.ts';
import { EPHEMERAL_TOPOLOGY } from '../fixtures/emulators.ts';
import { NoChromiumError, QUIET_CHROMIUM_ARGS, findChromium, prepareChromiumTrust } from '../fixtures/chromium.ts';
import { CONNECTION_LOGO_HOST, CONNECTION_LOGO_URL, startConnectionLogoServer } from '../fixtures/connection-logo.ts';
import { ensureLocalTls } from '../emulators/tls/local-ca.ts';
import { BrowserSession } from '../fixtures/browser-session.ts';
import { startBreakPanel } from '../harness/break-panel.ts';
import { controlPlanes, injectBrokerFault, removeBrokerFault, type BrokerFaultName } from '../harness/broker-faults.ts';
import { EmulatorFlows } from '../inspector/emulator-source.ts';
import { diagramSvg } from '../inspector/diagram-svg.ts';

const OUT = join(projectRoot, 'docs', 'screenshots');

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new NoChromiumError();
  const dir = mkdtempSync(join(tmpdir(), 'harness-screenshots-'));
  const stack = await startStack({
    target: 'embedded',
    dir,
    topology: EPHEMERAL_TOPOLOGY,
    demoApp: { host: 'localhost', port: 0 },
    env: { ...process.env, HARNESS_TARGET: 'embedded', HARNESS_CONNECTION_ICON_URL: CONNECTION_LOGO_URL },
    warn: line => log.warn(line),
  });
  const trust = prepareChromiumTrust(stack.emulators!.tls.caCertPath);
  const logo = await startConnectionLogoServer(await ensureLocalTls([CONNECTION_LOGO_HOST]));
  const browser = await chromium.launch({ executablePath, args: [...QUIET_CHROMIUM_ARGS, logo.chromiumArg], env: { ...process.env, ...trust.env } });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, ignoreHTTPSErrors: trust.ignoreHTTPSErrors });
    const env = stack.run.runEnv;
    const session = new BrowserSession(await context.newPage(), {
      demoAppUrl: stack.demoApp.url,
      auth0Domain: stack.emulators!.env.AUTH0_DOMAIN,
      oktaOrgUrl: stack.emulators!.env.OKTA_ORG_URL,
      connectionDisplayName: env.CONNECTION_DISPLAY_NAME,
    });
    const { demoApp, universalLogin, oktaSignIn, page } = session;
    mkdirSync(OUT, { recursive: true });
    const shot = async (name: string, fullPage = false) => {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
      log.info(`  docs/screenshots/${name}.png`);
    };

    await demoApp.gotoHome();
    await shot('home', true);
    await demoApp.logIn.click();
    await universalLogin.expectShown();
    await universalLogin.connectionLogo(env.CONNECTION_DISPLAY_NAME).evaluate(img => (img as HTMLImageElement).decode());
    await shot('universal-login');
    await universalLogin.submitEmail(env.TEST_USER_EMAIL);
    await oktaSignIn.expectShown();
    if (await oktaSignIn.username.isVisible()) {
      await oktaSignIn.username.fill(env.TEST_USER_EMAIL);
      // Show the start of the address, without the focus ring.
      await oktaSignIn.username.evaluate(input => {
        (input as HTMLInputElement).setSelectionRange(0, 0);
        (input as HTMLInputElement).scrollLeft = 0;
        (input as HTMLInputElement).blur();
      });
    }
    await shot('okta-sign-in');
    await oktaSignIn.signIn(env.TEST_USER_EMAIL, env.TEST_USER_PASSWORD);
    await demoApp.expectProfile();
    await shot('profile', true);

    await page.getByRole('link', { name: 'How you signed in' }).click();
    await page.getByRole('img', { name: 'Sequence diagram of the login' }).evaluate((img: HTMLImageElement) => img.decode());
    await shot('flow');

    const { singlePageApp } = session;
    await singlePageApp.goto();
    await singlePageApp.logInWith(env.CONNECTION_DISPLAY_NAME).click();
    await singlePageApp.expectSignedIn();
    await singlePageApp.callApi.click();
    await page.getByTestId('spa-api-response').waitFor();
    await shot('single-page-app', true);

    // Three broken brokers, each scoped to the test user, then the login again (from Okta's session).
    const emulators = stack.emulators!;
    const access = { token: emulators.env.EMULATOR_CONTROL_PLANE_TOKEN, caCertPem: emulators.tls.caCertPem };
    const planes = controlPlanes({ okta: emulators.okta.origin, auth0: emulators.auth0.origin }, access);
    const panel = await startBreakPanel({ planes, demoAppUrl: stack.demoApp.url });
    try {
      await page.goto(panel.url);
      await shot('break-something');
    } finally {
      await panel.close();
    }
    const source = new EmulatorFlows({ auth0: [emulators.auth0.origin], okta: emulators.okta.origin, app: [stack.demoApp.url] }, access);
    const broken: [BrokerFaultName, string][] = [
      ['okta-token-error', 'broken-token-endpoint'],
      ['okta-clock-behind', 'broken-clock'],
      ['okta-declined', 'broken-declined'],
    ];
    for (const [fault, name] of broken) {
      const since = await source.cursor();
      const injected = await injectBrokerFault(planes, fault, { user: env.TEST_USER_EMAIL });
      // New app and Auth0 sessions, so that Auth0 asks Okta again; Okta's session stays (no password asked).
      await context.clearCookies({ domain: 'localhost' });
      await context.clearCookies({ domain: new URL(emulators.auth0.origin).hostname });
      await demoApp.gotoHome();
      await demoApp.logInWith(env.CONNECTION_DISPLAY_NAME).click();
      await page.getByRole('heading', { name: 'Sign-in did not complete' }).waitFor();
      await shot(name);
      await removeBrokerFault(planes, injected);
      if (fault === 'okta-token-error') {
        const [login] = (await source.flows(since)).filter(f => f.kind === 'login');
        writeFileSync(join(OUT, `${name}-flow.svg`), diagramSvg(login));
        log.info(`  docs/screenshots/${name}-flow.svg`);
      }
    }
  } finally {
    await browser.close();
    await logo.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log.error('screenshots failed:', error instanceof Error ? error.message : String(error));
  process.exit(1);
});
