// The hosted sign-in page: the names, ids, labels, titles, button texts and error texts that specs
// and users rely on (reference §4), its behaviour without JavaScript, and its CSRF-safe state handle.
import { HttpBrowser, textContent, type Page } from '../../../fixtures/http-browser.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { startOktaOrg } from '../okta-org.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements } from '../authorization-server/org-arrangements.ts';
import { authorizationRequest, relyingParty, type RelyingParty } from '../authorization-server/relying-party-kit.ts';
import type { OktaOrg } from '../okta-org.ts';

async function openSignIn(oktaOrg: OktaOrg, parameters: Record<string, string> = {}) {
  const arrange = new OrgArrangements(oktaOrg);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(oktaOrg, app);
  const browser = new HttpBrowser();
  const page = await browser.navigate((await authorizationRequest(rp, parameters)).url, { stopBefore: rp.stopAtCallback });
  return { arrange, app, user, rp, browser, page };
}

function errorBanner(page: Page): string {
  const match = /data-se="o-form-error-container">([\s\S]*?)<\/div>\s*<div class="o-form-fieldset-container"/.exec(page.body);
  return textContent(match?.[1] ?? '');
}

async function toPasswordStep(browser: HttpBrowser, rp: RelyingParty, page: Page, login: string): Promise<Page> {
  return browser.submit(page.form(), { identifier: login }, { stopBefore: rp.stopAtCallback });
}

test('step 1 “Sign In”: #okta-sign-in, form.o-form, the identifier input, its label and the Next button', async ({ oktaOrg }) => {
  const { page } = await openSignIn(oktaOrg);
  expect(page.status).toBe(200);
  expect(page.url).toMatch(new RegExp(`^${oktaOrg.origin}/signin/[^/]+$`));
  const html = page.body;
  expect(html).toContain('<main id="okta-sign-in"');
  expect(html).toMatch(/<form method="post" action="\/signin\/[^"]+\/identify" class="o-form"/);
  expect(html).toContain('<h2 class="okta-form-title o-form-head">Sign In</h2>');
  expect(html).toContain('<label for="identifier">Username</label>');
  expect(html).toMatch(/<span data-se="o-form-input-identifier" class="o-form-input-name-identifier[^"]*"><input name="identifier" id="identifier" type="text"/);
  expect(html).toContain('<input class="button button-primary" type="submit" value="Next" data-type="save">');
  expect(html).toContain('<label for="rememberMe">Keep me signed in</label>');
  expect(html).not.toMatch(/<script|<link|src="http/); // works without JavaScript, no external assets
  const form = page.form();
  expect(form.method).toBe('POST');
  expect(form.value('stateHandle')).toBe(new URL(page.url).pathname.split('/')[2]);
  expect(form.submitters).toEqual([{ name: '', value: 'Next' }]);
});

test('step 2 “Verify with your password”: the credentials.passcode input, its label and the Verify button', async ({ oktaOrg }) => {
  const { user, rp, browser, page } = await openSignIn(oktaOrg);
  const step2 = await toPasswordStep(browser, rp, page, user.login);
  expect(step2.hops.map(h => h.status)).toEqual([303, 200]); // post, redirect, get
  const html = step2.body;
  expect(html).toContain('<h2 class="okta-form-title o-form-head">Verify with your password</h2>');
  expect(html).toContain('<label for="credentials.passcode">Password</label>');
  expect(html).toMatch(/<span data-se="o-form-input-credentials\.passcode"[^>]*><input name="credentials\.passcode" id="credentials\.passcode" type="password"/);
  expect(html).toContain('<input class="button button-primary" type="submit" value="Verify" data-type="save">');
  expect(html).toContain(`data-se="identifier" title="${user.login}">${user.login}</span>`);
  expect(html).toContain('data-se="cancel">Back to sign in</a>');
  expect(step2.form().action).toMatch(/\/signin\/[^/]+\/challenge$/);
});

test('a wrong password: “Password is incorrect” in the error container (role=alert), then the right one signs in', async ({ oktaOrg }) => {
  const { user, rp, browser, page } = await openSignIn(oktaOrg);
  const step2 = await toPasswordStep(browser, rp, page, user.login);
  const wrong = await browser.submit(step2.form(), { 'credentials.passcode': 'not-the-password' }, { stopBefore: rp.stopAtCallback });
  expect(wrong.status).toBe(401);
  expect(wrong.body).toMatch(/data-se="o-form-error-container"><div class="okta-form-infobox-error infobox infobox-error" role="alert"><p>Password is incorrect<\/p>/);
  expect(errorBanner(wrong)).toBe('Password is incorrect');
  const right = await browser.submit(wrong.form(), { 'credentials.passcode': user.password }, { stopBefore: rp.stopAtCallback });
  expect(right.stopped).toBe(true);
  expect(new URL(right.url).searchParams.get('code')).toBeTruthy();
});

test('an unknown username: “There is no account with the Username {x}.”', async ({ oktaOrg }) => {
  const { rp, browser, page } = await openSignIn(oktaOrg);
  const result = await toPasswordStep(browser, rp, page, 'nobody-here@example.com');
  expect(result.status).toBe(400);
  expect(errorBanner(result)).toBe('There is no account with the Username nobody-here@example.com.');
  expect(result.form().value('identifier')).toBe('nobody-here@example.com');
});

test('an empty field: “This field cannot be left blank”, on either step', async ({ oktaOrg }) => {
  const { user, rp, browser, page } = await openSignIn(oktaOrg);
  const blankIdentifier = await toPasswordStep(browser, rp, page, '   ');
  expect(blankIdentifier.status).toBe(400);
  expect(blankIdentifier.body).toContain('<p class="okta-form-input-error o-form-input-error o-form-explain" id="identifier-error" role="alert">This field cannot be left blank</p>');
  expect(blankIdentifier.body).toContain('aria-invalid="true" aria-describedby="identifier-error"');
  expect(errorBanner(blankIdentifier)).toBe('We found some errors. Please review the form and make corrections.');

  const step2 = await toPasswordStep(browser, rp, blankIdentifier, user.login);
  const blankPassword = await browser.submit(step2.form(), { 'credentials.passcode': '' }, { stopBefore: rp.stopAtCallback });
  expect(blankPassword.status).toBe(400);
  expect(blankPassword.body).toContain('id="credentials.passcode-error" role="alert">This field cannot be left blank</p>');
});

test('login_hint pre-fills the username; the username is matched without regard to case', async ({ oktaOrg }) => {
  const { user, rp, browser, page } = await openSignIn(oktaOrg, { login_hint: 'someone@example.com' });
  expect(page.form().value('identifier')).toBe('someone@example.com');
  const step2 = await toPasswordStep(browser, rp, page, user.login.toUpperCase());
  expect(textContent(step2.body)).toContain('Verify with your password');
});

test('“Keep me signed in” makes the Okta session cookie outlive the browser session; otherwise it does not', async ({ oktaOrg }) => {
  for (const keep of [false, true]) {
    const { user, rp, browser, page } = await openSignIn(oktaOrg);
    const step2 = await browser.submit(page.form(), { identifier: user.login, ...(keep ? { rememberMe: 'true' } : {}) }, { stopBefore: rp.stopAtCallback });
    const done = await browser.submit(step2.form(), { 'credentials.passcode': user.password }, { stopBefore: rp.stopAtCallback });
    expect(done.stopped).toBe(true);
    const sid = browser.cookies.get('127.0.0.3', 'sid');
    expect(sid).toMatchObject({ httpOnly: true, secure: true, sameSite: 'none', path: '/' });
    if (keep) expect(sid!.expiresAt).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
    else expect(sid!.expiresAt).toBeUndefined();
  }
});

test('“Back to sign in” returns to the username step', async ({ oktaOrg }) => {
  const { user, rp, browser, page } = await openSignIn(oktaOrg);
  const step2 = await toPasswordStep(browser, rp, page, user.login);
  const href = /href="([^"]+)" class="link js-go-back" data-se="cancel"/.exec(step2.body)![1];
  const back = await browser.navigate(new URL(href, step2.url), { stopBefore: rp.stopAtCallback });
  expect(back.body).toContain('value="Next"');
});

test('the state handle only works with the browser’s own sign-in cookie (CSRF), and a stale one says the session expired', async ({ oktaOrg }) => {
  const { user, rp, page } = await openSignIn(oktaOrg);
  const form = page.form();
  // Another browser (another site's forged form) has no interaction cookie for this transaction.
  const attacker = new HttpBrowser();
  const forged = await attacker.submit(form, { identifier: user.login }, { stopBefore: rp.stopAtCallback });
  expect(forged.status).toBe(400);
  expect(textContent(forged.body)).toContain('The session has expired.');
  // A tampered state handle in the victim's own browser is refused too.
  const { browser: victim, page: victimPage } = await openSignIn(oktaOrg);
  const tampered = await victim.submit(victimPage.form(), { identifier: user.login, stateHandle: 'something-else' }, { stopBefore: rp.stopAtCallback });
  expect(textContent(tampered.body)).toContain('The session has expired.');
  expect(await (await victim.request(`${oktaOrg.origin}/signin/no-such-transaction`)).text()).toContain('The session has expired.');
});

test('behaviour notAssignedErrorInWidget: the page says “User is not assigned to this application.” instead of redirecting', async () => {
  const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls: await ensureLocalTls(), behaviour: { notAssignedErrorInWidget: true } });
  try {
    const arrange = new OrgArrangements(org);
    const [app, user] = await Promise.all([arrange.createOidcApp(), arrange.createUser()]);
    const rp = await relyingParty(org, app);
    const browser = new HttpBrowser();
    const page = await browser.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback });
    const step2 = await toPasswordStep(browser, rp, page, user.login);
    const refused = await browser.submit(step2.form(), { 'credentials.passcode': user.password }, { stopBefore: rp.stopAtCallback });
    expect(refused.stopped).toBe(false);
    expect(refused.status).toBe(403);
    expect(errorBanner(refused)).toBe('User is not assigned to this application.');
    expect(refused.body).toContain('value="Next"');
  } finally {
    await org.close();
  }
});
