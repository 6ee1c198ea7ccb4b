import { html, type Html } from '../../lib/html.ts';

export interface LayoutOptions {
  title: string;
  signedIn: boolean;
  body: Html;
  /** Extra elements for the head (e.g. a meta refresh). */
  head?: Html;
}

export function layout({ title, signedIn, body, head }: LayoutOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Okta Workforce demo</title>
<link rel="stylesheet" href="/static/app.css">
${head ?? ''}
</head>
<body>
<header class="site">
  <a class="brand" href="/">Okta Workforce × Auth0 demo</a>
  <nav aria-label="Main">
    <a href="/">Home</a>
    ${signedIn ? html`<a href="/profile">Profile</a>` : ''}
  </nav>
</header>
<main id="main">
${body}
</main>
<footer class="site"><p>A relying party on <code>express-openid-connect</code>, signing in through an Auth0 Okta Workforce connection.</p></footer>
</body>
</html>
`.value;
}
