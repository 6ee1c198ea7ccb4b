// Universal Login's identifier page and what /authorize does before anyone signs in: the DOM
// hooks of the real page, home realm discovery (both outcomes), the connection button, the
// `connection=` shortcut, login_hint, prompt=none, and the Callback URL mismatch page.
import { HttpBrowser, textContent } from '../../../fixtures/http-browser.ts';
import { atRelyingParty, authorizationRequest, expect, RP_CALLBACK, test } from '../../../fixtures/auth0/federation.ts';
import { CALLBACK_MISMATCH } from './authorize.ts';
import { NO_HRD_CONNECTION } from './home-realm-discovery.ts';

test.describe('Universal Login (identifier first)', () => {
  test('/authorize shows the identifier page with the hooks of the real login-id screen', async ({ federate }) => {
    const federation = await federate({
      connection: { show_as_button: true, display_name: 'Acme Workforce' },
      connectionOptions: { icon_url: 'https://cdn.example.test/acme.png' },
    });
    const request = await authorizationRequest(await federation.rp());
    const page = await new HttpBrowser().navigate(request.url, { stopBefore: atRelyingParty });

    const url = new URL(page.url);
    expect(url.origin).toBe(federation.emulators.auth0.origin);
    expect(url.pathname).toBe('/u/login/identifier');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(page.hops[0]).toMatchObject({ method: 'GET', status: 303 });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    const html = page.body;
    expect(html).toMatch(/<h1>Welcome<\/h1>/);
    expect(textContent(html)).toContain(`to continue to ${federation.application.name}.`);
    expect(html).toContain('<label for="username">Email address</label>');
    expect(html).toMatch(/<input[^>]*\bname="username"[^>]*\bid="username"[^>]*>/);
    expect(html).toMatch(/<button type="submit" name="action" value="default"[^>]*>Continue<\/button>/);
    expect(html).toMatch(/<input class="hide" type="password" autocomplete="off" tabindex="-1" aria-hidden="true">/);
    for (const hidden of ['js-available', 'webauthn-available', 'is-brave', 'webauthn-platform-available']) expect(html).toContain(`name="${hidden}"`);
    expect(html).toMatch(/<span>Or<\/span>/);
    expect(html).not.toMatch(/<(link|script)[^>]+(href|src)=/);

    const primary = page.form({ index: 0 });
    expect(primary.method).toBe('POST');
    expect(primary.action).toBe(page.url);
    expect(primary.value('state')).toBe(url.searchParams.get('state'));
    expect(primary.submitters).toEqual([{ name: 'action', value: 'default' }]);

    const button = page.form({ index: 1 });
    expect(button.value('state')).toBe(url.searchParams.get('state'));
    expect(button.value('connection')).toBe(federation.connection.name);
    expect(html).toMatch(/<form method="post" data-provider="okta" data-form-secondary="true">/);
    expect(html).toMatch(/<button type="submit" class="secondary" data-provider="okta" data-action-button-secondary="true">/);
    expect(html).toContain('<img src="https://cdn.example.test/acme.png" width="20" height="20" alt="">');
    expect(textContent(html)).toContain('Continue with Acme Workforce');
  });

  test('a connection without display_name is offered as "Continue with {name}", and hidden ones not at all', async ({ federate }) => {
    const shown = await federate({ connection: { show_as_button: true } });
    const page = await new HttpBrowser().navigate((await authorizationRequest(await shown.rp())).url);
    expect(textContent(page.body)).toContain(`Continue with ${shown.connection.name}`);
    expect(page.body).toMatch(/<span data-provider="okta"><\/span>/);

    const hidden = await federate();
    const plain = await new HttpBrowser().navigate((await authorizationRequest(await hidden.rp())).url);
    expect(plain.body).not.toMatch(/data-provider="/);
    expect(plain.body).not.toContain('<span>Or</span>');
    expect(() => plain.form({ index: 1 })).toThrow();
  });

  test('login_hint pre-fills the email address', async ({ federate }) => {
    const federation = await federate();
    const request = await authorizationRequest(await federation.rp(), { login_hint: federation.user.login });
    const page = await new HttpBrowser().navigate(request.url);
    expect(page.form({ index: 0 }).value('username')).toBe(federation.user.login);
  });

  test('HRD: an email whose domain no enabled connection claims gets the page again with the error', async ({ federate }) => {
    const federation = await federate();
    const browser = new HttpBrowser();
    const page = await browser.navigate((await authorizationRequest(await federation.rp())).url);
    const since = federation.emulators.auth0.events.lastSeq;
    const again = await browser.submit(page.form({ index: 0 }), { username: 'someone@unclaimed.example.test' }, { submitter: 'default' });

    expect(again.status).toBe(400);
    expect(again.url).toBe(page.url);
    expect(again.body).toMatch(new RegExp(`<span id="error-element-username"[^>]*>${NO_HRD_CONNECTION}</span>`));
    expect(again.body).toMatch(/aria-describedby="error-element-username" aria-invalid="true"/);
    expect(again.form({ index: 0 }).value('username')).toBe('someone@unclaimed.example.test');
    expect(federation.emulators.auth0.events.list({ since, type: 'auth0.hrd' })).toEqual([
      expect.objectContaining({ domain: 'unclaimed.example.test', outcome: 'no_match', connection: null }),
    ]);
  });

  test('HRD matches the domain case-insensitively and goes straight to Okta, not to subdomains', async ({ federate }) => {
    const federation = await federate();
    const browser = new HttpBrowser();
    const page = await browser.navigate((await authorizationRequest(await federation.rp())).url);
    const sub = await browser.submit(page.form({ index: 0 }), { username: `x@eu.${federation.emailDomain}` });
    expect(sub.body).toContain(NO_HRD_CONNECTION);

    const matched = await browser.submit(sub.form({ index: 0 }), { username: `Pat.Doe@${federation.emailDomain.toUpperCase()}` });
    const upstream = new URL(matched.hops[0].location!);
    expect(matched.hops[0].status).toBe(302);
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${federation.emulators.okta.origin}/oauth2/v1/authorize`);
  });

  test('the connection button goes to that IdP without asking for an email', async ({ federate }) => {
    const federation = await federate({ connection: { show_as_button: true } });
    const browser = new HttpBrowser();
    const page = await browser.navigate((await authorizationRequest(await federation.rp())).url);
    const since = federation.emulators.auth0.events.lastSeq;
    const next = await browser.submit(page.form({ index: 1 }), {});
    const upstream = new URL(next.hops[0].location!);
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${federation.emulators.okta.origin}/oauth2/v1/authorize`);
    expect(upstream.searchParams.get('client_id')).toBe(federation.oktaApp.clientId);
    expect(federation.emulators.auth0.events.list({ since, type: 'auth0.connection_button' })).toHaveLength(1);
  });

  test('connection= skips Universal Login: /authorize redirects to Okta with PKCE S256, no nonce, the callback and upstream params', async ({ federate }) => {
    const federation = await federate({
      connectionOptions: { upstream_params: { login_hint: { alias: 'login_hint' }, acme_tenant: { value: 'blue' }, display: { alias: 'not_allowed' } } },
    });
    const { emulators } = federation;
    const request = await authorizationRequest(await federation.rp(), { connection: federation.connection.name, login_hint: federation.user.login });
    const page = await new HttpBrowser().navigate(request.url, { stopBefore: url => url.origin === emulators.okta.origin });

    expect(page.hops).toHaveLength(1);
    expect(page.hops[0].status).toBe(303);
    const upstream = new URL(page.url);
    expect(`${upstream.origin}${upstream.pathname}`).toBe(`${emulators.okta.origin}/oauth2/v1/authorize`);
    const params = Object.fromEntries(upstream.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: federation.oktaApp.clientId,
      redirect_uri: `https://${emulators.auth0.domain}/login/callback`,
      scope: 'openid profile email',
      code_challenge_method: 'S256',
      login_hint: federation.user.login,
      acme_tenant: 'blue',
    });
    expect(params.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.state).toBeTruthy();
    expect(params.state).not.toBe(request.state);
    expect(params).not.toHaveProperty('nonce');
    expect(params).not.toHaveProperty('display');
  });

  test('connection= naming an unknown or a disabled connection redirects the error to the application', async ({ federate }) => {
    const federation = await federate();
    const other = await federate();
    const rp = await federation.rp();
    for (const [connection, description] of [
      ['no-such-connection', 'the connection was not found'],
      [other.connection.name, 'the connection is not enabled'],
    ]) {
      const request = await authorizationRequest(rp, { connection });
      const page = await new HttpBrowser().navigate(request.url, { stopBefore: atRelyingParty });
      const callback = new URL(page.url);
      expect(`${callback.origin}${callback.pathname}`).toBe(RP_CALLBACK);
      expect(Object.fromEntries(callback.searchParams)).toMatchObject({ error: 'invalid_request', error_description: description, state: request.state });
    }
  });

  test('prompt=none without a session answers login_required at the callback', async ({ federate }) => {
    const federation = await federate();
    const request = await authorizationRequest(await federation.rp(), { prompt: 'none' });
    const page = await new HttpBrowser().navigate(request.url, { stopBefore: atRelyingParty });
    expect(Object.fromEntries(new URL(page.url).searchParams)).toMatchObject({ error: 'login_required', state: request.state });
  });

  test('a redirect_uri outside the callbacks gets the Callback URL mismatch page, not a redirect', async ({ federate }) => {
    const federation = await federate();
    const request = await authorizationRequest(await federation.rp(), { redirect_uri: 'https://evil.example.test/callback' });
    const page = await new HttpBrowser().navigate(request.url);
    expect(page.hops).toHaveLength(1);
    expect(page.status).toBe(400);
    expect(page.url).toBe(request.url.href);
    expect(textContent(page.body)).toContain(CALLBACK_MISMATCH);
    expect(textContent(page.body)).toContain('invalid_request');
  });

  test('an unknown or expired Universal Login state is an error page', async ({ emulators }) => {
    const page = await new HttpBrowser().navigate(`${emulators.auth0.origin}/u/login/identifier?state=unknown-transaction`);
    expect(page.status).toBe(400);
    expect(textContent(page.body)).toContain('Invalid state');
  });
});
