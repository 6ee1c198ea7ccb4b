// The replay engine, the same for any vendor: sends each recorded request, in order, to the system
// under test (an emulator), with the recorded ids replaced by the ones the emulator gave the same
// objects and the recorded upstream hosts by local ones, and compares each answer with the
// recorded one: status, member names (top level and the nested objects named), JSON types.
// A vendor supplies a ReplayTarget; what differs on purpose is declared in known differences.
import type { Cassette, RecordedInteraction } from './cassette.ts';
import { IdMap } from './id-map.ts';
import { compareShape, isSameShape, type ShapeDifference } from './shape.ts';

export interface ReplayRequest {
  method: string;
  /** Path and query, as recorded (ids and hosts already rewritten). */
  path: string;
  /** JSON text, or undefined when the recorded request had none. */
  body?: string;
}

export interface ReplayResponse {
  status: number;
  body: string;
}

export interface ReplayTarget {
  send(request: ReplayRequest): Promise<ReplayResponse>;
  /** Recorded host → host of the local stand-in, replaced in request paths and bodies (e.g. an IdP's domain). */
  hosts: Record<string, string>;
  /** Member names whose values are ids worth mapping (`id`, `client_id`…). */
  idMembers: readonly string[];
  /**
   * Nested objects whose members are compared too (e.g. `options`, `options.oidc_metadata`), for
   * every interaction or chosen per interaction.
   */
  nested: readonly string[] | ((interaction: RecordedInteraction) => readonly string[]);
  /** The area an interaction belongs to, for the figures; undefined leaves it out of the replay. */
  areaOf(interaction: RecordedInteraction): string | undefined;
}

/** Members the real service added after some cassettes were recorded: present in newer recordings. */
export interface LaterAddition {
  cassettes: readonly string[];
  /** Member paths as the comparison names them, e.g. `authentication`. */
  members: readonly string[];
  why: string;
}

export interface InteractionResult {
  cassette: string;
  index: number;
  area: string;
  method: string;
  /** Recorded path and query. */
  path: string;
  recordedStatus: number;
  replayedStatus: number;
  shape: ShapeDifference;
  /** Later-addition members that the replay had and the recording lacks (not counted as differences). */
  laterAdditions: string[];
}

export async function replayCassette(cassette: Cassette, target: ReplayTarget, later: readonly LaterAddition[] = []): Promise<InteractionResult[]> {
  const ids = new IdMap(new Set(target.idMembers));
  const addedLater = new Set(later.filter(l => l.cassettes.includes(cassette.name)).flatMap(l => l.members));
  const results: InteractionResult[] = [];
  for (const interaction of cassette.interactions) {
    const area = target.areaOf(interaction);
    if (!area) continue;
    // Hosts also appear in paths (an API addressed by its identifier, a URL of the recorded tenant).
    const path = ids.rewrite(replaceHosts(interaction.url.pathname + interaction.url.search, target.hosts));
    const sendsBody = !['GET', 'DELETE', 'HEAD'].includes(interaction.method) && interaction.requestBody.trim() !== '';
    const body = sendsBody ? ids.rewrite(replaceHosts(interaction.requestBody, target.hosts)) : undefined;
    const response = await target.send({ method: interaction.method, path, body });
    const nested = typeof target.nested === 'function' ? target.nested(interaction) : target.nested;
    const shape = compareShape(interaction.responseBody, response.body, nested);
    const laterAdditions = shape.extra.filter(member => addedLater.has(member));
    shape.extra = shape.extra.filter(member => !addedLater.has(member));
    if (interaction.status === response.status) learnIds(ids, interaction.responseBody, response.body);
    results.push({
      cassette: cassette.name,
      index: interaction.index,
      area,
      method: interaction.method,
      path: interaction.url.pathname + interaction.url.search,
      recordedStatus: interaction.status,
      replayedStatus: response.status,
      shape,
      laterAdditions,
    });
  }
  return results;
}

function learnIds(ids: IdMap, recordedBody: string, replayedBody: string): void {
  try {
    ids.learn(JSON.parse(recordedBody), JSON.parse(replayedBody));
  } catch {
    // an empty or non-JSON body names no id
  }
}

function replaceHosts(text: string, hosts: Record<string, string>): string {
  let out = text;
  for (const [recorded, local] of Object.entries(hosts)) out = out.split(recorded).join(local);
  return out;
}

export interface AreaFigures {
  area: string;
  interactions: number;
  statusMatches: number;
  keySetMatches: number;
  typeMatches: number;
}

/** Per area: how many interactions had the recorded status, the recorded member names, the recorded types. */
export function figuresByArea(results: readonly InteractionResult[]): AreaFigures[] {
  const byArea = new Map<string, AreaFigures>();
  const total: AreaFigures = { area: 'all', interactions: 0, statusMatches: 0, keySetMatches: 0, typeMatches: 0 };
  for (const r of results) {
    const figures = byArea.get(r.area) ?? { area: r.area, interactions: 0, statusMatches: 0, keySetMatches: 0, typeMatches: 0 };
    byArea.set(r.area, figures);
    for (const f of [figures, total]) {
      f.interactions++;
      if (r.recordedStatus === r.replayedStatus) f.statusMatches++;
      if (!r.shape.missing.length && !r.shape.extra.length) f.keySetMatches++;
      if (!r.shape.types.length) f.typeMatches++;
    }
  }
  return [...[...byArea.values()].sort((a, b) => a.area.localeCompare(b.area)), total];
}

export function formatFigures(figures: readonly AreaFigures[]): string {
  const pct = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;
  const width = Math.max(...figures.map(f => f.area.length));
  return figures
    .map(
      f =>
        `${f.area.padEnd(width)}  status ${pct(f.statusMatches, f.interactions)}  key set ${pct(f.keySetMatches, f.interactions)}  types ${pct(f.typeMatches, f.interactions)}`,
    )
    .join('\n');
}

/** A difference the suite knows of and explains: the interactions it covers must show exactly it. */
export interface KnownDifference {
  cassette: string;
  interactions: readonly number[];
  /** The recorded→replayed status, when they differ. */
  status?: readonly [number, number];
  missing?: readonly string[];
  extra?: readonly string[];
  types?: readonly string[];
  why: string;
}

export interface KnownDifferenceCheck {
  /** Interactions that differ from the recording in a way no known difference explains. */
  unexplained: InteractionResult[];
  /** Known differences (with the interactions) that no longer occur: fixed, so remove them from the list. */
  stale: { known: KnownDifference; index: number }[];
}

export function checkKnownDifferences(results: readonly InteractionResult[], known: readonly KnownDifference[]): KnownDifferenceCheck {
  const unexplained: InteractionResult[] = [];
  const used = new Set<string>();
  for (const r of results) {
    const differs = r.recordedStatus !== r.replayedStatus || !isSameShape(r.shape);
    const entry = known.find(k => k.cassette === r.cassette && k.interactions.includes(r.index));
    if (!differs) continue;
    if (entry && explains(entry, r)) used.add(`${r.cassette}#${r.index}`);
    else unexplained.push(r);
  }
  const stale = known.flatMap(k => k.interactions.filter(i => !used.has(`${k.cassette}#${i}`)).map(index => ({ known: k, index })));
  return { unexplained, stale };
}

function explains(k: KnownDifference, r: InteractionResult): boolean {
  const same = (a: readonly string[] | undefined, b: readonly string[]) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());
  const status = k.status ?? [r.recordedStatus, r.recordedStatus];
  return (
    status[0] === r.recordedStatus &&
    status[1] === r.replayedStatus &&
    same(k.missing, r.shape.missing) &&
    same(k.extra, r.shape.extra) &&
    same(k.types, r.shape.types)
  );
}

/** One line per difference, for failure messages. */
export function describeResult(r: InteractionResult): string {
  const parts = [];
  if (r.recordedStatus !== r.replayedStatus) parts.push(`status ${r.recordedStatus}→${r.replayedStatus}`);
  if (r.shape.missing.length) parts.push(`missing ${r.shape.missing.join(', ')}`);
  if (r.shape.extra.length) parts.push(`extra ${r.shape.extra.join(', ')}`);
  if (r.shape.types.length) parts.push(`types ${r.shape.types.join(', ')}`);
  return `${r.cassette}#${r.index} ${r.method} ${r.path}: ${parts.join('; ')}`;
}
