import { DEMO_API_SCOPE, DEMO_API_UNGRANTED_SCOPE } from '../../provisioning/auth0-api.ts';
import { html } from '../../lib/html.ts';
import { layout } from './layout.ts';

export interface SpaView {
  /** The regular web app's session (the navigation only). */
  signedIn: boolean;
  /** AUTH0_DOMAIN: what spa-js takes as `domain`. */
  domain: string;
  clientId: string;
  audience?: string;
  connectionName?: string;
  connectionDisplayName: string;
}

/** The scopes the single-page app asks for: a refresh token, and the API's scope when there is an API. */
export function spaScope(audience: string | undefined): string {
  return ['openid profile email offline_access', audience ? DEMO_API_SCOPE : ''].filter(Boolean).join(' ');
}

/** The page's markup; public/spa/app.js brings it to life (its settings travel in data- attributes: no inline script). */
export function spaPage(view: SpaView): string {
  const body = html`
<h1>Single-page app</h1>
<p class="lead">A second application of the same tenant, running in your browser on <code>@auth0/auth0-spa-js</code>:
it signs in through the same Okta Workforce connection (authorization code flow with PKCE, no client secret),
keeps its tokens in memory, renews them silently, and calls the demo API with its access token.</p>
<div id="spa" data-domain="${view.domain}" data-client-id="${view.clientId}" data-audience="${view.audience ?? ''}"
  data-scope="${spaScope(view.audience)}" data-connection="${view.connectionName ?? ''}">
<section aria-labelledby="spa-state-heading">
  <h2 id="spa-state-heading">Status</h2>
  <p role="status" data-testid="spa-status">Starting…</p>
  <dl class="facts" data-signed-in hidden>
    <dt>Email</dt><dd data-testid="spa-email"></dd>
    <dt>User id</dt><dd data-testid="spa-user-id"></dd>
  </dl>
</section>
<section aria-labelledby="spa-login-heading" data-signed-out hidden>
  <h2 id="spa-login-heading">Sign in to the single-page app</h2>
  <ul class="actions">
    <li><button type="button" data-action="login">Log in</button>
      <p>Auth0 Universal Login: your work email routes you to Okta (home realm discovery).</p></li>
    ${
      view.connectionName
        ? html`<li><button type="button" data-action="login-connection">Log in with ${view.connectionDisplayName}</button>
      <p>Straight to the connection (<code>connection=${view.connectionName}</code>).</p></li>`
        : ''
    }
  </ul>
  <form class="work-email" data-action="login-work-email">
    <h3>Log in with your work email</h3>
    <label for="spa-work-email">Work email</label>
    <input id="spa-work-email" name="email" type="email" autocomplete="username" required>
    <button type="submit">Continue with work email</button>
  </form>
</section>
<section aria-labelledby="spa-use-heading" data-signed-in hidden>
  <h2 id="spa-use-heading">Use the tokens</h2>
  <ul class="actions">
    ${
      view.audience
        ? html`<li><button type="button" data-action="call-api">Call the API</button>
      <p><code>GET /api/whoami</code> with the access token: the API needs <code>${DEMO_API_SCOPE}</code>.</p></li>
    <li><button type="button" data-action="call-reports">Call the reports endpoint</button>
      <p><code>GET /api/reports</code> needs <code>${DEMO_API_UNGRANTED_SCOPE}</code>, which no application was granted: 403.</p></li>`
        : ''
    }
    <li><button type="button" data-action="renew-refresh">Renew with the refresh token</button>
      <p>A new access token from <code>/oauth/token</code>, without leaving the page.</p></li>
    <li><button type="button" data-action="renew-iframe">Renew in a hidden iframe</button>
      <p>Silent authentication: <code>/authorize?prompt=none&amp;response_mode=web_message</code> answers from Auth0's session cookie.</p></li>
    <li><button type="button" data-action="logout" class="secondary">Log out</button>
      <p>Forgets the tokens and ends the Auth0 session (<code>/v2/logout</code>).</p></li>
  </ul>
  <p role="status" data-testid="spa-result"></p>
  <pre data-testid="spa-api-response" hidden></pre>
</section>
</div>
<script type="module" src="/static/spa/app.js"></script>`;
  return layout({ title: 'Single-page app', signedIn: view.signedIn, body });
}
