// The hosted sign-in page in a real Chromium: the real Okta Sign-In Widget, both generations, loads
// from the org alone, signs a user in, and shows each refusal in its own words. The page object is
// the specs' own (fixtures/pages/okta-sign-in.page.ts), so what passes here is what the specs use.
// docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test as base, expect } from '../../../fixtures/emulators.ts';
import { launchOfflineChromium } from '../../../fixtures/offline-chromium.ts';
import { OktaSignInPage } from '../../../fixtures/pages/okta-sign-in.page.ts';
import { OrgArrangements, type ArrangedApp, type ArrangedUser } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, relyingParty } from '../../../fixtures/okta/relying-party.ts';
import type { OktaOrg } from '../okta-org.ts';
import type { UserStatus } from '../store.ts';
import { WIDGET_ASSETS_PATH, type WidgetGeneration } from './widget-assets.ts';

// A browser test: as long as a spec may take on a busy machine (playwright.config.ts).
base.describe.configure({ timeout: 60_000 });

const test = base.extend<object, { offlineBrowser: Browser }>({
  offlineBrowser: [
    async ({ oktaOrg }, use) => {
      const browser = await launchOfflineChromium([new URL(oktaOrg.origin).hostname]);
      if (!browser) throw new Error('No Chromium found: install one (see README, "Quick start") or set CHROMIUM_PATH.');
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
});

interface Arranged {
  arrange: OrgArrangements;
  app: ArrangedApp;
  user: ArrangedUser;
  /** Opens a fresh authorization request of the app in `page`; resolves to the callback URL when signing in succeeds. */
  open(page: Page, parameters?: Record<string, string>): Promise<{ callback: Promise<URL> }>;
}

async function arranged(org: OktaOrg): Promise<Arranged> {
  const arrange = new OrgArrangements(org);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(org, app);
  return {
    arrange,
    app,
    user,
    async open(page, parameters = {}) {
      const request = await authorizationRequest(rp, parameters);
      // The client's callback is not served (no host resolves); its request is the proof of success.
      const callback = page.waitForRequest(r => r.url().startsWith(app.redirectUri), { timeout: 15_000 }).then(r => new URL(r.url()));
      callback.catch(() => {}); // only awaited by tests that expect success
      await page.goto(request.url.href);
      return { callback };
    },
  };
}

/** Collects the Content-Security-Policy violations of every page of `context` (reported to pages, not the console). */
async function watchCspViolations(context: BrowserContext): Promise<() => string[]> {
  const seen: string[] = [];
  await context.exposeBinding('reportCspViolation', (_source, violation: string) => void seen.push(violation));
  await context.addInitScript(() => {
    const report = (window as unknown as { reportCspViolation: (violation: string) => void }).reportCspViolation;
    document.addEventListener('securitypolicyviolation', event => report(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => [...seen];
}

for (const generation of ['G2', 'G3'] as WidgetGeneration[]) {
  test.describe(`Sign-In Widget ${generation}`, () => {
    let before: WidgetGeneration;
    test.beforeEach(({ oktaOrg }) => {
      before = oktaOrg.behaviour.signInWidgetGeneration;
      oktaOrg.behaviour.signInWidgetGeneration = generation;
    });
    test.afterEach(({ oktaOrg }) => {
      oktaOrg.behaviour.signInWidgetGeneration = before;
    });

    test('loads from the org alone, asks "Username" → Next, "Password" → Verify, and sends the browser back with a code', async ({
      oktaOrg,
      offlineBrowser,
    }) => {
      const { user, app, open } = await arranged(oktaOrg);
      const context = await offlineBrowser.newContext();
      try {
        const requested: string[] = [];
        const refused: string[] = [];
        context.on('request', request => requested.push(request.url()));
        // Anything but the org (and the client's callback, which a browser only navigates to) fails here, visibly.
        await context.route('**/*', route => {
          const url = new URL(route.request().url());
          if (url.origin === oktaOrg.origin) return route.continue();
          refused.push(url.href);
          return route.abort('blockedbyclient');
        });
        const cspViolations = await watchCspViolations(context);
        const consoleErrors: string[] = [];
        const page = await context.newPage();
        page.on('console', message => message.type() === 'error' && consoleErrors.push(message.text()));
        page.on('pageerror', error => consoleErrors.push(error.message));

        const { callback } = await open(page);
        const okta = new OktaSignInPage(page, oktaOrg.origin);
        await okta.expectShown();
        await expect(page.getByRole('heading', { name: 'Sign In' })).toBeVisible();
        await expect(page.getByRole('checkbox', { name: 'Keep me signed in' })).toBeVisible();
        await okta.submitUsername(user.login);
        await expect(page.getByRole('heading', { name: 'Verify with your password' })).toBeVisible();
        await okta.submitPassword(user.password);
        const returned = await callback;
        expect(`${returned.origin}${returned.pathname}`).toBe(app.redirectUri);
        expect(returned.searchParams.get('code')).toBeTruthy();

        expect(refused).toEqual([]);
        const hosts = new Set(requested.map(url => new URL(url).origin));
        expect(hosts).toEqual(new Set([oktaOrg.origin, new URL(app.redirectUri).origin]));
        const assets = requested.filter(url => url.includes('/assets/'));
        expect(assets.length).toBeGreaterThan(2);
        for (const asset of assets) expect(new URL(asset).pathname.startsWith(`${WIDGET_ASSETS_PATH}/`), asset).toBe(true);
        expect(cspViolations()).toEqual([]);
        expect(consoleErrors).toEqual([]);
      } finally {
        await context.close();
      }
    });

    // Gen3 (opt-in on real orgs) is checked for its two kinds of message, an error and a warning;
    // the default Gen2 for every state.
    test(
      generation === 'G2' ? 'shows each refusal in the widget’s own words' : 'shows an error and a warning in the widget’s own words',
      async ({ oktaOrg, offlineBrowser }) => {
        const { arrange, app, user, open } = await arranged(oktaOrg);
        const context = await offlineBrowser.newContext();
        const cspViolations = await watchCspViolations(context);
        const page = await context.newPage();
        const okta = new OktaSignInPage(page, oktaOrg.origin);
        /** Opens a fresh sign-in, gives the username and (unless refused there) the password. */
        const attempt = async (who: ArrangedUser, password = who.password) => {
          await context.clearCookies();
          await open(page);
          await okta.submitUsername(who.login);
          if (password !== undefined) await okta.submitPassword(password);
        };
        try {
          await test.step('wrong password', async () => {
            await attempt(user, `${user.password}-not`);
            await okta.expectError('Password is incorrect');
            await expect(okta.password).toBeVisible(); // still at the password step, to try again
          });
          await test.step('unknown username', async () => {
            await context.clearCookies();
            await open(page);
            await okta.submitUsername('nobody-here@example.com');
            await okta.expectError('There is no account with the Username nobody-here@example.com.');
            await expect(okta.username).toHaveValue('nobody-here@example.com');
          });
          if (generation !== 'G2') return expect(cspViolations()).toEqual([]);
          const statuses: [string, UserStatus | 'deactivated', string][] = [
            ['deactivated (Management API)', 'deactivated', 'Unable to sign in'],
            ['suspended', 'SUSPENDED', 'Unable to sign in'],
            ['locked out', 'LOCKED_OUT', 'This factor is suspended for your account due to too many failed attempts'],
          ];
          for (const [name, status, text] of statuses) {
            await test.step(`${name} user`, async () => {
              const other = await arrange.createUser();
              await arrange.assign(app, other);
              if (status === 'deactivated') await arrange.deactivateUser(other);
              else oktaOrg.store.users.get(other.id)!.wire.status = status;
              await attempt(other);
              await okta.expectError(text);
            });
          }
          await test.step('user not assigned to the app (behaviour notAssignedErrorInWidget)', async () => {
            const unassigned = await arrange.createUser();
            oktaOrg.behaviour.notAssignedErrorInWidget = true;
            try {
              await attempt(unassigned);
              await okta.expectError('User is not assigned to this application.');
            } finally {
              oktaOrg.behaviour.notAssignedErrorInWidget = false;
            }
          });
          await test.step('the sign-in transaction expired meanwhile', async () => {
            await context.clearCookies();
            await open(page);
            await okta.expectShown();
            // The transaction lives as long as the authorization request (60 minutes); let them pass.
            const realNow = Date.now;
            Date.now = () => realNow() + 61 * 60 * 1000;
            try {
              await okta.submitUsername(user.login);
              await expect(page.getByText('You have been logged out due to inactivity. Refresh or return to the sign in screen.')).toBeVisible();
            } finally {
              Date.now = realNow;
            }
          });
          expect(cspViolations()).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  });
}

test('pre-fills login_hint; "Back to sign in" returns to the username; "Keep me signed in" keeps the Okta session (default generation)', async ({
  oktaOrg,
  offlineBrowser,
}) => {
  const { user, open } = await arranged(oktaOrg);
  const context = await offlineBrowser.newContext();
  try {
    const page = await context.newPage();
    const okta = new OktaSignInPage(page, oktaOrg.origin);
    await open(page, { login_hint: user.login });
    await okta.expectUsernamePrefilled(user.login);
    await okta.next.click();
    await expect(okta.password).toBeVisible();
    await page.getByRole('link', { name: 'Back to sign in' }).click();
    await expect(okta.username).toBeVisible();

    // Without the box ticked the cookie ends with the browser (idx-api.test.ts); ticked, it stays.
    const { callback } = await open(page);
    await okta.username.fill(user.login);
    // As a person does it: Gen2 draws its own box over the input, so the label takes the click.
    await page.getByText('Keep me signed in', { exact: true }).click();
    await expect(page.getByRole('checkbox', { name: 'Keep me signed in' })).toBeChecked();
    await okta.next.click();
    await okta.submitPassword(user.password);
    await callback;
    const sid = (await context.cookies(oktaOrg.origin)).find(cookie => cookie.name === 'sid');
    expect(sid!.expires, 'a persistent Okta session cookie').toBeGreaterThan(Date.now() / 1000 + 60 * 60);
  } finally {
    await context.close();
  }
});
