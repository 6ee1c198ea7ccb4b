// What a user's profile and password must satisfy in a default Okta org: the base schema requires
// login (an email address by default), email, firstName and lastName; logins are unique,
// case-insensitively; the default password policy wants at least 8 characters. Causes are in
// Okta's "field: message" form (rapid7/insightconnect-plugins#315 shows the blank-field texts,
// reference §2.3 the duplicate-login text).
import type { OktaStore } from '../store.ts';
import type { FieldProblem } from './errors.ts';
import { isObject, type JsonObject } from './request-input.ts';

const REQUIRED = ['login', 'firstName', 'lastName', 'email'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 8;

/** Problems with a complete profile; `selfId` excludes the user being updated from the duplicate check. */
export function profileProblems(profile: JsonObject, store: OktaStore, selfId?: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of REQUIRED) {
    const value = profile[field];
    if (typeof value !== 'string' || !value.trim()) problems.push({ field, message: 'The field cannot be left blank' });
  }
  const login = profile.login;
  if (typeof login === 'string' && login.trim()) {
    if (!EMAIL.test(login)) problems.push({ field: 'login', message: 'Username must be in the form of an email address' });
    const holder = store.findUser(login);
    if (holder && holder.wire.id !== selfId)
      problems.push({ field: 'login', message: 'An object with this field already exists in the current organization' });
  }
  const email = profile.email;
  if (typeof email === 'string' && email.trim() && !EMAIL.test(email)) problems.push({ field: 'email', message: 'Does not match required pattern' });
  for (const [field, value] of Object.entries(profile))
    if (isObject(value)) problems.push({ field, message: 'Does not match the attribute type in the profile schema' });
  return problems;
}

/** The password in `credentials.password.value`, if the body sets one, and its problems. */
export function passwordFrom(credentials: unknown): { password?: string; problems: FieldProblem[] } {
  if (!isObject(credentials) || !isObject(credentials.password) || credentials.password.value === undefined) return { problems: [] };
  const value = credentials.password.value;
  if (typeof value !== 'string') return { problems: [{ field: 'password', message: 'Password must be a string' }] };
  if (value.length < MIN_PASSWORD_LENGTH)
    return {
      problems: [{ field: 'password', message: `Password requirements were not met. Password requirements: at least ${MIN_PASSWORD_LENGTH} characters.` }],
    };
  return { password: value, problems: [] };
}
