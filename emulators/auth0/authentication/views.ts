// The tenant's hosted pages: the Universal Login identifier page (with the DOM hooks of the real
// page, docs/fidelity.md#universal-login-and-home-realm-discovery), the error page, the form_post auto-submit page (docs/fidelity.md#authentication-api-authorize) and the logout prompt.
// Plain HTML with one inline stylesheet: no external assets, usable without JavaScript.

import { Html, html, joinHtml } from '../../../lib/html.ts';

const STYLES = new Html(`
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f3f4f6;
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1e212a}
main{width:100%;max-width:400px;background:#fff;border-radius:5px;box-shadow:0 12px 40px rgba(0,0,0,.12);padding:40px}
h1{font-size:24px;font-weight:400;text-align:center;margin:0 0 8px}
p.lead{text-align:center;font-size:14px;margin:0 0 24px;color:#4b4f5a}
label{display:block;font-size:14px;margin:0 0 6px}
input[type=text]{width:100%;height:52px;padding:0 16px;font-size:16px;border:1px solid #c9cace;border-radius:3px}
input[type=text]:focus{outline:2px solid #635dff;outline-offset:1px;border-color:#635dff}
input[aria-invalid=true]{border-color:#d03c38}
.hide{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.error{display:block;color:#d03c38;font-size:13px;margin-top:6px}
button{width:100%;height:52px;font-size:16px;border-radius:3px;cursor:pointer;margin-top:24px}
button:focus-visible{outline:2px solid #1e212a;outline-offset:2px}
button.primary{background:#635dff;color:#fff;border:0}
button.secondary{background:#fff;color:#1e212a;border:1px solid #c9cace;margin-top:8px;display:flex;align-items:center;justify-content:center;gap:12px}
button.secondary span[data-provider]:empty{display:none}
.separator{display:flex;align-items:center;gap:12px;margin:24px 0 16px;font-size:12px;color:#6a6f7a;text-transform:uppercase}
.separator::before,.separator::after{content:"";flex:1;border-top:1px solid #c9cace}
dl{font-size:13px;margin:24px 0 0}dt{font-weight:600}dd{margin:0 0 12px;word-break:break-word}
`);

function page(title: string, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLES}</style>
</head>
<body>
${body}
</body>
</html>`.value;
}

export interface ConnectionButton {
  connection: string;
  /** The strategy, e.g. "okta": Auth0's `data-provider` value. */
  provider: string;
  text: string;
  iconUrl?: string;
}

export interface IdentifierPageModel {
  state: string;
  tenantName: string;
  clientName: string;
  username: string;
  error?: string;
  buttons: ConnectionButton[];
}

/** Universal Login, identifier-first, `login-id` screen. */
export function identifierPage(m: IdentifierPageModel): string {
  const errorId = 'error-element-username';
  const describedBy = m.error ? html` aria-describedby="${errorId}" aria-invalid="true"` : '';
  const hidden = (name: string) => html`<input type="hidden" id="${name}" name="${name}" value="false">`;
  const buttons = joinHtml(
    m.buttons.map(
      b => html`<form method="post" data-provider="${b.provider}" data-form-secondary="true">
  <input type="hidden" name="state" value="${m.state}">
  <input type="hidden" name="connection" value="${b.connection}">
  <button type="submit" class="secondary" data-provider="${b.provider}" data-action-button-secondary="true">
    ${b.iconUrl ? html`<img src="${b.iconUrl}" width="20" height="20" alt="">` : html`<span data-provider="${b.provider}"></span>`}
    <span>${b.text}</span>
  </button>
</form>`,
    ),
    '\n',
  );
  return page(
    `Log in | ${m.clientName}`,
    html`<main class="_widget login-id">
<h1>Welcome</h1>
<p class="lead">Log in to ${m.tenantName} to continue to ${m.clientName}.</p>
<form method="POST" class="_form-login-id" data-form-primary="true">
  <input type="hidden" name="state" value="${m.state}">
  <label for="username">Email address</label>
  <input class="input" inputmode="email" name="username" id="username" type="text" value="${m.username}" required autocomplete="username" autocapitalize="none" spellcheck="false" autofocus${describedBy}>
  ${m.error ? html`<span id="${errorId}" class="error" role="alert">${m.error}</span>` : ''}
  <input class="hide" type="password" autocomplete="off" tabindex="-1" aria-hidden="true">
  ${hidden('js-available')}${hidden('webauthn-available')}${hidden('is-brave')}${hidden('webauthn-platform-available')}
  <button type="submit" name="action" value="default" class="primary _button-login-id" data-action-button-primary="true">Continue</button>
</form>
${
  m.buttons.length
    ? html`<div class="separator"><span>Or</span></div>
${buttons}`
    : ''
}
</main>`,
  );
}

export interface ErrorPageModel {
  /** OAuth-style error code, e.g. "invalid_request". */
  error: string;
  description: string;
  /** One-line human explanation shown above the details. */
  summary?: string;
}

/** Auth0's hosted error page ("Oops!, something went wrong"). */
export function errorPage(m: ErrorPageModel): string {
  return page(
    'Error',
    html`<main class="error-page">
<h1>Oops!, something went wrong</h1>
<p class="lead">${m.summary ?? m.description}</p>
<dl>
  <dt>error</dt><dd id="error-code">${m.error}</dd>
  <dt>error_description</dt><dd id="error-description">${m.description}</dd>
</dl>
</main>`,
  );
}

/** The response_mode=form_post page: posts the authorization response to the application. */
export function formPostPage(action: string, inputs: Record<string, string>): string {
  const fields = joinHtml(
    Object.entries(inputs).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`),
    '\n  ',
  );
  return html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Submit This Form</title></head>
<body>
<form method="post" name="hiddenform" action="${action}">
  ${fields}
  <noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript>
</form>
<script>window.onload = function () { document.forms[0].submit(); };</script>
</body>
</html>`.value;
}

/**
 * response_mode=web_message: a page that posts `{type: "authorization_response", response}` to the
 * window that opened it (a popup) or framed it (silent authentication), for `targetOrigin` only —
 * the contract @auth0/auth0-spa-js listens for (docs/fidelity.md#authentication-api-cors-and-web-message).
 */
export function webMessagePage(targetOrigin: string, response: Record<string, string>): string {
  // JSON inside a script element: < > & and the line separators escaped, so no value can end the script.
  const json = (value: unknown) => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Authorization Response</title></head>
<body>
<script type="text/javascript">
(function (window, document) {
  var targetOrigin = ${json(targetOrigin)};
  var authorizationResponse = { type: "authorization_response", response: ${json(response)} };
  var mainWin = window.opener ? window.opener : window.parent;
  mainWin.postMessage(authorizationResponse, targetOrigin);
})(this, this.document);
</script>
</body>
</html>`;
}

/** RP-initiated logout without a (matching) hint: ask before ending the session. */
export function logoutPromptPage(fields: Record<string, string>, clientName: string | undefined): string {
  const hidden = joinHtml(
    Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`),
    '\n  ',
  );
  return page(
    'Log out',
    html`<main class="logout">
<h1>Log out</h1>
<p class="lead">Are you sure you want to log out${clientName ? html` of ${clientName}` : ''}?</p>
<form method="post" action="/oidc/logout">
  ${hidden}
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="primary" name="action" value="accept">Yes</button>
</form>
</main>`,
  );
}

/** Shown after a logout that has nowhere to return to. */
export function loggedOutPage(): string {
  return page('Logged out', html`<main class="logged-out"><h1>You have been logged out</h1></main>`);
}
