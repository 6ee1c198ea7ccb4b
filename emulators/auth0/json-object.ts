// A JSON object (not null, not an array), as request bodies, connection options and SCIM
// resources are read throughout the Auth0 tenant emulator.
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
