// Wire<T>: the JSON form of an SDK model type. The official SDKs deserialise timestamps into
// Date objects; on the wire they are ISO-8601 strings. Using the SDK's own model types through
// this mapping lets the compiler check the emulators' payloads against the SDKs' contracts.
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** ISO-8601 with milliseconds, as both vendors send it. */
export function now(): string {
  return new Date().toISOString();
}
