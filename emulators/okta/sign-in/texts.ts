// The hosted sign-in page's words, as the Okta Sign-In Widget (Identity Engine) shows them
// (reference §4, widget `login.properties`). Specs find elements by these, so they are exact.
export const signInTexts = {
  identifyTitle: 'Sign In', // primaryauth.title
  usernameLabel: 'Username', // identifier field label
  rememberMe: 'Keep me signed in', // oie.remember
  next: 'Next', // oform.next
  passwordTitle: 'Verify with your password', // oie.password.challenge.title
  passwordLabel: 'Password', // credentials.passcode label
  verify: 'Verify', // mfa.challenge.verify
  backToSignIn: 'Back to sign in', // goback
  signedOut: 'Sign in from an application to continue.', // emulator wording (no app to sign in to)
} as const;

export const signInErrors = {
  /** oie.password.incorrect.message */
  passwordIncorrect: 'Password is incorrect',
  /** idx.unknown.user */
  unknownUser: (username: string) => `There is no account with the Username ${username}.`,
  /** model.validation.field.blank (field error) */
  blank: 'This field cannot be left blank',
  /** oform.errorbanner.title (the form's banner when a field has an error) */
  formHasErrors: 'We found some errors. Please review the form and make corrections.',
  /** idx.error.user.not.assigned.to.app (behaviour flag notAssignedErrorInWidget) */
  notAssigned: 'User is not assigned to this application.',
  /** errors.E0000004 ("Authentication failed"): the widget's generic failure, for users who cannot sign in. */
  unableToSignIn: 'Unable to sign in',
  /** idx.session.expired */
  sessionExpired: 'The session has expired.',
} as const;
