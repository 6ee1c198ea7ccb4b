// Recorded ids → the ids the system under test gave the same objects. Learned by walking a
// recorded response and the replayed one side by side: where both hold an id member (by name)
// with different values, the pair is remembered; later requests are rewritten with it.
export class IdMap {
  private readonly ids = new Map<string, string>();

  constructor(private readonly idMembers: ReadonlySet<string>) {}

  learn(recorded: unknown, actual: unknown): void {
    if (Array.isArray(recorded) && Array.isArray(actual)) {
      recorded.forEach((item, i) => {
        this.learn(item, actual[i]);
      });
      return;
    }
    if (!isObject(recorded) || !isObject(actual)) return;
    for (const [key, value] of Object.entries(recorded)) {
      const other = actual[key];
      if (this.idMembers.has(key) && typeof value === 'string' && typeof other === 'string') {
        if (value !== other && !this.ids.has(value)) this.ids.set(value, other);
      } else this.learn(value, other);
    }
  }

  /** Replaces every known recorded id in `text`, as written and percent-encoded (ids in paths). */
  rewrite(text: string): string {
    let out = text;
    // Longest first, so an id that contains another is replaced whole.
    for (const [recorded, actual] of [...this.ids].sort((a, b) => b[0].length - a[0].length)) {
      out = out.split(recorded).join(actual);
      const encoded = encodeURIComponent(recorded);
      if (encoded !== recorded) out = out.split(encoded).join(encodeURIComponent(actual));
    }
    return out;
  }

  get size(): number {
    return this.ids.size;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
