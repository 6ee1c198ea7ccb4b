// Durations as people type them on the command line: `90m`, `6h`, `2d` (also `30s`, `1w`).
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export class DurationError extends Error {
  override name = 'DurationError';
}

export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$/i.exec(text);
  if (!m) throw new DurationError(`"${text}" is not a duration: use a number and a unit, e.g. 90m, 6h or 2d`);
  return Math.round(Number(m[1]) * UNIT_MS[m[2].toLowerCase()]);
}
