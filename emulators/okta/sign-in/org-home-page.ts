// GET / : the org's own page, where the browser lands after /oauth2/v1/logout without a
// post_logout_redirect_uri. A real org shows its sign-in page for the Okta End-User Dashboard there;
// the dashboard is not emulated, so this page says where to sign in instead.
import type { Request, Response } from 'express';

const HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<title>Okta</title>
<style>body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f4f4f4;color:#1d1d21}main{max-width:25rem;margin:3rem auto;padding:2rem 2.5rem;background:#fff;border:1px solid #d7d7dc;border-radius:6px;text-align:center}h1{font-size:1.25rem;margin:0 0 1rem}</style>
</head>
<body>
<main>
<h1>Sign In</h1>
<p>Sign in from an application to continue.</p>
</main>
</body>
</html>
`;

export function orgHomePage(_req: Request, res: Response): void {
  res.status(200).type('html').set('Cache-Control', 'no-store').send(HTML);
}
