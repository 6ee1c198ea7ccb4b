// The Global Token Revocation request Okta sends to a logout-enabled app (docs/fidelity.md#universal-logout-sender-and-scim-push):
// a Bearer JWT signed with the org's ID-token key — header typ "global-token-revocation+jwt",
// alg RS256, kid of that key — with iss = the org issuer, sub = the app's client_id, aud = the
// exact endpoint URL, a fresh jti, iat = now, nbf = now − 5 min, exp = now + 5 min; and a JSON body
// naming the user, under `sub_id` (or `subject`, as older docs have it), in the app's subject format.
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import type { OktaOrgContext } from '../org-context.ts';
import type { AppRecord, UniversalLogoutSettings, UserRecord } from '../store.ts';

export const GTR_JWT_TYPE = 'global-token-revocation+jwt';
const WINDOW_SECONDS = 5 * 60;

export interface RevocationRequest {
  token: string;
  jti: string;
  body: Record<string, unknown>;
}

export async function revocationRequest(
  context: OktaOrgContext,
  app: AppRecord,
  settings: UniversalLogoutSettings,
  user: UserRecord,
): Promise<RevocationRequest> {
  const now = Math.floor(Date.now() / 1000);
  const jti = randomUUID();
  const token = await new SignJWT({
    jti,
    iss: context.issuer,
    sub: clientIdOf(app),
    aud: settings.endpoint,
    iat: now,
    nbf: now - WINDOW_SECONDS,
    exp: now + WINDOW_SECONDS,
  })
    .setProtectedHeader({ typ: GTR_JWT_TYPE, alg: context.signingKey.alg, kid: context.signingKey.kid })
    .sign(context.signingKey.privateKey);
  return { token, jti, body: { [settings.subjectMember]: subjectOf(context, settings, user) } };
}

/** The OIDC app's client_id (for other apps, the app instance id, as Okta does for SAML). */
export function clientIdOf(app: AppRecord): string {
  return app.wire.credentials?.oauthClient?.client_id ?? app.wire.id;
}

function subjectOf(context: OktaOrgContext, settings: UniversalLogoutSettings, user: UserRecord): Record<string, string> {
  if (settings.subjectFormat === 'iss_sub') return { format: 'iss_sub', iss: context.issuer, sub: user.wire.id };
  return { format: 'email', email: user.wire.profile.email };
}
