import { html } from '../../lib/html.ts';
import { layout } from './layout.ts';

/**
 * "Signing you out everywhere…": the app's session is already ended; the browser goes on to the
 * tenant's logout by a new navigation. A redirect would continue the logout form's submission, and
 * Chromium holds every hop of that to the page's CSP `form-action`, which cannot name the identity
 * provider's logout page (Okta's, for federated logout).
 */
export function leavingPage(url: string): string {
  const body = html`
<h1>Signing you out everywhere…</h1>
<p>This app's session has ended. Auth0 and Okta end theirs next.</p>
<p><a class="button" href="${url}">Continue</a></p>`;
  return layout({ title: 'Signing out', signedIn: false, body, head: html`<meta http-equiv="refresh" content="0;url=${url}">` });
}
