// What a user's profile and password must satisfy in a default Okta org, and how Okta stores the
// profile: the base schema requires login (an email address by default), email, firstName and
// lastName and knows no other attribute than those of BASE_ATTRIBUTES; logins are unique,
// case-insensitively; the default password policy wants at least 8 characters. Causes are in
// Okta's "field: message" form. Sources: docs/fidelity.md#users
import type { OktaStore, UserProfileRecord } from '../store.ts';
import { failures, type FieldProblem, type OktaApiFailure } from './errors.ts';
import { isObject, type JsonObject } from './request-input.ts';

/** The default user profile schema's attributes (the OpenAPI description's `UserProfile`). */
const BASE_ATTRIBUTES = new Set([
  'login',
  'email',
  'secondEmail',
  'firstName',
  'lastName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'title',
  'displayName',
  'nickName',
  'profileUrl',
  'primaryPhone',
  'mobilePhone',
  'streetAddress',
  'city',
  'state',
  'zipCode',
  'countryCode',
  'postalAddress',
  'preferredLanguage',
  'locale',
  'timezone',
  'userType',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'managerId',
  'manager',
]);
/** Returned even when unset, as null; every other unset attribute is left out. */
const ALWAYS_PRESENT = ['mobilePhone', 'secondEmail'] as const;
/** The order in which a real org writes the attributes every profile has. */
const LEADING = ['firstName', 'lastName', 'mobilePhone', 'secondEmail', 'login', 'email'];

const REQUIRED = ['login', 'firstName', 'lastName', 'email'] as const;
/** The base schema's lengths (spec: the default user schema, `login` 5–100, `firstName`/`lastName` 1–50). */
const LENGTHS: Record<string, { min: number; max: number }> = { login: { min: 5, max: 100 }, firstName: { min: 1, max: 50 }, lastName: { min: 1, max: 50 } };
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
    if (holder && holder.wire.id !== selfId) problems.push({ field: 'login', message: 'An object with this field already exists in the current organization' });
  }
  const email = profile.email;
  if (typeof email === 'string' && email.trim() && !EMAIL.test(email)) problems.push({ field: 'email', message: 'Does not match required pattern' });
  for (const [field, value] of Object.entries(profile))
    if (isObject(value) || Array.isArray(value)) problems.push({ field, message: 'Does not match the attribute type in the profile schema' });
  for (const [field, { min, max }] of Object.entries(LENGTHS)) {
    const value = profile[field];
    if (typeof value !== 'string' || !value.trim()) continue;
    if (value.length > max) problems.push({ field, message: `The field cannot be longer than ${max} characters` });
    else if (value.length < min) problems.push({ field, message: `The field cannot be shorter than ${min} characters` });
  }
  return problems;
}

/**
 * An attribute the schema does not define is refused before anything else, naming the request
 * body (`newUser` on create, `user` on update) as a real org does.
 */
export function undefinedAttributes(profile: JsonObject, body: 'newUser' | 'user'): OktaApiFailure | undefined {
  const unknown = Object.keys(profile).filter(name => !BASE_ATTRIBUTES.has(name));
  return unknown.length ? failures.undefinedProfileProperties(body, unknown) : undefined;
}

/** The profile as stored and returned: null attributes dropped, mobilePhone and secondEmail always there. */
export function storedProfile(profile: JsonObject): UserProfileRecord {
  const set = Object.entries(profile).filter(([, value]) => value !== null && value !== undefined);
  const values = Object.fromEntries(set) as JsonObject;
  for (const name of ALWAYS_PRESENT) values[name] ??= null;
  const ordered: JsonObject = {};
  for (const name of LEADING) if (name in values) ordered[name] = values[name];
  return { ...ordered, ...values } as UserProfileRecord;
}

/**
 * The password in `credentials.password.value`, if the body sets one, and its problems.
 * `credentials` or `credentials.password` of another JSON type than an object does not map onto
 * Okta's model: 400 E0000003, as for any body that does not (never silently ignored).
 */
export function passwordFrom(credentials: unknown): { password?: string; problems: FieldProblem[] } {
  if (credentials === undefined || credentials === null) return { problems: [] };
  if (!isObject(credentials)) throw failures.malformedBody();
  if (credentials.password !== undefined && credentials.password !== null && !isObject(credentials.password)) throw failures.malformedBody();
  if (!isObject(credentials.password) || credentials.password.value === undefined) return { problems: [] };
  const value = credentials.password.value;
  if (typeof value !== 'string') return { problems: [{ field: 'password', message: 'Password must be a string' }] };
  if (value.length < MIN_PASSWORD_LENGTH)
    return {
      problems: [{ field: 'password', message: `Password requirements were not met. Password requirements: at least ${MIN_PASSWORD_LENGTH} characters.` }],
    };
  return { password: value, problems: [] };
}
