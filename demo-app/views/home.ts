import { html } from '../../lib/html.ts';
import { layout } from './layout.ts';

export interface HomeView {
  signedIn: boolean;
  userName?: string;
  connectionName?: string;
  connectionDisplayName: string;
  /** The demo's single-page app is there to try. */
  singlePageApp?: boolean;
}

export function homePage(view: HomeView): string {
  const body = html`
<h1>Sign in through Okta, brokered by Auth0</h1>
<p class="lead">This app trusts one identity provider, Auth0. Auth0 federates to an Okta org through an
<strong>Okta Workforce enterprise connection</strong>: Okta checks the password, Auth0 issues the tokens this app receives.</p>
${
  view.signedIn
    ? html`<section aria-labelledby="signed-in"><h2 id="signed-in">You are signed in${view.userName ? html` as ${view.userName}` : ''}</h2>
<p><a class="button" href="/profile">View your profile</a></p></section>`
    : html`<section aria-labelledby="ways"><h2 id="ways">Ways to sign in</h2>
<ul class="actions">
  <li><a class="button" href="/login">Log in</a>
    <p>Auth0 Universal Login: type your work email; home realm discovery sends you to Okta.</p></li>
  ${
    view.connectionName
      ? html`<li><a class="button" href="/login/connection">Log in with ${view.connectionDisplayName}</a>
    <p>Straight to the connection (<code>connection=${view.connectionName}</code>), skipping Universal Login.</p></li>`
      : ''
  }
</ul>
<form class="work-email" method="post" action="/login/work-email">
  <h3>Log in with your work email</h3>
  <p>Starts identifier-first login with <code>login_hint</code>: Universal Login pre-fills it and the connection forwards it to Okta.</p>
  <label for="work-email">Work email</label>
  <input id="work-email" name="email" type="email" autocomplete="username" required>
  <button type="submit">Continue with work email</button>
</form>
</section>`
}
${
  view.singlePageApp
    ? html`<section aria-labelledby="kinds"><h2 id="kinds">Two kinds of application</h2>
<ul class="actions">
  <li><strong>This app</strong>, a regular web application: the tokens stay on its server (<code>express-openid-connect</code>, with a client secret).</li>
  <li><a class="button" href="/spa">Open the single-page app</a>
    <p>A second application of the same tenant, in your browser (<code>@auth0/auth0-spa-js</code>, no secret, PKCE): same connection, its own tokens, silent renewal.</p></li>
</ul>
<p>Both call the demo API with their access token; it answers who called and with which scopes.</p></section>`
    : ''
}
<section aria-labelledby="how"><h2 id="how">What happens</h2>
<ol>
  <li>This app redirects to Auth0 <code>/authorize</code> (authorization code flow with PKCE).</li>
  <li>Auth0 picks the Okta connection (button, <code>connection</code> parameter, or your email's domain).</li>
  <li>Auth0 sends you to the Okta org's authorization server; Okta asks for your username and password.</li>
  <li>Okta returns to Auth0 <code>/login/callback</code>; Auth0 exchanges the code, validates Okta's ID token and creates or updates the user.</li>
  <li>Auth0 returns to this app with its own code; the app exchanges it for tokens.</li>
</ol></section>`;
  return layout({ title: 'Home', signedIn: view.signedIn, body });
}
