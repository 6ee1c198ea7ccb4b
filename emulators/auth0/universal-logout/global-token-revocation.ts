// POST /oauth/global-token-revocation/connection/{connection_name}: the receiving end of Okta
// Universal Logout (docs/fidelity.md#global-token-revocation). Checks, in order:
//   1. the connection exists and is an okta/oidc connection      → else 404
//   2. an Authorization: Bearer header is present                 → else 400
//   3. the JWT (signature against the connection's Okta JWKS, typ, iss, sub = client_id,
//      aud = this exact URL, nbf/exp, jti not replayed)             → else 401
//   4. the body names an iss_sub subject (sub_id or subject)       → else 400
// then resolves the user okta|{connection}|{sub}, ends all the user's Auth0 sessions (back-channel
// logout goes to the applications of those sessions, initiator idp-logout), and revokes the user's
// refresh tokens — not access tokens. Success: 204 (or 200, Auth0Behaviour). An unknown user is
// not an error that leaks existence: the same 2xx, with no effect (404 behind a flag). A refused
// request revokes nothing. Every request is recorded as `auth0.global_token_revocation`.
import express, { type Request, type Response, type Router } from 'express';
import type { Auth0TenantContext } from '../tenant-context.ts';
import { connectionUserId, type WireConnection } from '../store.ts';
import { renderAuthenticationFault } from '../authentication/fault-responses.ts';
import { endUserAccess } from '../scim/user-access.ts';
import { OktaKeySets, oktaIssuerOf } from './okta-key-sets.ts';
import { RevocationFailure } from './revocation-failure.ts';
import { finalErrorHandler, requestProblem } from '../../shared/request-errors.ts';
import { rawBody } from '../../shared/request-parsers.ts';
import { globalTokenRevocationProblem } from '../request-problems.ts';
import { revocationSubjectOf, type IssSubSubject } from './revocation-subject.ts';
import { bearerTokenOf, JtiReplayGuard, verifyRevocationToken, type VerifiedRevocationToken } from './revocation-token.ts';

export const GTR_PATH_PREFIX = '/oauth/global-token-revocation/connection/';
/** Strategies whose GTR requests are checked against the upstream OIDC issuer and client_id. */
const OIDC_STRATEGIES = new Set(['okta', 'oidc']);
const BODY_LIMIT = '16kb';

export interface GlobalTokenRevocation {
  routes: Router;
  /** Forgets the jti values seen (control-plane reset). */
  reset(): void;
}

export function globalTokenRevocation(context: Auth0TenantContext): GlobalTokenRevocation {
  const keySets = new OktaKeySets(context.fetch);
  const replay = new JtiReplayGuard();
  const router = express.Router();

  router.post(
    `${GTR_PATH_PREFIX}:connectionName`,
    context.faults.middleware(renderAuthenticationFault),
    // Read as bytes: the body is checked only after the token, so a bad token is a 401 whatever the body.
    rawBody(BODY_LIMIT),
    async (req: Request, res: Response) => {
      const name = String(req.params.connectionName);
      const detail: Record<string, unknown> = { connection: name };
      try {
        const connection = context.store.connectionByName(name);
        if (!connection || !OIDC_STRATEGIES.has(connection.strategy))
          throw new RevocationFailure(
            404,
            'invalid_request',
            `The connection "${name}" does not exist or does not accept global token revocation`,
            'unknown_connection',
          );
        const token = await verifyRevocationToken(bearerTokenOf(req.headers.authorization), connection, endpointUrl(context, name), keySets, replay);
        detail.jti = token.jti;
        const subject = revocationSubjectOf(parseJson(req.body));
        detail.subject_member = subject.member;
        await revoke(context, connection, token, subject, res, detail);
      } catch (error) {
        const failure =
          error instanceof RevocationFailure ? error : new RevocationFailure(500, 'server_error', 'Unexpected error while revoking', 'server_error');
        if (!(error instanceof RevocationFailure)) detail.error = error;
        context.events.record('auth0.global_token_revocation', {
          ...detail,
          outcome: 'failure',
          log_type: 'universal_logout_failed',
          status: failure.status,
          reason: failure.reason,
        });
        if (failure.status === 401)
          res.setHeader('WWW-Authenticate', `Bearer error="invalid_token", error_description="${failure.description.replace(/"/g, "'")}"`);
        failure.send(res);
      }
    },
  );
  // Only POST is defined for the endpoint.
  router.all(`${GTR_PATH_PREFIX}:connectionName`, (_req, res) => {
    res.status(405).set('Allow', 'POST').json({ error: 'invalid_request', error_description: 'Method not allowed: use POST' });
  });

  // A body over the limit, a connection name that does not decode, anything before the handler:
  // recorded as a failed revocation, answered in the endpoint's shape.
  router.use(GTR_PATH_PREFIX, (error: unknown, _req: Request, _res: Response, next: (err?: unknown) => void) => {
    const found = requestProblem(error);
    context.events.record('auth0.global_token_revocation', {
      outcome: 'failure',
      log_type: 'universal_logout_failed',
      status: found.status,
      reason: found.kind,
    });
    next(error);
  });
  router.use(GTR_PATH_PREFIX, finalErrorHandler({ events: context.events, surface: 'auth0.global_token_revocation', render: globalTokenRevocationProblem }));

  return { routes: router, reset: () => replay.clear() };
}

/** The exact URL the JWT's aud must name: https://{domain}/oauth/global-token-revocation/connection/{name}. */
export function endpointUrl(context: Pick<Auth0TenantContext, 'origin'>, connectionName: string): string {
  return `${context.origin}${GTR_PATH_PREFIX}${encodeURIComponent(connectionName)}`;
}

async function revoke(
  context: Auth0TenantContext,
  connection: WireConnection,
  token: VerifiedRevocationToken,
  subject: IssSubSubject,
  res: Response,
  detail: Record<string, unknown>,
): Promise<void> {
  // A subject from another issuer cannot name a user of this connection.
  const userId = subject.iss === oktaIssuerOf(connection) ? connectionUserId(connection.strategy, connection.name, subject.sub) : undefined;
  const user = userId ? context.store.users.get(userId) : undefined;
  if (!user) {
    if (context.behaviour.globalTokenRevocationUnknownUser404)
      throw new RevocationFailure(404, 'invalid_request', 'The subject does not identify a user of this connection', 'unknown_user');
    context.events.record('auth0.global_token_revocation', {
      ...detail,
      outcome: 'success',
      log_type: 'universal_logout_succeeded',
      status: context.behaviour.globalTokenRevocationSuccessStatus,
      user_found: false,
      sessions_ended: 0,
      refresh_tokens_revoked: 0,
    });
    res.status(context.behaviour.globalTokenRevocationSuccessStatus).end();
    return;
  }
  const ended = await endUserAccess(context, user.user_id, 'idp-logout');
  context.events.record('auth0.global_token_revocation', {
    ...detail,
    outcome: 'success',
    log_type: 'universal_logout_succeeded',
    status: context.behaviour.globalTokenRevocationSuccessStatus,
    user_found: true,
    user_id: user.user_id,
    sessions_ended: ended.sessions,
    refresh_tokens_revoked: ended.refreshTokens,
    token_iss: token.iss,
  });
  res.status(context.behaviour.globalTokenRevocationSuccessStatus).end();
}

function parseJson(raw: unknown): unknown {
  if (!Buffer.isBuffer(raw) || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new RevocationFailure(400, 'invalid_request', 'The request body is not valid JSON', 'malformed_body');
  }
}
