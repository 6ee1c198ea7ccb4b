// A 404 from either SDK means "gone": reads turn it into undefined, deletes into "absent".
// Okta's OktaApiError carries `status`, Auth0's ManagementError `statusCode`.

export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { status?: number; statusCode?: number };
  if (typeof e?.status === 'number') return e.status;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

export function isNotFound(error: unknown): boolean {
  return httpStatusOf(error) === 404;
}

/** A read where 404 means gone: the value, or undefined. Other errors are thrown. */
export async function undefinedIfNotFound<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A delete where 404 means already gone: 'deleted', or 'absent'. Other errors are thrown. */
export async function deletedOrAbsent(fn: () => Promise<unknown>): Promise<'deleted' | 'absent'> {
  try {
    await fn();
    return 'deleted';
  } catch (error) {
    if (isNotFound(error)) return 'absent';
    throw error;
  }
}
