// The Identity Engine (IDX) endpoints that password sign-in uses, as the Sign-In Widget and
// `@okta/okta-auth-js` call them: JSON in (`application/ion+json; okta-version=1.0.0`), an IDX
// response out, the state handle in the body. A refused step answers 4xx with the IDX body and its
// message; the client shows the message and stays on its form.
//   POST /idp/idx/introspect        {stateToken}                       → the transaction's current step
//   POST /idp/idx/identify          {identifier, rememberMe, stateHandle} → the password challenge
//   POST /idp/idx/challenge/answer  {credentials: {passcode}, stateHandle} → success-redirect
//   POST /idp/idx/cancel            {stateHandle}                      → back to identify
// See docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import express, { type Request, type Response, type Router } from 'express';
import { finalErrorHandler } from '../../../shared/request-errors.ts';
import { jsonBody } from '../../../shared/request-parsers.ts';
import { idxProblem } from '../../request-problems.ts';
import type { EventLog } from '../../../shared/event-log.ts';
import { now } from '../../../shared/wire.ts';
import { activeAppOf } from '../../authorization-server/clients.ts';
import type { OktaBehaviour } from '../../org-context.ts';
import type { OktaStore } from '../../store.ts';
import { idxMessages, type Message } from './messages.ts';
import { checkPassword } from './password-check.ts';
import { IDX_MEDIA_TYPE, IDX_PATHS, type IdxBody, type IdxResponses } from './responses.ts';
import type { IdxTransaction, IdxTransactions } from './transactions.ts';

export interface IdxApiDependencies {
  store: OktaStore;
  events: EventLog;
  behaviour: OktaBehaviour;
  transactions: IdxTransactions;
  responses: IdxResponses;
}

const badRequest = (): Message => ({ message: 'Bad request.', i18n: { key: 'E0000020' }, class: 'ERROR' });

export function idxApi(deps: IdxApiDependencies): Router {
  const { store, transactions, responses } = deps;
  const router = express.Router();
  router.use('/idp/idx', ...jsonBody({ type: ['application/json', 'application/ion+json', 'application/vnd.okta.v1+json'], limit: '16kb' }));

  const appOf = (transaction: IdxTransaction) => activeAppOf(store, transaction.clientId);
  const record = (transaction: IdxTransaction, step: string, outcome: string) =>
    deps.events.record('okta.signin', { step, client_id: transaction.clientId, userId: transaction.userId, outcome });

  /** The response for where the transaction stands (introspect, and a refused out-of-step call). */
  const current = (transaction: IdxTransaction, messages?: Message[]): IdxBody => {
    const user = transaction.userId ? store.users.get(transaction.userId) : undefined;
    if (transaction.step === 'challenge-password' && user) return responses.passwordChallenge(transaction, user, appOf(transaction), { messages });
    if (transaction.step === 'authenticated' && user) return responses.success(transaction, user, appOf(transaction));
    if (transaction.step !== 'identify') transactions.restart(transaction);
    return responses.identify(transaction, appOf(transaction), { messages });
  };

  router.post(IDX_PATHS.introspect, (req, res) => {
    const transaction = transactions.find(body(req).stateToken);
    if (!transaction) return sessionExpired(res);
    send(res, 200, current(transaction));
  });

  router.post(IDX_PATHS.identify, (req, res) => {
    const transaction = transactions.find(body(req).stateHandle);
    if (!transaction) return sessionExpired(res);
    if (transaction.step !== 'identify') return send(res, 400, current(transaction, [badRequest()]));
    const identifier = typeof body(req).identifier === 'string' ? (body(req).identifier as string).trim() : '';
    const rememberMe = body(req).rememberMe === true;
    if (!identifier) {
      record(transaction, 'identify', 'blank');
      return send(res, 400, responses.identify(transaction, appOf(transaction), { identifier: '', fieldMessages: [idxMessages.blank()] }));
    }
    const user = store.findUserByLogin(identifier);
    if (!user) {
      record(transaction, 'identify', 'unknown_user');
      // Not an error status: the identify form comes back with a warning above it.
      return send(res, 200, responses.identify(transaction, appOf(transaction), { identifier, messages: [idxMessages.unknownUser(identifier)] }));
    }
    // Whether this user may sign in is not said before the password (see password-check.ts).
    Object.assign(transaction, { step: 'challenge-password', userId: user.wire.id, identifier, rememberMe });
    record(transaction, 'identify', 'identified');
    send(res, 200, responses.passwordChallenge(transaction, user, appOf(transaction)));
  });

  router.post(IDX_PATHS.challengeAnswer, async (req, res) => {
    const transaction = transactions.find(body(req).stateHandle);
    if (!transaction) return sessionExpired(res);
    const userNow = () => (transaction.userId ? store.users.get(transaction.userId) : undefined);
    const user = userNow();
    if (transaction.step !== 'challenge-password') return send(res, 400, current(transaction, [badRequest()]));
    const credentials = body(req).credentials as Record<string, unknown> | undefined;
    const passcode = typeof credentials?.passcode === 'string' ? credentials.passcode : '';
    if (!passcode && user) {
      record(transaction, 'password', 'blank');
      return send(res, 400, responses.passwordChallenge(transaction, user, appOf(transaction), { fieldMessages: [idxMessages.blank()] }));
    }
    const check = await checkPassword(userNow, passcode);
    // A second answer to the same challenge may have been judged while this one's hash ran.
    if (transaction.step !== 'challenge-password') return send(res, 400, current(transaction, [badRequest()]));
    if (!check.ok) {
      record(transaction, 'password', check.outcome);
      if (check.outcome === 'locked_out_now') deps.events.record('okta.user.locked_out', { userId: user!.wire.id, reason: 'password_policy_lockout' });
      const stillThere = userNow();
      if (!stillThere) {
        transactions.restart(transaction);
        return send(res, 401, responses.identify(transaction, appOf(transaction), { messages: [check.message] }));
      }
      return send(res, 401, responses.passwordChallenge(transaction, stillThere, appOf(transaction), { messages: [check.message] }));
    }
    const app = appOf(transaction);
    if (deps.behaviour.notAssignedErrorInWidget && app && !store.isAssigned(app.wire.id, user!.wire.id)) {
      record(transaction, 'password', 'not_assigned');
      transactions.restart(transaction);
      return send(res, 400, responses.identify(transaction, app, { messages: [idxMessages.userNotAssigned()] }));
    }
    user!.wire.lastLogin = now();
    transaction.step = 'authenticated';
    record(transaction, 'password', 'success');
    send(res, 200, responses.success(transaction, user!, app));
  });

  router.post(IDX_PATHS.cancel, (req, res) => {
    const transaction = transactions.find(body(req).stateHandle);
    if (!transaction) return sessionExpired(res);
    transactions.restart(transaction);
    record(transaction, 'cancel', 'restarted');
    send(res, 200, responses.identify(transaction, appOf(transaction)));
  });

  // A body that is not JSON, too large or too deep, in another charset or encoding: the IDX error body, not the org's error page.
  router.use('/idp/idx', finalErrorHandler({ events: deps.events, surface: 'okta.idx', render: idxProblem }));

  function sessionExpired(res: Response): void {
    send(res, 401, responses.ended(idxMessages.sessionExpired()));
  }

  return router;
}

function body(req: Request): Record<string, unknown> {
  const value = req.body as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function send(res: Response, status: number, idx: IdxBody): void {
  // A Buffer, so that Express adds no charset to Okta's media type.
  res
    .status(status)
    .set({ 'Cache-Control': 'no-store', 'Content-Type': IDX_MEDIA_TYPE })
    .send(Buffer.from(JSON.stringify(idx)));
}
