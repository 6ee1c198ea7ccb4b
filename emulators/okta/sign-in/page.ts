// The hosted sign-in page, server-rendered and usable without JavaScript. The markup follows the
// Sign-In Widget's (reference §4): container #okta-sign-in, form.o-form, inputs inside
// [data-se="o-form-input-<name>"] wrappers, labels tied to inputs whose id equals their name
// (Gen2 and Gen3 selectors both work: input[name="identifier"], #identifier, getByLabel('Username')),
// submit inputs with value "Next"/"Verify" and data-type="save", errors in
// [data-se="o-form-error-container"] with role="alert". Plain CSS, no external assets.
import { escapeHtml } from './html.ts';
import { signInTexts } from './texts.ts';

export interface IdentifyStep {
  step: 'identify';
  stateHandle: string;
  action: string;
  identifier: string;
  rememberMe: boolean;
  formError?: string;
  fieldError?: string;
}

export interface PasswordStep {
  step: 'password';
  stateHandle: string;
  action: string;
  /** Who is signing in (shown above the password field). */
  username: string;
  backHref: string;
  formError?: string;
  fieldError?: string;
}

/** A page without a form: an expired transaction, or the org's page after signing out. */
export interface MessageStep {
  step: 'message';
  title: string;
  message: string;
  isError: boolean;
}

export type SignInView = IdentifyStep | PasswordStep | MessageStep;

export function signInPageHtml(view: SignInView): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>Okta - ${escapeHtml(titleOf(view))}</title>
<style>${STYLE}</style>
</head>
<body>
<main id="okta-sign-in" class="auth-container main-container">
<div class="okta-sign-in-header auth-header"><p class="auth-org-logo" aria-label="Okta">okta</p></div>
<div class="auth-content"><div class="auth-content-inner">
${view.step === 'identify' ? identifyForm(view) : view.step === 'password' ? passwordForm(view) : messageBlock(view)}
</div></div>
</main>
</body>
</html>
`;
}

function titleOf(view: SignInView): string {
  if (view.step === 'identify') return signInTexts.identifyTitle;
  if (view.step === 'password') return signInTexts.passwordTitle;
  return view.title;
}

function identifyForm(view: IdentifyStep): string {
  return `<form method="post" action="${escapeHtml(view.action)}" class="o-form" data-se="o-form" novalidate>
<div class="o-form-content">
<h2 class="okta-form-title o-form-head">${signInTexts.identifyTitle}</h2>
${errorContainer(view.formError)}
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
${field({
  name: 'identifier',
  label: signInTexts.usernameLabel,
  input: `type="text" value="${escapeHtml(view.identifier)}" autocomplete="username" autocapitalize="none" spellcheck="false" required${view.fieldError || !view.identifier ? ' autofocus' : ''}`,
  error: view.fieldError,
})}
<div class="o-form-fieldset o-form-checkbox" data-se="o-form-fieldset-rememberMe">
<span data-se="o-form-input-rememberMe" class="o-form-input-name-rememberMe"><input type="checkbox" name="rememberMe" id="rememberMe" value="true"${view.rememberMe ? ' checked' : ''}><label for="rememberMe">${signInTexts.rememberMe}</label></span>
</div>
</div>
</div>
<input type="hidden" name="stateHandle" value="${escapeHtml(view.stateHandle)}">
<div class="o-form-button-bar">
<input class="button button-primary" type="submit" value="${signInTexts.next}" data-type="save">
</div>
</form>`;
}

function passwordForm(view: PasswordStep): string {
  return `<form method="post" action="${escapeHtml(view.action)}" class="o-form" data-se="o-form" novalidate>
<div class="o-form-content">
<h2 class="okta-form-title o-form-head">${signInTexts.passwordTitle}</h2>
<div class="identifier-container"><span class="identifier no-translate" data-se="identifier" title="${escapeHtml(view.username)}">${escapeHtml(view.username)}</span></div>
${errorContainer(view.formError)}
<div class="o-form-fieldset-container" data-se="o-form-fieldset-container">
${field({
  name: 'credentials.passcode',
  label: signInTexts.passwordLabel,
  input: 'type="password" autocomplete="current-password" required autofocus',
  error: view.fieldError,
})}
</div>
</div>
<input type="hidden" name="stateHandle" value="${escapeHtml(view.stateHandle)}">
<div class="o-form-button-bar">
<input class="button button-primary" type="submit" value="${signInTexts.verify}" data-type="save">
</div>
</form>
<div class="auth-footer"><a href="${escapeHtml(view.backHref)}" class="link js-go-back" data-se="cancel">${signInTexts.backToSignIn}</a></div>`;
}

function messageBlock(view: MessageStep): string {
  return `<div class="o-form" data-se="o-form">
<div class="o-form-content">
<h2 class="okta-form-title o-form-head">${escapeHtml(view.title)}</h2>
${view.isError ? errorContainer(view.message) : `<p class="okta-form-subtitle o-form-explain">${escapeHtml(view.message)}</p>`}
</div>
</div>`;
}

function errorContainer(message: string | undefined): string {
  const inner = message
    ? `<div class="okta-form-infobox-error infobox infobox-error" role="alert"><p>${escapeHtml(message)}</p></div>`
    : '';
  return `<div class="o-form-error-container${message ? ' o-form-has-errors' : ''}" data-se="o-form-error-container">${inner}</div>`;
}

function field(options: { name: string; label: string; input: string; error?: string }): string {
  const errorId = `${options.name}-error`;
  const invalid = options.error ? ` aria-invalid="true" aria-describedby="${errorId}"` : '';
  return `<div class="o-form-fieldset o-form-label-top${options.error ? ' o-form-has-errors' : ''}" data-se="o-form-fieldset-${options.name}">
<div class="okta-form-label o-form-label"><label for="${options.name}">${options.label}</label></div>
<div class="o-form-input"><span data-se="o-form-input-${options.name}" class="o-form-input-name-${options.name} input-fix"><input name="${options.name}" id="${options.name}" ${options.input}${invalid}></span></div>
${options.error ? `<p class="okta-form-input-error o-form-input-error o-form-explain" id="${errorId}" role="alert">${escapeHtml(options.error)}</p>` : ''}
</div>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;background:#f4f4f4;color:#1d1d21;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
#okta-sign-in{width:100%;max-width:25rem;margin:3rem auto;background:#fff;border:1px solid #d7d7dc;border-radius:6px;box-shadow:0 2px 4px rgba(0,0,0,.06)}
.auth-header{padding:1.5rem 2.5rem 1rem;border-bottom:1px solid #e5e5ea;text-align:center}
.auth-org-logo{margin:0;font-size:1.75rem;font-weight:700;letter-spacing:-.02em;color:#1662dd}
.auth-content{padding:1.5rem 2.5rem 2rem}
.o-form-head{margin:0 0 1rem;font-size:1.25rem;font-weight:600;text-align:center}
.identifier-container{text-align:center;margin:-.5rem 0 1rem}
.identifier{display:inline-block;max-width:100%;padding:.1rem .6rem;border:1px solid #d7d7dc;border-radius:1rem;font-size:.875rem;overflow-wrap:anywhere}
.o-form-fieldset{margin-bottom:1rem}
.o-form-label label{display:block;margin-bottom:.25rem;font-weight:600}
.o-form-input input[type=text],.o-form-input input[type=password]{width:100%;padding:.6rem .75rem;border:1px solid #8c8c96;border-radius:4px;font:inherit}
.o-form-has-errors input[type=text],.o-form-has-errors input[type=password]{border-color:#d93934}
input:focus-visible,a:focus-visible,.button:focus-visible{outline:3px solid #1662dd;outline-offset:2px}
.o-form-checkbox label{margin-left:.4rem}
.o-form-input-error{margin:.25rem 0 0;color:#d93934;font-size:.875rem}
.infobox-error{margin:0 0 1rem;padding:.75rem 1rem;border:1px solid #d93934;border-left-width:4px;border-radius:4px;background:#fff5f5}
.infobox-error p{margin:0}
.button{width:100%;padding:.7rem;border:0;border-radius:4px;font:inherit;font-weight:600;cursor:pointer}
.button-primary{background:#1662dd;color:#fff}
.button-primary:hover{background:#0f4fb5}
.auth-footer{padding:0 2.5rem 1.5rem;text-align:center}
.auth-footer a{color:#1662dd}
.o-form-explain{text-align:center}
`;
