// The hosted sign-in page (Identity Engine, identifier first): /oauth2/v1/authorize sends the
// browser to /signin/{uid} when the user must sign in; step 1 asks for the username, step 2 for
// the password, then the browser goes back to /authorize, which answers the client. The state
// handle is the oidc-provider interaction uid, in the URL and in each form, and only works together
// with the interaction cookie set for that path (SameSite=Lax, so another site cannot post a form
// into someone's sign-in). No JavaScript is needed.
import express, { type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { EventLog } from '../../shared/event-log.ts';
import { now } from '../../shared/wire.ts';
import type { OktaBehaviour } from '../okta-org.ts';
import { verifyPassword, type OktaStore } from '../store.ts';
import type { BrowserSessions } from '../authorization-server/browser-sessions.ts';
import { activeAppOf } from '../authorization-server/clients.ts';
import { signInPageHtml, type IdentifyStep, type PasswordStep, type SignInView } from './page.ts';
import { SignInState } from './sign-in-state.ts';
import { signInErrors, signInTexts } from './texts.ts';

export const SIGN_IN_PATH = '/signin';

export interface SignInDependencies {
  provider: Provider;
  store: OktaStore;
  events: EventLog;
  behaviour: OktaBehaviour;
  sessions: BrowserSessions;
}

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface SignInPage {
  routes: Router;
  reset(): void;
}

export function signInPage(deps: SignInDependencies): SignInPage {
  const state = new SignInState();
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 });

  // The org's own page, where the browser lands after /logout without a post_logout_redirect_uri.
  router.get('/', (_req, res) => {
    send(res, 200, { step: 'message', title: signInTexts.identifyTitle, message: signInTexts.signedOut, isError: false });
  });

  router.get(`${SIGN_IN_PATH}/:uid`, async (req, res) => {
    const interaction = await interactionOf(deps.provider, req, res);
    if (!interaction) return expired(res);
    const identified = state.identified(interaction.uid);
    if (identified) return send(res, 200, passwordView(interaction.uid, identified.username));
    send(res, 200, identifyView(interaction.uid, prefilledIdentifier(deps.store, interaction), false));
  });

  router.get(`${SIGN_IN_PATH}/:uid/restart`, async (req, res) => {
    const interaction = await interactionOf(deps.provider, req, res);
    if (!interaction) return expired(res);
    state.forget(interaction.uid);
    res.redirect(303, pagePath(interaction.uid));
  });

  router.post(`${SIGN_IN_PATH}/:uid/identify`, form, async (req, res) => {
    const interaction = await interactionOf(deps.provider, req, res);
    if (!interaction || field(req, 'stateHandle') !== interaction.uid) return expired(res);
    const clientId = clientIdOf(interaction);
    const identifier = field(req, 'identifier').trim();
    const rememberMe = ['true', 'on'].includes(field(req, 'rememberMe'));
    const record = (outcome: string, userId?: string) => deps.events.record('okta.signin', { step: 'identify', client_id: clientId, userId, outcome });

    if (!identifier) {
      record('blank');
      return send(res, 400, { ...identifyView(interaction.uid, '', rememberMe), formError: signInErrors.formHasErrors, fieldError: signInErrors.blank });
    }
    const user = deps.store.findUserByLogin(identifier);
    if (!user) {
      record('unknown_user');
      return send(res, 400, { ...identifyView(interaction.uid, identifier, rememberMe), formError: signInErrors.unknownUser(identifier) });
    }
    state.identify(interaction.uid, { userId: user.wire.id, username: identifier, rememberMe }, interaction.exp * 1000);
    record('identified', user.wire.id);
    res.redirect(303, pagePath(interaction.uid));
  });

  router.post(`${SIGN_IN_PATH}/:uid/challenge`, form, async (req, res) => {
    const interaction = await interactionOf(deps.provider, req, res);
    if (!interaction || field(req, 'stateHandle') !== interaction.uid) return expired(res);
    const identified = state.identified(interaction.uid);
    if (!identified) return res.redirect(303, pagePath(interaction.uid));
    const clientId = clientIdOf(interaction);
    const record = (outcome: string) => deps.events.record('okta.signin', { step: 'password', client_id: clientId, userId: identified.userId, outcome });
    const retry = (status: number, errors: { formError?: string; fieldError?: string }) =>
      send(res, status, { ...passwordView(interaction.uid, identified.username), ...errors });

    const passcode = field(req, 'credentials.passcode');
    if (!passcode) {
      record('blank');
      return retry(400, { formError: signInErrors.formHasErrors, fieldError: signInErrors.blank });
    }
    const user = deps.store.users.get(identified.userId);
    // Deactivated, suspended, staged (no password yet), locked, expired password: Okta does not
    // say which; the widget shows its generic authentication failure (see README).
    if (!user || user.wire.status !== 'ACTIVE') {
      record(user ? `user_${user.wire.status.toLowerCase()}` : 'user_deleted');
      return retry(401, { formError: signInErrors.unableToSignIn });
    }
    if (!verifyPassword(passcode, user.passwordHash)) {
      record('wrong_password');
      return retry(401, { formError: signInErrors.passwordIncorrect });
    }
    const app = activeAppOf(deps.store, clientId);
    if (deps.behaviour.notAssignedErrorInWidget && app && !deps.store.isAssigned(app.wire.id, user.wire.id)) {
      record('not_assigned');
      state.forget(interaction.uid);
      return send(res, 403, { ...identifyView(interaction.uid, '', false), formError: signInErrors.notAssigned });
    }

    user.wire.lastLogin = now();
    state.forget(interaction.uid);
    record('success');
    let returnTo: string;
    try {
      returnTo = await deps.provider.interactionResult(
        req,
        res,
        { login: { accountId: user.wire.id, amr: ['pwd'], remember: identified.rememberMe } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      // The transaction or its browser session ended meanwhile (expired, reset, sessions cleared).
      if ((error as { name?: string }).name === 'SessionNotFound') return expired(res);
      throw error;
    }
    // Someone else signing in in this browser replaces the signed-in user, as in Okta.
    if (interaction.session && interaction.session.accountId !== user.wire.id) await deps.sessions.releaseAccount(interaction.session.uid);
    res.redirect(303, returnTo);
  });

  return { routes: router, reset: () => state.clear() };
}

/** The interaction the browser is in, when its cookie and the URL's state handle agree. */
async function interactionOf(provider: Provider, req: Request, res: Response): Promise<Interaction | undefined> {
  try {
    const interaction = await provider.interactionDetails(req, res);
    return interaction.uid === req.params.uid ? interaction : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'SessionNotFound') return undefined;
    throw error;
  }
}

function identifyView(uid: string, identifier: string, rememberMe: boolean): IdentifyStep {
  return { step: 'identify', stateHandle: uid, action: `${pagePath(uid)}/identify`, identifier, rememberMe };
}

function passwordView(uid: string, username: string): PasswordStep {
  return { step: 'password', stateHandle: uid, action: `${pagePath(uid)}/challenge`, username, backHref: `${pagePath(uid)}/restart` };
}

/** `login_hint` pre-fills the username; on re-authentication (prompt=login), the signed-in user's. */
function prefilledIdentifier(store: OktaStore, interaction: Interaction): string {
  const hint = interaction.params.login_hint;
  if (typeof hint === 'string' && hint) return hint;
  const signedIn = interaction.session?.accountId ? store.users.get(interaction.session.accountId) : undefined;
  return signedIn?.wire.profile.login ?? '';
}

function clientIdOf(interaction: Interaction): string | undefined {
  return typeof interaction.params.client_id === 'string' ? interaction.params.client_id : undefined;
}

function pagePath(uid: string): string {
  return `${SIGN_IN_PATH}/${encodeURIComponent(uid)}`;
}

function field(req: Request, name: string): string {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function expired(res: Response): void {
  send(res, 400, { step: 'message', title: signInTexts.identifyTitle, message: signInErrors.sessionExpired, isError: true });
}

function send(res: Response, status: number, view: SignInView): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(signInPageHtml(view));
}
