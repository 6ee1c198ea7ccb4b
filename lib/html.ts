// A tagged template that escapes every interpolated value unless it is already Html. Pages are
// composed from these, so user data (names, claims, error texts) can never inject markup. One
// module for every server-rendered page: the demo app's, the emulators' hosted pages, the panel.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ESCAPES[c]);
}

type Part = Html | string | number | boolean | null | undefined | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

/** Html parts with a separator between them (the separator is markup of the caller's own). */
export function joinHtml(parts: readonly Html[], separator: string): Html {
  return new Html(parts.map(part => part.value).join(separator));
}
