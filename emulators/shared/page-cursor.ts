// The opaque cursor both emulators hand out for the next page (Okta's `after`, Auth0's checkpoint
// `next` / `from`): the position, base64url-encoded, so a client passes it back unchanged. Each
// vendor decides what the position is and words its own refusal of a cursor it did not issue.

export function encodeCursor(position: string): string {
  return Buffer.from(position).toString('base64url');
}

/** The position inside a cursor this emulator issued; undefined for anything else (not base64url, or not as encoded here). */
export function decodeCursor(cursor: string): string | undefined {
  const position = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  return position && encodeCursor(position) === cursor ? position : undefined;
}
