// The hop being answered, carried through the async calls of a request: hop-recorder.ts opens it,
// the event log (event-log.ts) tags what is recorded meanwhile with its id. A module of its own so
// that neither of the two imports the other.
import { AsyncLocalStorage } from 'node:async_hooks';

/** The hop being answered in this async context, so that code deep in a handler can add to it. */
export interface HopInProgress {
  id: string;
  keys: Set<string>;
  notes: string[];
}

const inProgress = new AsyncLocalStorage<HopInProgress>();

/** The id of the hop being answered (for events recorded meanwhile); undefined outside a request. */
export function currentHopId(): string | undefined {
  return inProgress.getStore()?.id;
}

/** Adds correlation keys (e.g. `idx:{digest}`) or a note to the hop being answered. */
export function noteHop({ keys = [], note }: { keys?: string[]; note?: string }): void {
  const hop = inProgress.getStore();
  if (!hop) return;
  for (const key of keys) hop.keys.add(key);
  if (note) hop.notes.push(note);
}

/** Runs `answer` with `hop` as the hop in progress. */
export function runInHop(hop: HopInProgress, answer: () => void): void {
  inProgress.run(hop, answer);
}
