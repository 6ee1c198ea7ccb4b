// express-openid-connect with its defaults (response_type=id_token, response_mode=form_post) as
// the relying party: Auth0 answers with the auto-submitting `hiddenform` page, the browser posts
// it to the application's /callback, and the application validates the ID token itself.
import express from 'express';
import { auth, type ConfigParams } from 'express-openid-connect';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpBrowser } from '../../../fixtures/http-browser.ts';
import { completeOktaSignIn, expect, test } from '../../../fixtures/auth0/federation.ts';

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test.describe('express-openid-connect defaults (id_token + form_post)', () => {
  test('the login completes through the form_post page and the application sees the profile claims and sid', async ({ federate, emulators }) => {
    let app: express.Express | undefined;
    const server = createServer({ cert: emulators.tls.certPem, key: emulators.tls.keyPem }, (req, res) => app!(req, res));
    const baseURL = await listen(server);
    try {
      const federation = await federate({ application: { callbacks: [`${baseURL}/callback`], allowed_logout_urls: [baseURL] } });
      const config: ConfigParams = {
        issuerBaseURL: emulators.auth0.issuer,
        baseURL,
        clientID: federation.application.clientId,
        secret: 'a-session-secret-of-at-least-32-characters',
        authRequired: false,
        enableTelemetry: false,
      };
      app = express();
      app.use(auth(config));
      app.get('/', (req, res) => {
        res.json({ user: req.oidc.user ?? null, claims: req.oidc.idTokenClaims ?? null });
      });

      const browser = new HttpBrowser();
      const identifier = await browser.navigate(`${baseURL}/login`);
      const toAuthorize = new URL(identifier.hops[0].location!);
      expect(Object.fromEntries(toAuthorize.searchParams)).toMatchObject({
        response_type: 'id_token',
        response_mode: 'form_post',
        scope: 'openid profile email',
      });
      expect(new URL(identifier.url).pathname).toBe('/u/login/identifier');

      const atOkta = await browser.submit(identifier.form({ index: 0 }), { username: federation.user.login });
      const formPost = await completeOktaSignIn(browser, atOkta, federation);

      // Auth0's form_post page.
      expect(new URL(formPost.url).origin).toBe(emulators.auth0.origin);
      expect(formPost.status).toBe(200);
      expect(formPost.headers.get('content-type')).toMatch(/^text\/html/);
      expect(formPost.body).toContain(`<form method="post" name="hiddenform" action="${baseURL}/callback">`);
      const form = formPost.form();
      expect(form.fields.map(([name]) => name).sort()).toEqual(['id_token', 'state']);
      expect(formPost.body).toContain('document.forms[0].submit()');
      expect(formPost.body).toContain('<noscript>');

      // The browser posts it (cross-site) to the application, which validates and signs the user in.
      const landed = await browser.submit(form);
      expect(landed.url).toBe(`${baseURL}/`);
      const { user, claims } = JSON.parse(landed.body);
      expect(user).toMatchObject({
        sub: federation.auth0UserId,
        email: federation.user.login,
        email_verified: true,
        name: 'Pat Doe',
        nickname: 'pat.doe',
      });
      expect(claims).toMatchObject({ iss: emulators.auth0.issuer, aud: federation.application.clientId, sid: expect.any(String) });
    } finally {
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });

  test('an error sent by form_post is the same hiddenform page; an unregistered redirect_uri gets an error page, never a form', async ({
    federate,
    emulators,
  }) => {
    const callback = 'https://app.example/callback';
    const federation = await federate({ application: { callbacks: [callback] } });
    const authorize = (redirectUri: string) =>
      `${emulators.auth0.origin}/authorize?${new URLSearchParams({
        client_id: federation.application.clientId,
        response_type: 'id_token',
        response_mode: 'form_post',
        redirect_uri: redirectUri,
        scope: 'openid',
        nonce: 'n-1',
        state: 'state-1',
        prompt: 'none',
      })}`;
    const browser = new HttpBrowser();
    // No Auth0 session and prompt=none: login_required, posted back to the application.
    const page = await browser.navigate(authorize(callback));
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<form method="post" name="hiddenform" action="${callback}">`);
    expect(Object.fromEntries(page.form().fields)).toEqual({
      error: 'login_required',
      error_description: expect.any(String),
      state: 'state-1',
      iss: emulators.auth0.issuer,
    });

    const refused = await browser.navigate(authorize('https://evil.example/callback'));
    expect(refused.status).toBe(400);
    expect(refused.body).not.toContain('hiddenform');
    expect(refused.body).not.toContain('evil.example');
  });
});
