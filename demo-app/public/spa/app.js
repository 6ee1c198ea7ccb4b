// The demo's single-page app: @auth0/auth0-spa-js, unchanged, as Auth0's single-page-app
// quickstarts use it. Settings come from the page's data- attributes (views/spa.ts).
import { Auth0Client, createAuth0Client } from '/static/vendor/auth0-spa-js.production.esm.js';

const root = document.getElementById('spa');
const settings = root.dataset;
const redirectUri = `${location.origin}/spa`;
const options = {
  domain: settings.domain,
  clientId: settings.clientId,
  authorizationParams: { redirect_uri: redirectUri, scope: settings.scope, ...(settings.audience ? { audience: settings.audience } : {}) },
  // Tokens stay in memory; with refresh tokens, spa-js keeps them in a worker, out of the page's reach.
  cacheLocation: 'memory',
  workerUrl: '/static/vendor/auth0-spa-js.worker.production.js',
};

const status = root.querySelector('[data-testid="spa-status"]');
const result = root.querySelector('[data-testid="spa-result"]');
const apiResponse = root.querySelector('[data-testid="spa-api-response"]');

function show(text, failed = false) {
  result.textContent = text;
  result.setAttribute('role', failed ? 'alert' : 'status');
  result.className = failed ? 'bad' : 'ok';
}

function describe(error) {
  return error?.error ? `${error.error}${error.error_description ? `: ${error.error_description}` : ''}` : String(error?.message ?? error);
}

let auth0;
/** Silent authentication in a hidden iframe (prompt=none, response_mode=web_message), no refresh token involved. */
let iframeClient;
try {
  auth0 = await createAuth0Client({ ...options, useRefreshTokens: true });
  iframeClient = new Auth0Client({ ...options, useRefreshTokens: false });
  const query = new URLSearchParams(location.search);
  if ((query.has('code') || query.has('error')) && query.has('state')) {
    try {
      await auth0.handleRedirectCallback();
    } catch (error) {
      show(`Sign-in did not complete: ${describe(error)}`, true);
    }
    history.replaceState({}, '', '/spa');
  }
  await render();
} catch (error) {
  status.textContent = `The single-page app could not start: ${describe(error)}`;
}

async function render() {
  const signedIn = await auth0.isAuthenticated();
  for (const element of root.querySelectorAll('[data-signed-in]')) element.hidden = !signedIn;
  for (const element of root.querySelectorAll('[data-signed-out]')) element.hidden = signedIn;
  if (!signedIn) {
    status.textContent = 'Signed out';
    return;
  }
  const user = await auth0.getUser();
  status.textContent = `Signed in as ${user.name ?? user.email ?? user.sub}`;
  root.querySelector('[data-testid="spa-email"]').textContent = user.email ?? '—';
  root.querySelector('[data-testid="spa-user-id"]').textContent = user.sub;
}

async function callApi(path) {
  apiResponse.hidden = true;
  const token = await auth0.getTokenSilently();
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  apiResponse.textContent = pretty(body);
  apiResponse.hidden = false;
  show(`${path} answered HTTP ${response.status}`, !response.ok);
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function renew(client, how) {
  const renewed = await client.getTokenSilently({ cacheMode: 'off', detailedResponse: true });
  show(`Renewed ${how} at ${new Date().toISOString()}: new access token valid for ${renewed.expires_in} s`);
}

const actions = {
  login: () => auth0.loginWithRedirect(),
  'login-connection': () => auth0.loginWithRedirect({ authorizationParams: { connection: settings.connection } }),
  'call-api': () => callApi('/api/whoami'),
  'call-reports': () => callApi('/api/reports'),
  'renew-refresh': () => renew(auth0, 'with the refresh token'),
  'renew-iframe': () => renew(iframeClient, 'in a hidden iframe'),
  logout: () => auth0.logout({ logoutParams: { returnTo: redirectUri } }),
};

root.addEventListener('click', async event => {
  const button = event.target.closest('button[data-action]');
  if (!button || !auth0) return;
  try {
    await actions[button.dataset.action]();
  } catch (error) {
    show(`${button.textContent.trim()} failed: ${describe(error)}`, true);
  }
});

root.querySelector('form[data-action="login-work-email"]').addEventListener('submit', event => {
  event.preventDefault();
  const email = new FormData(event.target).get('email');
  auth0?.loginWithRedirect({ authorizationParams: { login_hint: String(email).trim() } }).catch(error => show(describe(error), true));
});
