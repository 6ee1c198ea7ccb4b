// A flow as a Mermaid sequence diagram: one arrow per hop (method, path, status and the names of
// the parameters that matter), a crossed arrow and a note where the flow failed. The same text is
// drawn by Mermaid in the demo app's page and by the report's renderer (inspector/diagram-svg.ts).
import { PARTY_LABELS, type Flow, type Hop, type Party } from './flow.ts';

const ORDER: Party[] = ['browser', 'app', 'auth0', 'okta', 'admin'];
const ALIAS: Record<Party, string> = { browser: 'B', app: 'App', auth0: 'Auth0', okta: 'Okta', admin: 'Admin' };

export function sequenceDiagram(flow: Flow): string {
  const used = new Set(flow.hops.flatMap(h => [h.from, h.to]));
  const lines = ['sequenceDiagram'];
  for (const party of ORDER) if (used.has(party)) lines.push(`  ${party === 'browser' ? 'actor' : 'participant'} ${ALIAS[party]} as ${PARTY_LABELS[party]}`);
  flow.hops.forEach((hop, i) => {
    const failed = flow.failedAt === i;
    const arrow = failed ? '-x' : hop.from === 'auth0' && hop.to === 'app' ? '-)' : '->>';
    lines.push(`  ${ALIAS[hop.from]}${arrow}${ALIAS[hop.to]}: ${label(`${failed ? '✗ ' : ''}${i + 1}. ${hopLabel(hop)}`)}`);
    if (failed && hop.failure) lines.push(`  Note over ${ALIAS[hop.from]},${ALIAS[hop.to]}: ${label(`failed: ${hop.failure}`)}`);
  });
  return lines.join('\n') + '\n';
}

/** Short enough to fit between two lifelines; the parameters are in the table of hops. */
function hopLabel(hop: Hop): string {
  return `${hop.method} ${pathOf(hop.url)} → ${hop.status ?? 'no answer'}`;
}

/** Mermaid reads `;` and `#` as syntax, and angle brackets as markup. */
function label(text: string): string {
  return text
    .replace(/[;#<>{}]/g, ' ')
    .replace(/\s+/g, ' ')
    .slice(0, 120);
}

function pathOf(url: string): string {
  try {
    const path = new URL(url).pathname;
    // Ids in paths make long labels: keep their first characters.
    return path.replace(/\/([A-Za-z0-9_-]{16,})/g, (_m, id: string) => `/${id.slice(0, 6)}…`);
  } catch {
    return url;
  }
}
