// Where a sign-in transaction stands between its two steps: after the identifier step, who is
// signing in (the password step shows and checks that user). Keyed by the oidc-provider
// interaction uid — the page's state handle — and kept no longer than the interaction.
export interface IdentifiedUser {
  userId: string;
  /** As the user typed it (the password step shows it). */
  username: string;
  rememberMe: boolean;
}

export class SignInState {
  #identified = new Map<string, IdentifiedUser & { expiresAt: number }>();

  identify(uid: string, user: IdentifiedUser, expiresAt: number): void {
    this.#sweep();
    this.#identified.set(uid, { ...user, expiresAt });
  }

  identified(uid: string): IdentifiedUser | undefined {
    const entry = this.#identified.get(uid);
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return { userId: entry.userId, username: entry.username, rememberMe: entry.rememberMe };
  }

  forget(uid: string): void {
    this.#identified.delete(uid);
  }

  clear(): void {
    this.#identified.clear();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [uid, entry] of this.#identified) if (entry.expiresAt <= now) this.#identified.delete(uid);
  }
}
