// Order-insensitive comparison of URL lists, as reconcile reads them back from either API.
// (Its own module: okta.ts and auth0.ts both import it, and resources.ts imports both of them.)

/** Same strings, in any order; null and undefined count as empty. */
export function sameSet(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
}
