import { html } from '../../lib/html.ts';
import { layout } from './layout.ts';

export interface ErrorView {
  status: number;
  title: string;
  error?: string;
  description?: string;
  signedIn: boolean;
}

export function errorPage(view: ErrorView): string {
  const body = html`
<h1>${view.title}</h1>
<div role="alert" class="error-box">
  ${view.error ? html`<p>Error: <code data-testid="error-code">${view.error}</code></p>` : ''}
  ${view.description ? html`<p data-testid="error-description">${view.description}</p>` : ''}
</div>
<p><a class="button" href="/">Back to the home page</a></p>`;
  return layout({ title: view.title, signedIn: view.signedIn, body });
}
