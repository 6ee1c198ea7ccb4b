// Notifications of the user lifecycle changes the Management API makes — assignment to an app,
// unassignment, profile update, deactivation, reactivation — for the parts of the org that act on
// them (SCIM provisioning to apps, scim-push/). As in the real product, that work happens after the
// API call has answered: listeners run one change at a time, in order, after the emitting handler;
// settled() resolves when all of it is done (tests, the control plane).
export type UserLifecycleChange =
  | { type: 'app.user.assigned'; appId: string; userId: string }
  | { type: 'app.user.unassigned'; appId: string; userId: string }
  | { type: 'user.profile.updated'; userId: string }
  | { type: 'user.deactivated'; userId: string }
  | { type: 'user.activated'; userId: string };

export type UserLifecycleListener = (change: UserLifecycleChange) => void | Promise<void>;

export class UserLifecycleEvents {
  #listeners = new Set<UserLifecycleListener>();
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Adds a listener; returns its removal. A listener's failure is its own to report. */
  on(listener: UserLifecycleListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(change: UserLifecycleChange): void {
    const listeners = [...this.#listeners];
    if (!listeners.length) return;
    this.#pending++;
    this.#queue = this.#queue
      .then(async () => {
        for (const listener of listeners) await Promise.resolve(listener(change)).catch(() => undefined);
      })
      .finally(() => {
        this.#pending--;
      });
  }

  /** Resolves when every change emitted so far has been handled. */
  async settled(): Promise<void> {
    while (this.#pending) await this.#queue;
  }
}
