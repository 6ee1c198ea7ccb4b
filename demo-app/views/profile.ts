import { html } from '../../lib/html.ts';
import { layout } from './layout.ts';

/** Shown when the identity provider's picture is absent or cannot load (offline, blocked): served by this app. */
export const AVATAR_FALLBACK = '/static/avatar.svg';

export interface ProfileView {
  /** The session's CSRF token, sent with every form that acts on the session. */
  csrfToken: string;
  claims: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
  userinfoError?: string;
  loginAt?: number;
  hasRefreshToken: boolean;
  accessTokenExpiresIn?: number;
  refreshResult?: { ok: true; expiresIn: number; at: string } | { ok: false; error: string; at: string };
  /** The last call of the API from this app's server, with the session's access token. */
  apiCall?: { ok: boolean; at: string; status: number; body: string };
}

/** `okta|{connection}|{okta user id}` → its parts; other ids are shown as they are. */
export function identityOf(sub: string): { provider: string; connection?: string; idpUserId?: string } {
  const [provider, connection, ...rest] = sub.split('|');
  if (!connection || rest.length === 0) return { provider };
  return { provider, connection, idpUserId: rest.join('|') };
}

function value(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && v > 1_000_000_000 && v < 10_000_000_000) return `${v} (${new Date(v * 1000).toISOString()})`;
  return JSON.stringify(v);
}

function csrfField(view: ProfileView) {
  return html`<input type="hidden" name="_csrf" value="${view.csrfToken}">`;
}

export function profilePage(view: ProfileView): string {
  const c = view.claims;
  const sub = String(c.sub ?? '');
  const identity = identityOf(sub);
  const body = html`
<h1>Your profile</h1>
<section class="person" aria-labelledby="who">
  <img class="avatar" src="${typeof c.picture === 'string' && /^https:\/\//.test(c.picture) ? c.picture : AVATAR_FALLBACK}" data-fallback="${AVATAR_FALLBACK}" alt="" width="64" height="64" data-testid="avatar">
  <div>
    <h2 id="who">${String(c.name ?? c.nickname ?? sub)}</h2>
    <dl class="facts">
      <dt>Email</dt><dd data-testid="email">${String(c.email ?? '—')}</dd>
      <dt>User id</dt><dd data-testid="user-id"><code>${sub}</code></dd>
      <dt>Identity provider</dt><dd data-testid="identity-provider">${identity.provider}</dd>
      <dt>Connection</dt><dd data-testid="connection">${identity.connection ?? '—'}</dd>
      ${identity.idpUserId ? html`<dt>Okta user id</dt><dd data-testid="idp-user-id"><code>${identity.idpUserId}</code></dd>` : ''}
      <dt>Signed in at</dt><dd data-testid="login-time">${view.loginAt ? new Date(view.loginAt).toISOString() : '—'}</dd>
    </dl>
  </div>
</section>

<p><a class="button secondary" href="/flow">How you signed in</a> — every hop of this sign-in across your browser, this app, Auth0 and Okta.</p>

<section aria-labelledby="tokens">
  <h2 id="tokens">Tokens</h2>
  <p>Access token ${view.accessTokenExpiresIn !== undefined ? html`expires in <span data-testid="access-token-expires-in">${view.accessTokenExpiresIn}</span> s` : 'not present'};
  refresh token <strong data-testid="has-refresh-token">${view.hasRefreshToken ? 'present' : 'absent'}</strong>.</p>
  <form method="post" action="/profile/refresh">${csrfField(view)}<button type="submit">Refresh tokens</button></form>
  ${
    view.refreshResult
      ? view.refreshResult.ok
        ? html`<p role="status" class="ok" data-testid="refresh-result">Refreshed at ${view.refreshResult.at}: new access token valid for ${view.refreshResult.expiresIn} s.</p>`
        : html`<p role="alert" class="bad" data-testid="refresh-result">Refresh failed at ${view.refreshResult.at}: ${view.refreshResult.error}</p>`
      : ''
  }
</section>

<section aria-labelledby="api">
  <h2 id="api">Call the API</h2>
  <p>This app's server calls the demo API (<code>GET /api/whoami</code>) with the access token of your session; the API checks it with <code>express-oauth2-jwt-bearer</code>.</p>
  <form method="post" action="/profile/call-api">${csrfField(view)}<button type="submit">Call the API</button></form>
  ${
    view.apiCall
      ? html`<p role="${view.apiCall.ok ? 'status' : 'alert'}" class="${view.apiCall.ok ? 'ok' : 'bad'}" data-testid="api-call-result">Called at ${view.apiCall.at}: ${view.apiCall.status ? html`HTTP ${view.apiCall.status}` : 'no answer'}</p>
<pre data-testid="api-response">${view.apiCall.body}</pre>`
      : ''
  }
</section>

<section aria-labelledby="claims">
  <h2 id="claims">ID token claims</h2>
  <table>
    <caption>Decoded from the ID token Auth0 issued to this app</caption>
    <thead><tr><th scope="col">Claim</th><th scope="col">Value</th></tr></thead>
    <tbody>${Object.entries(c).map(([k, v]) => html`<tr><th scope="row"><code>${k}</code></th><td>${value(v)}</td></tr>`)}</tbody>
  </table>
</section>

<section aria-labelledby="userinfo">
  <h2 id="userinfo">Userinfo</h2>
  ${view.userinfo ? html`<pre data-testid="userinfo">${JSON.stringify(view.userinfo, null, 2)}</pre>` : html`<p role="alert" class="bad">Could not fetch userinfo: ${view.userinfoError ?? 'unknown error'}</p>`}
</section>

<section aria-labelledby="logout">
  <h2 id="logout">Log out</h2>
  <ul class="actions">
    <li><form method="post" action="/logout">${csrfField(view)}<button type="submit">Log out</button></form><p>Ends this app's session and the Auth0 session (Okta's session stays).</p></li>
    <li><form method="post" action="/logout/federated">${csrfField(view)}<button type="submit" class="secondary">Log out everywhere</button></form><p>Also ends the Okta session (federated logout).</p></li>
  </ul>
</section>
<script src="/static/avatar.js"></script>`;
  return layout({ title: 'Profile', signedIn: true, body });
}
