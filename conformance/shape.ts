// Compares the shape of a recorded response body with a replayed one: the member names at the top
// level and inside the named nested objects (e.g. a connection's `options`, or `options.oidc_metadata`
// one level further down), and the JSON type of
// every member both have. Values are not compared: ids, times, secrets and hosts naturally differ.
// An error body is compared the same way, so its shape ({statusCode, error, message, errorCode?})
// is checked too. A bare array is compared by the members its elements have.

export interface ShapeDifference {
  /** Members the recording has and the replay lacks, e.g. `options.schema_version`. */
  missing: string[];
  /** Members the replay has and the recording lacks. */
  extra: string[];
  /** Members whose JSON types differ, as `path: recorded→replayed`. */
  types: string[];
}

export const NO_DIFFERENCE: ShapeDifference = { missing: [], extra: [], types: [] };

export function isSameShape(d: ShapeDifference): boolean {
  return d.missing.length === 0 && d.extra.length === 0 && d.types.length === 0;
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Compares two bodies as received (text). `nested` names the member objects compared inside. */
export function compareShape(recordedBody: string, replayedBody: string, nested: readonly string[]): ShapeDifference {
  const recorded = parseBody(recordedBody);
  const replayed = parseBody(replayedBody);
  if (recorded === undefined || replayed === undefined) {
    if (recorded === undefined && replayed === undefined) return NO_DIFFERENCE;
    return recorded === undefined ? { missing: [], extra: ['(body)'], types: [] } : { missing: ['(body)'], extra: [], types: [] };
  }
  const difference: ShapeDifference = { missing: [], extra: [], types: [] };
  const rootType = [jsonTypeOf(recorded), jsonTypeOf(replayed)];
  if (rootType[0] !== rootType[1]) return { ...difference, types: [`(body): ${rootType[0]}→${rootType[1]}`] };
  if (Array.isArray(recorded)) {
    const left = elementMembers(recorded);
    const right = elementMembers(replayed as unknown[]);
    // An empty recorded list says nothing about its elements.
    if (left.size) compareMembers(left, right, '[].', difference);
    return sorted(difference);
  }
  if (jsonTypeOf(recorded) !== 'object') return difference;
  const recordedObject = recorded as Record<string, unknown>;
  const replayedObject = replayed as Record<string, unknown>;
  compareMembers(membersOf(recordedObject), membersOf(replayedObject), '', difference);
  for (const name of nested) {
    const left = memberAt(recordedObject, name);
    const right = memberAt(replayedObject, name);
    if (jsonTypeOf(left) === 'object' && jsonTypeOf(right) === 'object')
      compareMembers(membersOf(left as Record<string, unknown>), membersOf(right as Record<string, unknown>), `${name}.`, difference);
  }
  return sorted(difference);
}

type Members = Map<string, string>;

/** The member at a dotted path (`options.oidc_metadata`), if every step is an object. */
function memberAt(object: Record<string, unknown>, path: string): unknown {
  let value: unknown = object;
  for (const step of path.split('.')) {
    if (jsonTypeOf(value) !== 'object') return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

function membersOf(object: Record<string, unknown>): Members {
  return new Map(Object.entries(object).map(([key, value]) => [key, jsonTypeOf(value)]));
}

/** The members of the objects in a list, with the type seen first. */
function elementMembers(list: unknown[]): Members {
  const members: Members = new Map();
  for (const item of list)
    if (jsonTypeOf(item) === 'object') for (const [key, type] of membersOf(item as Record<string, unknown>)) if (!members.has(key)) members.set(key, type);
  return members;
}

function compareMembers(recorded: Members, replayed: Members, prefix: string, into: ShapeDifference): void {
  for (const [key, type] of recorded) {
    const other = replayed.get(key);
    if (other === undefined) into.missing.push(prefix + key);
    else if (other !== type) into.types.push(`${prefix}${key}: ${type}→${other}`);
  }
  for (const key of replayed.keys()) if (!recorded.has(key)) into.extra.push(prefix + key);
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text; // a non-JSON body is compared as a string
  }
}

function sorted(d: ShapeDifference): ShapeDifference {
  return { missing: d.missing.sort(), extra: d.extra.sort(), types: d.types.sort() };
}
