// Okta's error page: what the browser shows when an OAuth request cannot be sent back to the client
// (unknown client, unregistered redirect URI, bad logout request). Modelled on the real page's text
// ("Your request resulted in an error.", "Identity Provider: Unknown", "Error Code: …",
// "Description: …", "Go to Homepage"), served as plain HTML with no external assets.
import { html } from '../../../lib/html.ts';
import type { OAuthError } from './okta-error-texts.ts';

const REASON: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

export function errorPageHtml(error: OAuthError): string {
  const status = error.status;
  const reason = REASON[status] ?? (status >= 500 ? 'Server Error' : 'Error');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} ${reason}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1d1d21;background:#f4f4f4}
.error-wrap{max-width:40rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #d7d7dc;border-radius:4px}
.error-title{margin:0;color:#d93934;font-weight:600;text-transform:uppercase;letter-spacing:.05em}
.error-code-http{margin:0;font-size:3rem;font-weight:300}
h1{font-size:1.25rem;margin:1.5rem 0 1rem}
.error-content p,.error-content h2{font-size:1rem;font-weight:400;margin:.5rem 0;overflow-wrap:anywhere}
.nav-button{display:inline-block;margin-top:1.5rem;padding:.6rem 1.2rem;background:#1662dd;color:#fff;text-decoration:none;border-radius:4px}
.nav-button:focus{outline:3px solid #1d1d21;outline-offset:2px}
</style>
</head>
<body>
<main class="error-wrap clearfix" id="okta-error-page">
<div class="error">
<p class="error-code-http" aria-hidden="true">${status}</p>
<p class="error-title">${reason}</p>
</div>
<div class="error-content">
<h1>Your request resulted in an error.</h1>
<p id="error-idp">Identity Provider: Unknown</p>
<p id="error-code">Error Code: ${error.error}</p>
<h2 id="error-description">Description: ${error.error_description}</h2>
<div class="nav-button-bar"><a class="nav-button button-primary" href="/">Go to Homepage</a></div>
</div>
</main>
</body>
</html>
`.value;
}
