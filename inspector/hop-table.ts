// A flow as a table of hops, for a terminal or a report attachment (text) and for the demo app's
// page (rows of cells, escaped by the page). Tokens appear decoded: header and claims, never the
// signature.
import type { DecodedToken } from '../lib/decoded-token.ts';
import { PARTY_LABELS, flowSummary, type Flow, type Hop } from './flow.ts';

export interface HopRow {
  n: number;
  parties: string;
  request: string;
  status: string;
  parameters: string[];
  tokens: DecodedToken[];
  notes: string[];
  failure?: string;
  durationMs?: number;
}

export function hopRows(flow: Flow): HopRow[] {
  return flow.hops.map((hop, i) => ({
    n: i + 1,
    parties: `${PARTY_LABELS[hop.from]} → ${PARTY_LABELS[hop.to]}`,
    request: `${hop.method} ${hop.url}`,
    status: hop.status === undefined ? 'no answer' : String(hop.status),
    parameters: [...parameterLines(hop.params), ...(hop.redirect ? [`→ ${hop.redirect}`] : []), ...parameterLines(hop.answer).map(l => `answer ${l}`)],
    tokens: hop.tokens,
    notes: hop.notes,
    failure: hop.failure,
    durationMs: hop.durationMs,
  }));
}

function parameterLines(params: Record<string, unknown>): string[] {
  return Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
}

/** The flow as plain text: a summary line, then each hop with its parameters, tokens and notes. */
export function hopTableText(flow: Flow, options: { tokens?: boolean } = {}): string {
  const out = [flowSummary(flow), ''];
  for (const row of hopRows(flow)) {
    const mark = row.failure ? '✗' : ' ';
    out.push(
      `${mark}${String(row.n).padStart(3)}  ${row.parties.padEnd(22)} ${row.request}  ${row.status}${row.durationMs !== undefined ? ` (${row.durationMs} ms)` : ''}`,
    );
    for (const line of row.parameters) out.push(`        ${line}`);
    if (options.tokens !== false)
      for (const token of row.tokens) out.push(`        ${token.name}: header ${JSON.stringify(token.header)} claims ${JSON.stringify(token.claims)}`);
    for (const note of row.notes) out.push(`        · ${note}`);
    if (row.failure) out.push(`        ✗ failed: ${row.failure}`);
  }
  return out.join('\n') + '\n';
}
