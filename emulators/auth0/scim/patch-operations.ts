// SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON: `add`, `replace` and `remove`
// operations, with or without `path`. Okta's OIN apps send `{"op":"replace","value":{"active":false}}`;
// Entra ID sends `{"op":"Replace","path":"active","value":"False"}` and keys like "name.givenName";
// group membership changes use `add` on `members` and `remove` with `members[value eq "…"]`.
// Hand-written, not `scim-patch`: its 0.8.3 parses paths with a grammar of its own (not the one
// this server's filters and mappings share, scim-filter.ts; it let a path of 3,000 "(" through)
// and throws its own texts ("Invalid SCIM Patch: …"), not the SCIM error bodies Auth0 answers with.
import { isObject, isSchemaUrn, keyOf, parseAttributePath, removeAt, setAt, type AttributePath, type JsonObject } from './scim-filter.ts';
import { scimErrors } from './scim-error.ts';
import { SCIM_SCHEMAS } from './scim-schemas.ts';

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/** Checks a PatchOp request body and returns its operations. */
export function patchOperationsOf(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw scimErrors.invalidSyntax('The request body must be a PatchOp JSON object');
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some(s => typeof s === 'string' && s.toLowerCase() === SCIM_SCHEMAS.patchOp.toLowerCase()))
    throw scimErrors.invalidSyntax(`"schemas" must contain "${SCIM_SCHEMAS.patchOp}"`);
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw scimErrors.invalidSyntax('"Operations" must be a non-empty array');
  return operations.map((operation, i) => {
    if (!isObject(operation)) throw scimErrors.invalidSyntax(`Operations[${i}] must be an object`);
    const op = typeof operation.op === 'string' ? operation.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw scimErrors.invalidSyntax(`Operations[${i}].op must be "add", "replace" or "remove"`);
    if (operation.path !== undefined && typeof operation.path !== 'string') throw scimErrors.invalidPath(`Operations[${i}].path must be a string`);
    if (op === 'remove' && !operation.path) throw scimErrors.noTarget(`Operations[${i}]: "remove" needs a "path"`);
    if (op !== 'remove' && operation.value === undefined) throw scimErrors.invalidValue(`Operations[${i}]: "${op}" needs a "value"`);
    return { op, path: operation.path as string | undefined, value: operation.value };
  });
}

/** Applies the operations to a copy of `resource`; attributes in `readOnly` cannot be changed. */
export function applyPatch(resource: JsonObject, operations: PatchOperation[], readOnly: Set<string>): JsonObject {
  const next = structuredClone(resource);
  for (const operation of operations) {
    if (operation.op === 'remove') {
      const path = parseAttributePath(operation.path!);
      guard(path, readOnly);
      removeAt(next, path);
    } else if (operation.path) {
      const path = parseAttributePath(operation.path);
      guard(path, readOnly);
      write(next, path, operation.value, operation.op);
    } else {
      if (!isObject(operation.value)) throw scimErrors.invalidValue(`"${operation.op}" without a path needs an object value`);
      for (const [key, value] of Object.entries(operation.value)) {
        if (isSchemaUrn(key)) {
          // {"urn:…:enterprise:2.0:User": {"department": "…"}}
          if (!isObject(value)) throw scimErrors.invalidValue(`The value of "${key}" must be an object`);
          for (const [attribute, inner] of Object.entries(value)) {
            const path = parseAttributePath(`${key}:${attribute}`);
            write(next, path, inner, operation.op);
          }
          continue;
        }
        const path = parseAttributePath(key);
        guard(path, readOnly);
        write(next, path, value, operation.op);
      }
    }
  }
  return next;
}

function guard(path: AttributePath, readOnly: Set<string>): void {
  if (!path.schema && readOnly.has(path.attribute.toLowerCase())) throw scimErrors.mutability(`The attribute "${path.attribute}" cannot be modified`);
}

/**
 * `add` to a multi-valued attribute appends (skipping values already there); `add`/`replace` of a
 * complex attribute without a sub-attribute merges its members; otherwise the value is set.
 */
function write(resource: JsonObject, path: AttributePath, value: unknown, op: 'add' | 'replace'): void {
  const current = path.filter || path.subAttribute ? undefined : currentAt(resource, path);
  if (op === 'add' && Array.isArray(current)) {
    const additions = Array.isArray(value) ? value : [value];
    const merged = [...current];
    for (const item of additions) if (!merged.some(existing => JSON.stringify(existing) === JSON.stringify(item))) merged.push(item);
    setAt(resource, path, merged);
    return;
  }
  if (isObject(current) && isObject(value) && !path.filter && !path.subAttribute) {
    setAt(resource, path, { ...current, ...value });
    return;
  }
  setAt(resource, path, value);
}

function currentAt(resource: JsonObject, path: AttributePath): unknown {
  const container = path.schema ? resource[keyOf(resource, path.schema) ?? ''] : resource;
  if (!isObject(container)) return undefined;
  const key = keyOf(container, path.attribute);
  return key === undefined ? undefined : container[key];
}
