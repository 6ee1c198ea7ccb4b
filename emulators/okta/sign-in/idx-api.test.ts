// The Identity Engine API behind the hosted sign-in page, driven as the widget drives it: through
// @okta/okta-auth-js (the widget's own client), and raw where the wire itself is the point (status
// codes, media type, response shapes, error keys). docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api
import { HttpBrowser, type Page } from '../../../fixtures/http-browser.ts';
import { hostedSignInStateToken, idxClient, signInOnOktaPage } from '../../../fixtures/okta-hosted-sign-in.ts';
import { expect, test } from '../../../fixtures/emulators.ts';
import { ensureLocalTls } from '../../tls/local-ca.ts';
import { OrgArrangements, type ArrangedApp, type ArrangedUser } from '../../../fixtures/okta/org-arrangements.ts';
import { authorizationRequest, exchangeCode, relyingParty, type AuthorizationRequest, type RelyingParty } from '../../../fixtures/okta/relying-party.ts';
import { behaviourFromEnv, DEFAULT_OKTA_BEHAVIOUR, startOktaOrg, type OktaOrg } from '../okta-org.ts';
import type { UserStatus } from '../store.ts';
import { WIDGET_ASSETS_PATH, WIDGET_VERSION } from './widget-assets.ts';

interface SignInStart {
  arrange: OrgArrangements;
  app: ArrangedApp;
  user: ArrangedUser;
  rp: RelyingParty;
  browser: HttpBrowser;
  request: AuthorizationRequest;
  page: Page;
  stateHandle: string;
}

/** An app, an assigned user, and a browser on the hosted sign-in page of a fresh authorization request. */
async function startSignIn(org: OktaOrg, parameters: Record<string, string> = {}): Promise<SignInStart> {
  const arrange = new OrgArrangements(org);
  const { app, user } = await arrange.appWithAssignedUser();
  const rp = await relyingParty(org, app);
  const browser = new HttpBrowser();
  const request = await authorizationRequest(rp, parameters);
  const page = await browser.navigate(request.url, { stopBefore: rp.stopAtCallback });
  const stateHandle = hostedSignInStateToken(page);
  expect(stateHandle, 'the hosted sign-in page').toBeDefined();
  return { arrange, app, user, rp, browser, request, page, stateHandle: stateHandle! };
}

interface IdxReply {
  status: number;
  contentType: string | null;
  /** Raw IDX JSON, read freely by the tests. */
  body: any;
}

/** One raw IDX call, with the headers @okta/okta-auth-js sends. */
async function idx(org: OktaOrg, path: string, body: unknown): Promise<IdxReply> {
  const response = await fetch(`${org.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/ion+json; okta-version=1.0.0', accept: 'application/ion+json; okta-version=1.0.0' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

const fieldsOf = (form: { value: { name: string }[] }) => form.value.map(field => field.name);

test.describe('the hosted page', () => {
  test('/oauth2/v1/authorize answers the page itself: the widget from the org, a state handle, a nonce CSP, no caching', async ({ oktaOrg }) => {
    const { page, stateHandle } = await startSignIn(oktaOrg);
    expect(page.hops.map(hop => hop.status)).toEqual([200]);
    expect(new URL(page.url).pathname).toBe('/oauth2/v1/authorize');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(stateHandle).toMatch(/^02\.id\.[\w-]{40}$/);
    expect(page.body).toContain(`<script src="${oktaOrg.origin}${WIDGET_ASSETS_PATH}/js/okta-sign-in.min.js"></script>`);
    expect(page.body).toContain(`<link href="${oktaOrg.origin}${WIDGET_ASSETS_PATH}/css/okta-sign-in.min.css" rel="stylesheet" type="text/css">`);
    expect(page.body).toContain('<div id="okta-login-container"></div>');
    expect(page.body).toContain("oktaSignIn.renderEl({ el: '#okta-login-container' }, OktaUtil.completeLogin");
    // Every inline script carries this response's nonce, and the policy allows nothing else.
    const csp = page.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(csp).toBe(
      `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'nonce-${nonce}'; img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'`,
    );
    const scripts = [...page.body.matchAll(/<script([^>]*)>/g)].map(match => match[1]);
    expect(scripts).toEqual([` src="${oktaOrg.origin}${WIDGET_ASSETS_PATH}/js/okta-sign-in.min.js"`, ` nonce="${nonce}"`, ` nonce="${nonce}"`]);
    // Everything the page loads comes from the org.
    const loaded = [...page.body.matchAll(/\s(?:src|href)="([^"]+)"/g)].map(match => new URL(match[1]).origin);
    expect(new Set(loaded)).toEqual(new Set([oktaOrg.origin]));
  });

  test('behaviour signInWidgetGeneration G3 serves the third-generation bundle; OKTA_EMULATOR_WIDGET_GENERATION chooses it', async ({ oktaOrg }) => {
    const before = oktaOrg.behaviour.signInWidgetGeneration;
    oktaOrg.behaviour.signInWidgetGeneration = 'G3';
    try {
      const { page } = await startSignIn(oktaOrg);
      expect(page.body).toContain(`${WIDGET_ASSETS_PATH}/js/okta-sign-in.next.js`);
      expect(page.body).toContain(`${WIDGET_ASSETS_PATH}/css/okta-sign-in.next.css`);
    } finally {
      oktaOrg.behaviour.signInWidgetGeneration = before;
    }
    expect(DEFAULT_OKTA_BEHAVIOUR.signInWidgetGeneration).toBe('G2');
    expect(behaviourFromEnv({})).toEqual({});
    expect(behaviourFromEnv({ OKTA_EMULATOR_WIDGET_GENERATION: 'g3' })).toEqual({ signInWidgetGeneration: 'G3' });
    expect(() => behaviourFromEnv({ OKTA_EMULATOR_WIDGET_GENERATION: 'gen3' })).toThrow(
      'OKTA_EMULATOR_WIDGET_GENERATION must be G2 (the Sign-In Widget Okta shows by default) or G3 (its third generation), got "gen3"',
    );
  });

  test('the widget’s files: streamed from the pinned package, immutable for a year; nothing else from the package', async ({ oktaOrg }) => {
    expect(WIDGET_VERSION).toBe('7.49.0');
    const bundle = await fetch(`${oktaOrg.origin}${WIDGET_ASSETS_PATH}/js/okta-sign-in.min.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
    for (const file of [
      'css/okta-sign-in.min.css',
      'font/inter-latin-400-normal.woff2',
      'img/icons/mfa/password_70x70.png',
      'js/okta-sign-in.next.js',
      'labels/json/login_fr.json',
    ]) {
      const response = await fetch(`${oktaOrg.origin}${WIDGET_ASSETS_PATH}/${file}`);
      expect(response.status, file).toBe(200);
      await response.body?.cancel();
    }
    for (const file of ['js/okta-sign-in.min.js.map', 'js/okta-sign-in.js', '../package.json', 'js/%2e%2e/%2e%2e/package.json', 'img/no-such.png']) {
      const response = await fetch(`${oktaOrg.origin}${WIDGET_ASSETS_PATH}/${file}`);
      expect(response.status, file).toBe(404);
      await response.body?.cancel();
    }
  });
});

test.describe('password sign-in over IDX', () => {
  test('introspect answers the identify step: Ion forms, the media type, cancel and the app', async ({ oktaOrg }) => {
    const { app, stateHandle } = await startSignIn(oktaOrg);
    const reply = await idx(oktaOrg, '/idp/idx/introspect', { stateToken: stateHandle });
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/ion+json; okta-version=1.0.0');
    const { body } = reply;
    expect(body).toMatchObject({ version: '1.0.0', stateHandle, intent: 'LOGIN' });
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 59 * 60 * 1000);
    expect(body.remediation.value).toHaveLength(1);
    const identify = body.remediation.value[0];
    expect(identify).toMatchObject({
      rel: ['create-form'],
      name: 'identify',
      href: `${oktaOrg.origin}/idp/idx/identify`,
      method: 'POST',
      produces: 'application/ion+json; okta-version=1.0.0',
      accepts: 'application/json; okta-version=1.0.0',
    });
    expect(identify.value).toEqual([
      { name: 'identifier', label: 'Username', required: true },
      { name: 'rememberMe', type: 'boolean', label: 'Remember this device' },
      { name: 'stateHandle', required: true, value: stateHandle, visible: false, mutable: false },
    ]);
    expect(body.cancel).toMatchObject({ name: 'cancel', href: `${oktaOrg.origin}/idp/idx/cancel` });
    expect(fieldsOf(body.cancel)).toEqual(['stateHandle']);
    expect(body.app).toEqual({ type: 'object', value: { name: 'oidc_client', label: expect.any(String), id: app.appId } });
  });

  test('identify, then the password challenge, then the success redirect hands a code to the client (via @okta/okta-auth-js)', async ({ oktaOrg }) => {
    const { user, rp, browser, request, page, stateHandle } = await startSignIn(oktaOrg);
    const client = idxClient(oktaOrg.origin);
    const identified = await client.idx.authenticate({ stateHandle, username: user.login });
    expect(identified.status).toBe('PENDING');
    expect(identified.nextStep).toMatchObject({
      name: 'challenge-authenticator',
      type: 'password',
      authenticator: { key: 'okta_password', displayName: 'Password' },
    });
    // The wire form of that step (the client resolves `relatesTo` in place).
    const challenge = (await idx(oktaOrg, '/idp/idx/introspect', { stateToken: stateHandle })).body;
    expect(challenge.user).toEqual({ type: 'object', value: { id: user.id, identifier: user.login } });
    expect(challenge.remediation.value[0]).toMatchObject({
      name: 'challenge-authenticator',
      href: `${oktaOrg.origin}/idp/idx/challenge/answer`,
      relatesTo: ['$.currentAuthenticatorEnrollment'],
    });
    expect(challenge.remediation.value[0].value[0]).toEqual({
      name: 'credentials',
      type: 'object',
      form: { value: [{ name: 'passcode', label: 'Password', secret: true }] },
      required: true,
    });
    expect(challenge.currentAuthenticatorEnrollment.value).toMatchObject({
      type: 'password',
      key: 'okta_password',
      displayName: 'Password',
      methods: [{ type: 'password' }],
    });
    expect(challenge.currentAuthenticatorEnrollment.value.recover).toBeUndefined(); // no "Forgot password?" that leads nowhere

    const answered = await client.idx.proceed({ stateHandle, password: user.password });
    const success = (answered.rawIdxState as unknown as IdxReply['body']).success;
    expect(success).toEqual({ name: 'success-redirect', href: `${oktaOrg.origin}/login/token/redirect?stateToken=${encodeURIComponent(stateHandle)}` });
    const done = await browser.navigate(success.href, { stopBefore: rp.stopAtCallback, initiator: page.url });
    expect(done.stopped).toBe(true);
    expect(done.hops.map(hop => [new URL(hop.url).pathname, hop.status])).toEqual([
      ['/login/token/redirect', 302],
      [expect.stringMatching(/^\/oauth2\/v1\/authorize\/[\w-]+$/), 302], // Okta answers authorization requests with 302
    ]);
    const tokens = await exchangeCode(rp, request, new URL(done.url));
    expect(tokens.claims()).toMatchObject({ sub: user.id, amr: ['pwd'] });
    // The transaction is spent: its state handle introspects as an ended session.
    expect((await idx(oktaOrg, '/idp/idx/introspect', { stateToken: stateHandle })).status).toBe(401);
  });

  test('cancel goes back to the identify step with the same state handle', async ({ oktaOrg }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg);
    expect((await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle })).body.remediation.value[0].name).toBe('challenge-authenticator');
    const canceled = await idx(oktaOrg, '/idp/idx/cancel', { stateHandle });
    expect(canceled.status).toBe(200);
    expect(canceled.body.stateHandle).toBe(stateHandle);
    expect(canceled.body.remediation.value[0].name).toBe('identify');
    expect((await idx(oktaOrg, '/idp/idx/introspect', { stateToken: stateHandle })).body.remediation.value[0].name).toBe('identify');
  });

  test('login_hint pre-fills the username (the identifier field’s value); the username matches in any case', async ({ oktaOrg }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg, { login_hint: 'someone@example.com' });
    const introspected = await idx(oktaOrg, '/idp/idx/introspect', { stateToken: stateHandle });
    expect(introspected.body.remediation.value[0].value[0]).toEqual({ name: 'identifier', label: 'Username', required: true, value: 'someone@example.com' });
    const identified = await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login.toUpperCase(), stateHandle });
    expect(identified.body.user.value).toEqual({ id: user.id, identifier: user.login.toUpperCase() });
  });

  test('“Keep me signed in” makes the Okta session cookie outlive the browser session; otherwise it does not', async ({ oktaOrg }) => {
    for (const rememberMe of [false, true]) {
      const { user, rp, browser, page } = await startSignIn(oktaOrg);
      const done = await signInOnOktaPage(browser, page, { ...user, rememberMe }, { stopBefore: rp.stopAtCallback });
      expect(done.stopped).toBe(true);
      const sid = browser.cookies.get('127.0.0.3', 'sid');
      expect(sid).toMatchObject({ httpOnly: true, secure: true, sameSite: 'none', path: '/' });
      if (rememberMe) expect(sid!.expiresAt).toBeGreaterThan(Date.now() + 60 * 60 * 1000);
      else expect(sid!.expiresAt).toBeUndefined();
    }
  });

  test('the success redirect works only in the browser that started the authorization request', async ({ oktaOrg }) => {
    const { user, rp, stateHandle } = await startSignIn(oktaOrg);
    const client = idxClient(oktaOrg.origin);
    const answered = await client.idx.authenticate({ stateHandle, username: user.login, password: user.password });
    const href = (answered.rawIdxState as unknown as IdxReply['body']).success.href;
    // Someone else's browser (a link sent to a victim: login CSRF) has no resume cookie for it.
    const elsewhere = await new HttpBrowser().navigate(href, { stopBefore: rp.stopAtCallback });
    expect(elsewhere.stopped).toBe(false);
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toContain('Your request resulted in an error.');
  });
});

test.describe('refusals, in the Identity Engine’s words', () => {
  test('a wrong password: 401, "Password is incorrect" (incorrectPassword), still at the password challenge', async ({ oktaOrg }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg);
    await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle });
    const wrong = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: 'not-the-password' }, stateHandle });
    expect(wrong.status).toBe(401);
    expect(wrong.body.messages).toEqual({ type: 'array', value: [{ message: 'Password is incorrect', i18n: { key: 'incorrectPassword' }, class: 'ERROR' }] });
    expect(wrong.body.remediation.value[0].name).toBe('challenge-authenticator');
    const right = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: user.password }, stateHandle });
    expect(right.body.success.name).toBe('success-redirect');
  });

  test('an unknown username: 200, the identify form again with the warning "There is no account with the Username {x}."', async ({ oktaOrg }) => {
    const { stateHandle } = await startSignIn(oktaOrg);
    const unknown = await idx(oktaOrg, '/idp/idx/identify', { identifier: 'nobody-here@example.com', stateHandle });
    expect(unknown.status).toBe(200);
    expect(unknown.body.messages.value).toEqual([
      { message: 'There is no account with the Username nobody-here@example.com.', i18n: { key: 'idx.unknown.user', params: [] }, class: 'WARNING' },
    ]);
    expect(unknown.body.remediation.value[0].name).toBe('identify');
    expect(unknown.body.remediation.value[0].value[0].value).toBe('nobody-here@example.com');
  });

  const refusedStatuses: [UserStatus, string, string, string][] = [
    ['LOCKED_OUT', 'authfactor.challenge.suspended_factor', 'This factor is suspended for your account due to too many failed attempts', 'user_locked_out'],
    ['SUSPENDED', 'errors.E0000004', 'Authentication failed', 'user_suspended'],
    ['DEPROVISIONED', 'errors.E0000004', 'Authentication failed', 'user_deprovisioned'],
    ['STAGED', 'errors.E0000004', 'Authentication failed', 'user_staged'],
    ['PROVISIONED', 'errors.E0000004', 'Authentication failed', 'user_provisioned'],
    ['RECOVERY', 'errors.E0000004', 'Authentication failed', 'user_recovery'],
    // Changing an expired password is not emulated (docs/fidelity.md).
    ['PASSWORD_EXPIRED', 'errors.E0000004', 'Authentication failed', 'password_expired'],
  ];
  for (const [status, key, message, outcome] of refusedStatuses) {
    test(`a ${status} user: identified like anyone, then 401 "${message}" (${key}) with the right password`, async ({ oktaOrg }) => {
      const { user, stateHandle } = await startSignIn(oktaOrg);
      // Set in the store: the Management API's lifecycle operations are not what this test is about.
      oktaOrg.store.users.get(user.id)!.wire.status = status;
      const identified = await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle });
      expect(identified.status).toBe(200);
      expect(identified.body.remediation.value[0].name).toBe('challenge-authenticator');
      const refused = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: user.password }, stateHandle });
      expect(refused.status).toBe(401);
      expect(refused.body.messages.value).toEqual([{ message, i18n: { key }, class: 'ERROR' }]);
      expect(oktaOrg.events.list({ type: 'okta.signin' }).at(-1)).toMatchObject({ userId: user.id, outcome });
    });
  }

  test('the default password policy locks out after 10 wrong passwords: the 10th answers the lockout message, the user is LOCKED_OUT until unlocked', async ({
    oktaOrg,
  }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg);
    await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle });
    const wrong = () => idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: 'not-the-password' }, stateHandle });
    for (let attempt = 1; attempt <= 9; attempt++) {
      const refused = await wrong();
      expect(refused.body.messages.value[0].i18n.key, `attempt ${attempt}`).toBe('incorrectPassword');
    }
    expect(oktaOrg.store.users.get(user.id)!.wire.status).toBe('ACTIVE');
    const tenth = await wrong();
    expect(tenth.status).toBe(401);
    expect(tenth.body.messages.value).toEqual([
      {
        message: 'This factor is suspended for your account due to too many failed attempts',
        i18n: { key: 'authfactor.challenge.suspended_factor' },
        class: 'ERROR',
      },
    ]);
    // Still the password challenge, as the widget's own mock of this answer shows.
    expect(tenth.body.remediation.value[0].name).toBe('challenge-authenticator');
    expect(oktaOrg.store.users.get(user.id)!.wire.status).toBe('LOCKED_OUT');
    expect(oktaOrg.events.list({ type: 'okta.user.locked_out' }).at(-1)).toMatchObject({ userId: user.id, reason: 'password_policy_lockout' });
    // Now even the right password is refused, until the Management API unlocks the user.
    const rightButLocked = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: user.password }, stateHandle });
    expect(rightButLocked.body.messages.value[0].i18n.key).toBe('authfactor.challenge.suspended_factor');
    const unlocked = await fetch(`${oktaOrg.origin}/api/v1/users/${user.id}/lifecycle/unlock`, {
      method: 'POST',
      headers: { authorization: `SSWS ${oktaOrg.apiToken}`, accept: 'application/json' },
    });
    expect(unlocked.status).toBe(200);
    const accepted = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: user.password }, stateHandle });
    expect(accepted.status).toBe(200);
  });

  test('a good password resets the count of wrong ones: 9 wrong then the right one signs in, and the count is back to 0', async ({ oktaOrg }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg);
    await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle });
    for (let attempt = 1; attempt <= 9; attempt++)
      await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: 'not-the-password' }, stateHandle });
    expect((await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: user.password }, stateHandle })).status).toBe(200);
    const record = oktaOrg.store.users.get(user.id)!;
    expect(record.wire.status).toBe('ACTIVE');
    expect(record.failedPasswordAttempts).toBe(0);
  });

  test('a PASSWORD_EXPIRED user with a wrong password hears "Password is incorrect" (the password is checked first)', async ({ oktaOrg }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg);
    oktaOrg.store.users.get(user.id)!.wire.status = 'PASSWORD_EXPIRED';
    await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle });
    const wrong = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: 'nope' }, stateHandle });
    expect(wrong.body.messages.value[0].i18n.key).toBe('incorrectPassword');
  });

  test('empty fields: 400 with "This field cannot be left blank" on the field', async ({ oktaOrg }) => {
    const { user, stateHandle } = await startSignIn(oktaOrg);
    const blank = await idx(oktaOrg, '/idp/idx/identify', { identifier: '  ', stateHandle });
    expect(blank.status).toBe(400);
    expect(blank.body.remediation.value[0].value[0].messages).toEqual({
      type: 'array',
      value: [{ message: 'This field cannot be left blank', i18n: { key: 'model.validation.field.blank' }, class: 'ERROR' }],
    });
    await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle });
    const noPassword = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: '' }, stateHandle });
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.remediation.value[0].value[0].form.value[0].messages.value[0].i18n.key).toBe('model.validation.field.blank');
  });

  test('a step out of turn or a body that is not JSON: 400 "Bad request." (E0000020)', async ({ oktaOrg }) => {
    const { stateHandle } = await startSignIn(oktaOrg);
    const early = await idx(oktaOrg, '/idp/idx/challenge/answer', { credentials: { passcode: 'x' }, stateHandle });
    expect(early.status).toBe(400);
    expect(early.body.messages.value).toEqual([{ message: 'Bad request.', i18n: { key: 'E0000020' }, class: 'ERROR' }]);
    expect(early.body.remediation.value[0].name).toBe('identify');
    const garbage = await idx(oktaOrg, '/idp/idx/identify', '{not json');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toEqual({
      version: '1.0.0',
      messages: { type: 'array', value: [{ message: 'Bad request.', i18n: { key: 'E0000020' }, class: 'ERROR' }] },
    });
  });

  test('an unknown, spent or expired state handle: 401 with idx.session.expired and nothing else', async ({ oktaOrg }) => {
    const ended = {
      version: '1.0.0',
      messages: { type: 'array', value: [{ message: 'The session has expired.', i18n: { key: 'idx.session.expired' }, class: 'ERROR' }] },
    };
    const unknown = await idx(oktaOrg, '/idp/idx/introspect', { stateToken: '02.id.no-such-transaction' });
    expect(unknown).toEqual({ status: 401, contentType: 'application/ion+json; okta-version=1.0.0', body: ended });
    for (const path of ['/idp/idx/identify', '/idp/idx/challenge/answer', '/idp/idx/cancel'])
      expect((await idx(oktaOrg, path, { stateHandle: 'nope' })).status).toBe(401);

    // Expired: the transaction lives as long as the authorization request's interaction (60 minutes).
    const { user, stateHandle } = await startSignIn(oktaOrg);
    const realNow = Date.now;
    Date.now = () => realNow() + 61 * 60 * 1000;
    try {
      expect((await idx(oktaOrg, '/idp/idx/identify', { identifier: user.login, stateHandle })).body).toEqual(ended);
    } finally {
      Date.now = realNow;
    }
    // The success redirect of an unknown transaction is Okta's error page, never the client.
    const stale = await new HttpBrowser().navigate(`${oktaOrg.origin}/login/token/redirect?stateToken=${encodeURIComponent(stateHandle)}`);
    expect(stale.status).toBe(403);
    expect(stale.body).toContain('Your request resulted in an error.');
  });

  test('behaviour notAssignedErrorInWidget: an unassigned user gets 400 "User is not assigned to this application." and starts over', async () => {
    const org = await startOktaOrg({ host: '127.0.0.3', port: 0, tls: await ensureLocalTls(), behaviour: { notAssignedErrorInWidget: true } });
    try {
      const arrange = new OrgArrangements(org);
      const [app, user] = await Promise.all([arrange.createOidcApp(), arrange.createUser()]);
      const rp = await relyingParty(org, app);
      const browser = new HttpBrowser();
      const page = await browser.navigate((await authorizationRequest(rp)).url, { stopBefore: rp.stopAtCallback });
      const stateHandle = hostedSignInStateToken(page)!;
      await idx(org, '/idp/idx/identify', { identifier: user.login, stateHandle });
      const refused = await idx(org, '/idp/idx/challenge/answer', { credentials: { passcode: user.password }, stateHandle });
      expect(refused.status).toBe(400);
      expect(refused.body.messages.value).toEqual([
        { message: 'User is not assigned to this application.', i18n: { key: 'idx.error.user.not.assigned.to.app' }, class: 'ERROR' },
      ]);
      expect(refused.body.remediation.value[0].name).toBe('identify');
    } finally {
      await org.close();
    }
  });
});

test('no event of the sign-in carries the password', async ({ oktaOrg }) => {
  const since = oktaOrg.events.lastSeq;
  const { user, rp, browser, page } = await startSignIn(oktaOrg);
  await signInOnOktaPage(browser, page, user, { stopBefore: rp.stopAtCallback });
  const events = oktaOrg.events.list({ since, type: 'okta.signin' });
  expect(events.map(e => `${e.step}:${e.outcome}`)).toEqual(['identify:identified', 'password:success', 'redirect:redirected']);
  expect(JSON.stringify(events)).not.toContain(user.password);
});
