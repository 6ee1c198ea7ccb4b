// Whether a password answer signs the user in, and what the Identity Engine says when it does not.
// The user's status is judged before the password, so a user who may not sign in learns nothing
// about it from trying passwords. The default password policy's lockout counts wrong passwords:
// the one that reaches its limit makes the user LOCKED_OUT and is answered with the lockout
// message; a good password resets the count (so does the Management API's unlock).
// See docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import { verifyPassword, type UserRecord } from '../../store.ts';
import { DEFAULT_PASSWORD_POLICY_LOCKOUT } from '../../policies/default-policies.ts';
import { idxMessages, type Message } from './messages.ts';

export type PasswordCheck = { ok: true } | { ok: false; message: Message; outcome: string };

/** `currentUser` reads the user from the store: called again once the hash is done. */
export async function checkPassword(currentUser: () => UserRecord | undefined, passcode: string): Promise<PasswordCheck> {
  const before = statusRefusal(currentUser());
  if (before) return before;
  const matches = await verifyPassword(passcode, currentUser()!.passwordHash);
  // The hash runs off the event loop: the user may have been deleted, locked out by a parallel
  // attempt or suspended meanwhile, so the status is judged again on the hash's return.
  const user = currentUser();
  const after = statusRefusal(user);
  if (after) return after;
  const status = user!.wire.status;
  if (!matches) {
    user!.failedPasswordAttempts = (user!.failedPasswordAttempts ?? 0) + 1;
    if (status === 'ACTIVE' && user!.failedPasswordAttempts >= DEFAULT_PASSWORD_POLICY_LOCKOUT.maxAttempts) {
      const time = new Date().toISOString();
      Object.assign(user!.wire, { status: 'LOCKED_OUT', statusChanged: time, lastUpdated: time });
      return refused(idxMessages.factorSuspended(), 'locked_out_now');
    }
    return refused(idxMessages.incorrectPassword(), 'wrong_password');
  }
  user!.failedPasswordAttempts = 0;
  // Okta would now ask for a new password; changing it is not emulated.
  if (status === 'PASSWORD_EXPIRED') return refused(idxMessages.authenticationFailed(), 'password_expired');
  return { ok: true };
}

/** Users who may not sign in, whatever the password. */
function statusRefusal(user: UserRecord | undefined): PasswordCheck | undefined {
  // Deleted since it was identified.
  if (!user) return refused(idxMessages.authenticationFailed(), 'user_deleted');
  const status = user.wire.status;
  if (status === 'LOCKED_OUT') return refused(idxMessages.factorSuspended(), 'user_locked_out');
  // STAGED and PROVISIONED (not activated, no password), RECOVERY, SUSPENDED, DEPROVISIONED.
  if (status !== 'ACTIVE' && status !== 'PASSWORD_EXPIRED') return refused(idxMessages.authenticationFailed(), `user_${status.toLowerCase()}`);
  return undefined;
}

function refused(message: Message, outcome: string): PasswordCheck {
  return { ok: false, message, outcome };
}
