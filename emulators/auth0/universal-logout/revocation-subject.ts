// The subject of a global token revocation request body: `{"sub_id": {...}}` (GTR draft -03 and
// later, Okta's guide since June 2025) or `{"subject": {...}}` (Auth0's API reference, older Okta
// guide) — both accepted (docs/fidelity.md#global-token-revocation). Auth0 identifies okta users by the `iss_sub`
// format only ("It uses the iss_sub format to identify users"); any other format is a 400, as
// Okta's contract has it for an unsupported subject format.
import { isObject } from '../json-object.ts';
import { RevocationFailure } from './revocation-failure.ts';

export interface IssSubSubject {
  format: 'iss_sub';
  iss: string;
  sub: string;
  /** Which body member carried it. */
  member: 'sub_id' | 'subject';
}

export function revocationSubjectOf(body: unknown): IssSubSubject {
  const malformed = (description: string, reason: string) => new RevocationFailure(400, 'invalid_request', description, reason);
  if (!isObject(body)) throw malformed('The request body must be a JSON object with a "sub_id" (or "subject") member', 'malformed_body');
  const member = body.sub_id !== undefined ? 'sub_id' : body.subject !== undefined ? 'subject' : undefined;
  if (!member) throw malformed('The request body must have a "sub_id" (or "subject") member', 'missing_subject');
  const subject = body[member];
  if (!isObject(subject)) throw malformed(`"${member}" must be an object`, 'malformed_subject');
  if (typeof subject.format !== 'string' || !subject.format) throw malformed(`"${member}.format" is required`, 'malformed_subject');
  if (subject.format !== 'iss_sub') throw malformed(`Unsupported subject format "${subject.format}": only "iss_sub" is supported`, 'unsupported_format');
  if (typeof subject.iss !== 'string' || !subject.iss) throw malformed(`"${member}.iss" is required for the iss_sub format`, 'malformed_subject');
  if (typeof subject.sub !== 'string' || !subject.sub) throw malformed(`"${member}.sub" is required for the iss_sub format`, 'malformed_subject');
  return { format: 'iss_sub', iss: subject.iss, sub: subject.sub, member };
}
