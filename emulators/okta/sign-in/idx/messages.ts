// The messages the Identity Engine puts in IDX responses, as the server words them, with the i18n
// key the widget looks up first (so what a person reads is the widget's own text for that key, e.g.
// "Unable to sign in" for errors.E0000004). Sources in docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import type { IdxMessage } from '@okta/okta-auth-js';

export type IdxMessageClass = 'ERROR' | 'WARNING' | 'INFO';

export type Message = IdxMessage & { class: IdxMessageClass };

export const idxMessages = {
  /** A wrong password at the password challenge. */
  incorrectPassword: (): Message => ({ message: 'Password is incorrect', i18n: { key: 'incorrectPassword' }, class: 'ERROR' }),
  /** A user who may not sign in (deactivated, suspended, not yet activated…), whatever the password. */
  authenticationFailed: (): Message => ({ message: 'Authentication failed', i18n: { key: 'errors.E0000004' }, class: 'ERROR' }),
  /** A locked-out user: the password authenticator is suspended. */
  factorSuspended: (): Message => ({
    message: 'This factor is suspended for your account due to too many failed attempts',
    i18n: { key: 'authfactor.challenge.suspended_factor' },
    class: 'ERROR',
  }),
  /** No user has this username (identify step; the widget shows it above the form). */
  unknownUser: (identifier: string): Message => ({
    message: `There is no account with the Username ${identifier}.`,
    i18n: { key: 'idx.unknown.user', params: [] },
    class: 'WARNING',
  }),
  /** The user is not assigned to the app (behaviour notAssignedErrorInWidget). */
  userNotAssigned: (): Message => ({
    message: 'User is not assigned to this application.',
    i18n: { key: 'idx.error.user.not.assigned.to.app' },
    class: 'ERROR',
  }),
  /** An unknown, used or expired state handle. */
  sessionExpired: (): Message => ({ message: 'The session has expired.', i18n: { key: 'idx.session.expired' }, class: 'ERROR' }),
  /** A required field sent empty (the widget checks this itself before sending). */
  blank: (): Message => ({ message: 'This field cannot be left blank', i18n: { key: 'model.validation.field.blank' }, class: 'ERROR' }),
};
