// Files that hold secrets (keys, credentials) are owner-only: mode 0600 from the first byte, and
// chmod again in case the file already existed with a wider mode.
import { chmodSync, writeFileSync } from 'node:fs';

export function writeSecret(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}
