// A flow's sequence diagram as an SVG file, drawn in Node from the same Mermaid text the demo app's
// page draws in the browser (no browser needed: the report attaches one per flow, for every spec).
import { renderMermaidSVG } from 'beautiful-mermaid';
import type { Flow } from './flow.ts';
import { sequenceDiagram } from './sequence-diagram.ts';

export function diagramSvg(flow: Flow): string {
  // The renderer links a web font; the report must open offline and fetch nothing, so the system font it falls back to is used.
  return renderMermaidSVG(sequenceDiagram(flow), {
    font: 'system-ui',
    fg: '#1c1f24',
    line: '#5b6472',
    accent: '#3a48c9',
    muted: '#39404a',
    padding: 24,
  }).replace(/@import url\([^)]*\);\s*/g, '');
}
