// Draws each flow's sequence diagram from the Mermaid text the page carries. An external script, as
// the page's Content-Security-Policy allows scripts from this origin only (no inline script).
/* global mermaid */
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', sequence: { useMaxWidth: true } });
const sources = [...document.querySelectorAll('figure.sequence pre.mermaid-source')];
Promise.all(
  sources.map(async (source, i) => {
    const { svg } = await mermaid.render(`flow-diagram-${i}`, source.textContent);
    const drawing = document.createElement('div');
    drawing.className = 'diagram';
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', source.closest('figure').getAttribute('aria-label'));
    drawing.innerHTML = svg;
    source.hidden = true;
    source.before(drawing);
  }),
).then(
  () => document.body.setAttribute('data-diagrams', 'drawn'),
  error => document.body.setAttribute('data-diagrams', `failed: ${error.message}`),
);
