// Sign-in transactions of the Identity Engine, by state handle. /oauth2/v1/authorize opens one when
// the user must sign in (its oidc-provider interaction waits for the outcome) and hands its state
// handle to the hosted page (`stateToken`); the IDX endpoints move it from step to step; the
// success redirect (/login/token/redirect) consumes it. A state handle is a bearer capability: it
// is random, lives no longer than the interaction, and works once to its end.
import { randomBytes } from 'node:crypto';

export type TransactionStep = 'identify' | 'challenge-password' | 'authenticated';

export interface IdxTransaction {
  readonly stateHandle: string;
  /** The oidc-provider interaction the authorization request is waiting in. */
  readonly interactionUid: string;
  readonly clientId: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  /** Pre-fills the username: the request's `login_hint`, or the signed-in user's on re-authentication. */
  readonly usernameHint?: string;
  /** The authorization request's parameters (for the request context the hosted page exposes). */
  readonly request: Record<string, string>;
  step: TransactionStep;
  /** Who is signing in, once identified; the username as they typed it. */
  userId?: string;
  identifier?: string;
  rememberMe: boolean;
}

export interface OpenTransaction {
  interactionUid: string;
  clientId: string;
  expiresAt: number;
  usernameHint?: string;
  request: Record<string, string>;
}

export class IdxTransactions {
  #byStateHandle = new Map<string, IdxTransaction>();

  open(input: OpenTransaction): IdxTransaction {
    this.#sweep();
    // Okta's state handles start with "02"; the rest is opaque.
    const stateHandle = `02.id.${randomBytes(30).toString('base64url')}`;
    const transaction: IdxTransaction = { ...input, stateHandle, step: 'identify', rememberMe: false };
    this.#byStateHandle.set(stateHandle, transaction);
    return transaction;
  }

  /** The live transaction of a state handle, or undefined when unknown, used or expired. */
  find(stateHandle: unknown): IdxTransaction | undefined {
    if (typeof stateHandle !== 'string') return undefined;
    const transaction = this.#byStateHandle.get(stateHandle);
    if (!transaction) return undefined;
    if (transaction.expiresAt <= Date.now()) {
      this.#byStateHandle.delete(stateHandle);
      return undefined;
    }
    return transaction;
  }

  /** Back to the identify step (cancel, or a refusal that starts over). */
  restart(transaction: IdxTransaction): void {
    transaction.step = 'identify';
    transaction.userId = undefined;
    transaction.identifier = undefined;
    transaction.rememberMe = false;
  }

  end(transaction: IdxTransaction): void {
    this.#byStateHandle.delete(transaction.stateHandle);
  }

  clear(): void {
    this.#byStateHandle.clear();
  }

  #sweep(): void {
    const now = Date.now();
    for (const [handle, transaction] of this.#byStateHandle) if (transaction.expiresAt <= now) this.#byStateHandle.delete(handle);
  }
}
