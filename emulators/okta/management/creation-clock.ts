// Creation timestamps that strictly increase within one org. Lists are in creation order and
// their cursors carry (created, id); distinct `created` values keep that order exact even when a
// burst of creates lands in one millisecond and the cursor's own item is deleted between pages.
// The cost: a timestamp can run up to a few milliseconds ahead during such a burst.
import type { OktaStore } from '../store.ts';

const lastCreated = new WeakMap<OktaStore, number>();

export function creationTime(store: OktaStore): string {
  const time = Math.max(Date.now(), (lastCreated.get(store) ?? 0) + 1);
  lastCreated.set(store, time);
  return new Date(time).toISOString();
}
