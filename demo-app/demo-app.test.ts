// The demo relying party over HTTP (no browser), on a whole embedded stack per worker: emulators,
// a provisioned run, and the app configured from the run.env provisioning wrote.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { getForm, HttpBrowser, textContent, type Page } from '../fixtures/http-browser.ts';
import { signInOnOktaPage } from '../fixtures/okta-hosted-sign-in.ts';
import { EPHEMERAL_TOPOLOGY } from '../fixtures/emulators.ts';
import { startStack, type Stack } from '../harness/stack.ts';
import { DemoAppConfigError, demoAppEnvironment, loadDemoAppConfig } from './config.ts';
import { startDemoApp } from './server.ts';
import { adminClients } from '../fixtures/provisioning.ts';

const test = base.extend<object, { stack: Stack }>({
  stack: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'harness-demo-app-'));
      const stack = await startStack({ target: 'embedded', dir, topology: EPHEMERAL_TOPOLOGY, demoApp: { host: 'localhost', port: 0 } });
      await use(stack);
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
});

const isDemoApp = (stack: Stack) => (url: URL) => url.origin === new URL(stack.demoApp.url).origin;

/** Signs in through the connection button path: app → Auth0 → Okta sign-in → back to the app. */
async function signIn(stack: Stack, browser: HttpBrowser, login: string, password: string): Promise<Page> {
  const page = await browser.navigate(`${stack.demoApp.url}/login/connection`);
  expect(new URL(page.url).origin).toBe(stack.emulators!.okta.origin);
  return signInOnOktaPage(browser, page, { login, password });
}

test.describe('demo app', () => {
  test('boots from .harness/run.env alone and answers /healthz', async ({ stack }) => {
    const config = loadDemoAppConfig(demoAppEnvironment({}, stack.run.runEnvPath));
    expect(config).toMatchObject({ clientID: stack.run.runEnv.CLIENT_ID, connectionName: stack.run.runEnv.CONNECTION_NAME });
    const app = await startDemoApp({ ...config, port: 0 });
    try {
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      await app.close();
    }
  });

  test('a missing or malformed variable is named, all at once', () => {
    const attempt = () => loadDemoAppConfig({ ISSUER_BASE_URL: 'http://tenant.example.com/x', CLIENT_ID: 'abc', SECRET: 'short' });
    expect(attempt).toThrow(DemoAppConfigError);
    expect(attempt).toThrow(/CLIENT_SECRET is missing[\s\S]*ISSUER_BASE_URL must be https:\/\/\{auth0 domain\}[\s\S]*SECRET must be at least 32 characters/);
  });

  test('/profile sends a signed-out visitor to Auth0 to log in', async ({ stack }) => {
    const res = await fetch(`${stack.demoApp.url}/profile`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${stack.emulators!.auth0.origin}/authorize`);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      client_id: stack.run.runEnv.CLIENT_ID,
      response_type: 'code',
      // The access token is for the demo API, with its scope.
      scope: 'openid profile email offline_access read:whoami',
      audience: stack.run.runEnv.API_AUDIENCE,
      code_challenge_method: 'S256',
      redirect_uri: `${stack.demoApp.url}/callback`,
    });
  });

  test('the session cookie is HttpOnly and SameSite=Lax, and pages carry security headers', async ({ stack }) => {
    const { TEST_USER_EMAIL, TEST_USER_PASSWORD } = stack.run.runEnv;
    const browser = new HttpBrowser();
    await signIn(stack, browser, TEST_USER_EMAIL, TEST_USER_PASSWORD);
    const cookie = browser.cookies.get(new URL(stack.demoApp.url).hostname, 'appSession');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'lax', secure: false });
    const res = await fetch(`${stack.demoApp.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  test("a user not assigned to the Okta app sees access_denied with Okta's description on the error page", async ({ stack }) => {
    const { okta: oktaAdmin } = adminClients(stack.emulators!.env);
    const domain = stack.run.runEnv.TEST_USER_EMAIL.split('@')[1];
    const login = `unassigned-${Date.now()}@${domain}`;
    const password = 'Unassigned-Pass-42';
    await oktaAdmin.userApi.createUser({
      body: { profile: { login, email: login, firstName: 'Un', lastName: 'Assigned' }, credentials: { password: { value: password } } },
    });

    const page = await signIn(stack, new HttpBrowser(), login, password);
    expect(new URL(page.url).pathname).toBe('/callback');
    expect(page.status).toBe(400);
    expect(page.body).toContain('<code data-testid="error-code">access_denied</code>');
    expect(textContent(page.body)).toContain('User is not assigned to the client application.');
    expect(page.body).not.toMatch(/at \w+ \(|node_modules/); // no stack trace
  });

  test('a logout token from Auth0 ends that session; an invalid one is rejected with 400', async ({ stack }) => {
    const { TEST_USER_EMAIL, TEST_USER_PASSWORD } = stack.run.runEnv;
    const browser = new HttpBrowser();
    const profile = await signIn(stack, browser, TEST_USER_EMAIL, TEST_USER_PASSWORD);
    expect(profile.url).toBe(`${stack.demoApp.url}/profile`);
    const userId = textContent(profile.body).match(/okta\|[^\s]+\|00u\w+/)![0];

    const invalid = await fetch(`${stack.demoApp.url}/backchannel-logout`, { method: 'POST', body: new URLSearchParams({ logout_token: 'not-a-jwt' }) });
    expect(invalid.status).toBe(400);
    expect((await browser.navigate(`${stack.demoApp.url}/profile`, { stopBefore: url => !isDemoApp(stack)(url) })).status).toBe(200);

    // Ending the user's Auth0 sessions makes Auth0 send a back-channel logout token to the app.
    const since = stack.emulators!.auth0.events.lastSeq;
    await adminClients(stack.emulators!.env).auth0.users.sessions.delete(userId);
    // One per session of the user (other tests of this worker may have signed the same user in).
    await expect.poll(() => stack.emulators!.auth0.events.list({ since, type: 'auth0.backchannel_logout' }).length).toBeGreaterThan(0);
    expect(stack.emulators!.auth0.events.list({ since, type: 'auth0.backchannel_logout' }).every(e => e.outcome === 'success')).toBe(true);
    const after = await browser.navigate(`${stack.demoApp.url}/profile`, { stopBefore: url => !isDemoApp(stack)(url) });
    expect(after.stopped).toBe(true);
    expect(new URL(after.url).pathname).toBe('/authorize');
  });
});

test.describe('demo app sessions (server-side) and logout', () => {
  /** The Cookie header the browser sends to the app, to replay it later from elsewhere. */
  const appCookies = (stack: Stack, browser: HttpBrowser) => browser.cookies.header(new URL(`${stack.demoApp.url}/profile`), { method: 'GET' }) ?? '';
  const replay = (stack: Stack, cookie: string) => fetch(`${stack.demoApp.url}/profile`, { headers: { cookie }, redirect: 'manual' });

  test("logout is a POST with the session's CSRF token; the session cookie replayed afterwards is signed out", async ({ stack }) => {
    const { TEST_USER_EMAIL, TEST_USER_PASSWORD } = stack.run.runEnv;
    const browser = new HttpBrowser();
    const profile = await signIn(stack, browser, TEST_USER_EMAIL, TEST_USER_PASSWORD);
    const cookie = appCookies(stack, browser);
    expect((await replay(stack, cookie)).status).toBe(200);
    const form = getForm(profile.body, profile.url, { action: '/logout' });
    expect(form.method.toUpperCase()).toBe('POST');
    expect(Object.fromEntries(form.fields)._csrf).toMatch(/^[\w-]{40,}$/);
    const loggedOut = await browser.submit(form, {}, { stopBefore: url => !isDemoApp(stack)(url) });
    expect(new URL(loggedOut.url).pathname).toBe('/v2/logout');
    // The cookie as it was before logout, replayed: the server no longer knows the session.
    const replayed = await replay(stack, cookie);
    expect(replayed.status).toBe(302);
    expect(new URL(replayed.headers.get('location')!).pathname).toBe('/authorize');
  });

  test('a back-channel logout ends the session on the server: the old cookie replayed is signed out', async ({ stack }) => {
    const { TEST_USER_EMAIL, TEST_USER_PASSWORD } = stack.run.runEnv;
    const browser = new HttpBrowser();
    const profile = await signIn(stack, browser, TEST_USER_EMAIL, TEST_USER_PASSWORD);
    const cookie = appCookies(stack, browser);
    const userId = textContent(profile.body).match(/okta\|[^\s]+\|00u\w+/)![0];
    const since = stack.emulators!.auth0.events.lastSeq;
    await adminClients(stack.emulators!.env).auth0.users.sessions.delete(userId);
    await expect.poll(() => stack.emulators!.auth0.events.list({ since, type: 'auth0.backchannel_logout' }).length).toBeGreaterThan(0);
    const replayed = await replay(stack, cookie);
    expect(replayed.status).toBe(302);
    expect(new URL(replayed.headers.get('location')!).pathname).toBe('/authorize');
  });

  test('GET /logout is not a logout; a POST without the token or from another origin is 403 and the session stays', async ({ stack }) => {
    const { TEST_USER_EMAIL, TEST_USER_PASSWORD } = stack.run.runEnv;
    const browser = new HttpBrowser();
    const profile = await signIn(stack, browser, TEST_USER_EMAIL, TEST_USER_PASSWORD);
    const token = Object.fromEntries(getForm(profile.body, profile.url, { action: '/logout' }).fields)._csrf;
    const cookie = appCookies(stack, browser);
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${stack.demoApp.url}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(body),
      });
    expect((await fetch(`${stack.demoApp.url}/logout`, { headers: { cookie }, redirect: 'manual' })).status).toBe(404);
    expect((await post({})).status).toBe(403);
    expect((await post({ _csrf: 'x'.repeat(token.length) })).status).toBe(403);
    expect((await post({ _csrf: token }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await fetch(`${stack.demoApp.url}/profile/refresh`, { method: 'POST', headers: { cookie }, redirect: 'manual' })).status).toBe(403);
    expect((await replay(stack, cookie)).status).toBe(200);
  });

  test('pages with personal data are Cache-Control: no-store (profile, home when signed in, the API)', async ({ stack }) => {
    const { TEST_USER_EMAIL, TEST_USER_PASSWORD } = stack.run.runEnv;
    const browser = new HttpBrowser();
    await signIn(stack, browser, TEST_USER_EMAIL, TEST_USER_PASSWORD);
    const cookie = appCookies(stack, browser);
    for (const path of ['/profile', '/'])
      expect((await fetch(`${stack.demoApp.url}${path}`, { headers: { cookie } })).headers.get('cache-control'), path).toBe('no-store');
    expect((await fetch(`${stack.demoApp.url}/api/whoami`)).headers.get('cache-control')).toBe('no-store');
  });

  test('a callback error reaches the log printable only: no newline, no terminal escape from the error_description', async ({ stack }) => {
    const browser = new HttpBrowser();
    const toAuth0 = await browser.navigate(`${stack.demoApp.url}/login`, { stopBefore: url => !isDemoApp(stack)(url) });
    const state = new URL(toAuth0.url).searchParams.get('state')!;
    const forged = 'nope\n2099-01-01 demo app: FORGED admin signed in\u001b[2J\u001b[31m';
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return original(chunk as never, ...(rest as []));
    }) as typeof process.stderr.write;
    try {
      const page = await browser.navigate(`${stack.demoApp.url}/callback?${new URLSearchParams({ state, error: 'access_denied', error_description: forged })}`);
      expect(page.status).toBe(400);
    } finally {
      process.stderr.write = original;
    }
    const line = written.find(text => text.includes('login failed'))!;
    expect(line).toContain('FORGED admin signed in');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters in the log line
    expect(line.trimEnd()).not.toMatch(/[\u0000-\u001f\u007f]/);
  });
});

test.describe('demo API and single-page app', () => {
  test('the API (express-oauth2-jwt-bearer): no token is 401 with a Bearer challenge, a token without the scope 403; a client-credentials token is an application calling on its own behalf', async ({
    stack,
  }) => {
    const { auth0 } = stack.emulators!;
    const audience = stack.run.runEnv.API_AUDIENCE;
    const api = (path: string, token?: string) => fetch(`${stack.demoApp.url}/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    const anonymous = await api('/whoami');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="api"/);

    // A machine-to-machine app granted read:whoami for the API (the API lets machines in by client grant only).
    const { auth0: management } = adminClients(stack.emulators!.env);
    const machine = await management.clients.create({ name: `worker-${Date.now()}`, app_type: 'non_interactive' });
    await management.clientGrants.create({ client_id: machine.client_id!, audience, scope: ['read:whoami'] });
    const response = await fetch(`${auth0.origin}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: machine.client_id, client_secret: machine.client_secret, audience }),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    const whoami = await api('/whoami', token);
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toEqual({
      subject: `${machine.client_id}@clients`,
      kind: 'application',
      application: machine.client_id,
      scopes: ['read:whoami'],
      audience,
    });
    const reports = await api('/reports', token);
    expect(reports.status).toBe(403);
    expect(reports.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
    await management.clients.delete(machine.client_id!);
  });

  test('the single-page app loads @auth0/auth0-spa-js from the package itself, under a CSP that lets it reach only this origin and the tenant', async ({
    stack,
  }) => {
    const page = await fetch(`${stack.demoApp.url}/spa`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`data-client-id="${stack.run.runEnv.SPA_CLIENT_ID}"`);
    expect(html).toContain(`data-audience="${stack.run.runEnv.API_AUDIENCE}"`);
    expect(html).toContain('<script type="module" src="/static/spa/app.js"></script>');
    expect(html).not.toMatch(/<script>|<script type="text\/javascript">/); // no inline script
    const tenant = stack.emulators!.auth0.origin;
    const csp = Object.fromEntries(
      page.headers
        .get('content-security-policy')!
        .split(';')
        .map(d => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'", tenant]);
    expect(csp['frame-src']).toEqual(["'self'", tenant]);

    const { readFileSync } = await import('node:fs');
    const { createRequire } = await import('node:module');
    const packaged = readFileSync(createRequire(import.meta.url).resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.esm.js'), 'utf8');
    const served = await fetch(`${stack.demoApp.url}/static/vendor/auth0-spa-js.production.esm.js`);
    expect(served.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await served.text()).toBe(packaged);
  });
});

test('a busy port is one clear line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-demo-port-'));
  const runEnv = join(dir, 'run.env');
  writeFileSync(runEnv, 'ISSUER_BASE_URL=https://127.0.0.2:1\nCLIENT_ID=x\nCLIENT_SECRET=y\nSECRET=' + 'z'.repeat(40) + '\n');
  const first = await startDemoApp({ ...loadDemoAppConfig(demoAppEnvironment({}, runEnv)), port: 0 });
  try {
    const port = Number(new URL(first.url).port);
    await expect(startDemoApp({ ...loadDemoAppConfig(demoAppEnvironment({}, runEnv)), port })).rejects.toThrow(`Demo app: port ${port} is already in use.`);
  } finally {
    await first.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
