// The Okta-hosted sign-in page: what /oauth2/v1/authorize answers when the user must sign in. It is
// Okta's default page template filled in — the widget's CSS and script (`SignInWidgetResources`),
// the `okta-login-container` element, a global `OktaUtil` that hands the widget its configuration
// (with the IDX state handle as `stateToken`) — and the template's own script:
// `new OktaSignIn(OktaUtil.getSignInWidgetConfig()).renderEl({ el: '#okta-login-container' }, …)`.
// Inline scripts run under a per-response nonce; see `contentSecurityPolicy` for what the widget needs.
// See docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import { randomBytes } from 'node:crypto';
import { Html, html } from '../../../lib/html.ts';
import { WIDGET_ASSETS_PATH, WIDGET_BUNDLES, type WidgetGeneration } from './widget-assets.ts';

export interface HostedPageInput {
  origin: string;
  generation: WidgetGeneration;
  stateToken: string;
  /** `OktaUtil.getRequestContext()`: the app and the authorization request. */
  requestContext: unknown;
}

export interface HostedPage {
  html: string;
  contentSecurityPolicy: string;
}

export function hostedPage(input: HostedPageInput): HostedPage {
  const nonce = randomBytes(18).toString('base64');
  const bundle = WIDGET_BUNDLES[input.generation];
  const assets = `${input.origin}${WIDGET_ASSETS_PATH}`;
  const config = {
    baseUrl: input.origin,
    stateToken: input.stateToken,
    // Labels for other languages, and images, come from the org too (never a CDN).
    assets: { baseUrl: assets },
    language: 'en',
    cspNonce: nonce,
  };
  const oktaData = { signIn: config, requestContext: input.requestContext };
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="robots" content="noindex,nofollow">
<title>Okta - Sign In</title>
<link href="${`${assets}/${bundle.stylesheet}`}" rel="stylesheet" type="text/css">
<script src="${`${assets}/${bundle.script}`}"></script>
</head>
<body>
<div id="okta-login-container"></div>
<script nonce="${nonce}">
var oktaData = ${scriptJson(oktaData)};
window.OktaUtil = {
  getSignInWidgetConfig: function () { return JSON.parse(JSON.stringify(oktaData.signIn)); },
  getRequestContext: function () { return oktaData.requestContext; },
  // The emulated Identity Engine ends every sign-in with a success redirect the widget follows itself.
  completeLogin: function (res) { console.error('OktaUtil.completeLogin: not used by this org', res); }
};
</script>
<script nonce="${nonce}">
var config = OktaUtil.getSignInWidgetConfig();
var oktaSignIn = new OktaSignIn(config);
oktaSignIn.renderEl({ el: '#okta-login-container' }, OktaUtil.completeLogin, function (error) {
  console.log(error.message, error);
});
</script>
</body>
</html>
`;
  return { html: page.value, contentSecurityPolicy: contentSecurityPolicy(nonce) };
}

/**
 * Only the org's own origin, plus the page's nonce for its inline scripts and for the style
 * elements the widget injects (it is given the nonce as `cspNonce`).
 */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): Html {
  return new Html(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  );
}
