// "How you signed in": from the profile, the person sees every hop of their own login — the app's
// view (its redirects and calls) merged with the parties' side — as a sequence diagram (an image the
// app draws from the Mermaid text, under its strict CSP, nothing loaded from elsewhere) and a table
// with the tokens decoded. The IdP's picture falls back to the app's own.
import { test, expect } from '../fixtures/harness.ts';

test('the profile links to "How you signed in": the whole login as a diagram and a table, the broker hop included, with no CSP violation', async ({
  session,
  oktaUser,
  testRun,
}) => {
  const { page, demoApp } = session;
  const violations: string[] = [];
  page.on('console', message => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  await session.logInWithConnectionButton(oktaUser);

  // The Gravatar picture cannot load here (no network): the app's own avatar takes its place.
  const avatar = page.getByTestId('avatar');
  await expect(avatar).toHaveAttribute('src', `${testRun.demoAppUrl}/static/avatar.svg`);
  expect(await avatar.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  const response = page.waitForResponse(r => r.url() === `${testRun.demoAppUrl}/flow`);
  await page.getByRole('link', { name: 'How you signed in' }).click();
  const csp = (await (await response).headerValue('content-security-policy'))!;
  expect(csp).toMatch(/script-src 'self';/);
  await expect(page.getByRole('heading', { name: 'How you signed in', level: 1 })).toBeVisible();

  const login = page.locator('section.flow').filter({ has: page.getByRole('heading', { name: 'Login' }) });
  await expect(login.getByTestId('flow-summary')).toContainText(`login of ${oktaUser.login}`);
  const diagram = login.getByRole('img', { name: 'Sequence diagram of the login' });
  await expect(diagram).toBeVisible();
  // Drawn: the browser decoded the server's SVG (a broken image has no natural width).
  expect(await diagram.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth))).toBeGreaterThan(100);
  const table = login.getByRole('table', { name: 'Hops of the login' });
  // The app's view (the browser's request to its callback) and the parties' (Auth0's call to Okta).
  await expect(
    table
      .getByRole('row')
      .filter({ hasText: 'Browser → Demo app' })
      .filter({ hasText: `GET ${testRun.demoAppUrl}/callback` }),
  ).toHaveCount(1);
  if (testRun.target === 'embedded') {
    const broker = table.getByRole('row').filter({ hasText: 'Auth0 → Okta' }).filter({ hasText: '/oauth2/v1/token' });
    await expect(broker).toContainText('grant_type=authorization_code');
    await broker.getByText('id_token (issued): decoded').click();
    await expect(broker.locator('details pre')).toContainText(`"iss": "${testRun.config.okta.orgUrl}"`);
  } else {
    // A live tenant: the app's own view and Auth0's tenant logs; what they cannot show is said.
    await expect(page.getByTestId('cannot-see')).toContainText("the Okta org's side");
    const exchange = table.getByRole('row').filter({ hasText: 'Demo app → Auth0' }).filter({ hasText: '/oauth/token' }).first();
    // The exchange received two tokens (the ID token, and the API's JWT access token): read the ID token's.
    const idToken = exchange.locator('details').filter({ hasText: 'id_token (issued): decoded' });
    await idToken.locator('summary').click();
    await expect(idToken.locator('pre')).toContainText(`"iss": "${testRun.runEnv.ISSUER_BASE_URL.replace(/\/?$/, '/')}"`);
  }
  expect(await page.content()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./); // no raw token anywhere
  expect(violations).toEqual([]);
  await demoApp.gotoProfile();
});
