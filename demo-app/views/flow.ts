// "How you signed in": each flow of the visitor's own Auth0 session — the login, then any refresh
// or logout — as a sequence diagram (drawn in the page by Mermaid, served from this app) and a table
// of hops with their parameters and the tokens decoded (header and claims; never a signature).
import { flowSummary, type Flow } from '../../inspector/flow.ts';
import { hopRows } from '../../inspector/hop-table.ts';
import { sequenceDiagram } from '../../inspector/sequence-diagram.ts';
import { html } from '../../lib/html.ts';
import { layout } from './layout.ts';

export interface FlowView {
  flows: Flow[];
  source: string;
  cannotSee?: string;
  problem?: string;
}

export function flowPage(view: FlowView): string {
  const body = html`
<h1>How you signed in</h1>
<p class="lead">Every hop of your own sign-in, across the three parties: your browser, this app, Auth0 and Okta. ${view.source}</p>
${view.cannotSee ? html`<p class="note" data-testid="cannot-see">${view.cannotSee}</p>` : ''}
${view.problem ? html`<p role="alert" class="bad">${view.problem}</p>` : ''}
${view.flows.length === 0 ? html`<p>Nothing recorded for this session yet.</p>` : ''}
${view.flows.map(
  (flow, i) => html`
<section class="flow" aria-labelledby="flow-${i}">
  <h2 id="flow-${i}">${flow.kind[0].toUpperCase()}${flow.kind.slice(1)}</h2>
  <p data-testid="flow-summary" class="${flow.failedAt === undefined ? 'ok' : 'bad'}">${flowSummary(flow)}</p>
  <figure class="sequence" aria-label="Sequence diagram of the ${flow.kind}">
    <pre class="mermaid-source">${sequenceDiagram(flow)}</pre>
    <figcaption>Sequence diagram: each arrow is one hop, numbered as in the table.</figcaption>
  </figure>
  <table class="hops">
    <caption>Hops of the ${flow.kind}</caption>
    <thead><tr><th scope="col">#</th><th scope="col">From → to</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Parameters, tokens and notes</th></tr></thead>
    <tbody>${hopRows(flow).map(
      row => html`<tr class="${row.failure ? 'failed' : ''}">
      <td>${row.n}</td><td>${row.parties}</td><td><code>${row.request}</code></td><td>${row.status}${row.durationMs !== undefined ? html`<br><small>${row.durationMs} ms</small>` : ''}</td>
      <td>
        ${row.parameters.length ? html`<ul class="params">${row.parameters.map(p => html`<li><code>${p}</code></li>`)}</ul>` : ''}
        ${row.tokens.map(
          t => html`<details><summary>${t.name}: decoded</summary><pre>${JSON.stringify({ header: t.header, claims: t.claims }, null, 2)}</pre></details>`,
        )}
        ${row.notes.length ? html`<ul class="notes">${row.notes.map(n => html`<li>${n}</li>`)}</ul>` : ''}
        ${row.failure ? html`<p class="bad">Failed: ${row.failure}</p>` : ''}
      </td></tr>`,
    )}</tbody>
  </table>
</section>`,
)}
<script src="/static/vendor/mermaid.min.js"></script>
<script src="/static/flow.js"></script>`;
  return layout({ title: 'How you signed in', signedIn: true, body });
}
