// The IDX responses of password sign-in, in the Identity Engine's wire shape (Ion, version 1.0.0):
// the `identify` form (username, "Keep me signed in"), the password `challenge-authenticator` form,
// the `success-redirect`, and the bare message body of an ended transaction. Only what the emulator
// answers is offered: no "Forgot password?" (`recover`), sign-up, unlock or other authenticators,
// so the widget shows no link that would lead nowhere.
// Shapes: docs/fidelity.md#hosted-sign-in-page-and-identity-engine-api.
import { createHash, randomBytes } from 'node:crypto';
import type { IdxAuthenticator, IdxRemediation } from '@okta/okta-auth-js';
import type { AppRecord, UserRecord } from '../../store.ts';
import type { Message } from './messages.ts';
import type { IdxTransaction } from './transactions.ts';

type IdxRemediationValue = NonNullable<IdxRemediation['value']>[number];

export const IDX_MEDIA_TYPE = 'application/ion+json; okta-version=1.0.0';
const ACCEPTS = 'application/json; okta-version=1.0.0';

export const IDX_PATHS = {
  introspect: '/idp/idx/introspect',
  identify: '/idp/idx/identify',
  challengeAnswer: '/idp/idx/challenge/answer',
  cancel: '/idp/idx/cancel',
  successRedirect: '/login/token/redirect',
} as const;

interface Ion<T> {
  type: 'object' | 'array';
  value: T;
}

/** A remediation form on the wire: `relatesTo` is a JSON path there (the client resolves it). */
export type WireRemediation = Omit<IdxRemediation, 'relatesTo' | 'action'> & { relatesTo?: string[] };

/** A raw IDX response as the server sends it (`@okta/okta-auth-js` types the parts it reads). */
export interface IdxBody {
  version: '1.0.0';
  stateHandle?: string;
  expiresAt?: string;
  intent?: 'LOGIN';
  remediation?: Ion<WireRemediation[]>;
  messages?: Ion<Message[]>;
  currentAuthenticatorEnrollment?: Ion<IdxAuthenticator>;
  authenticators?: Ion<IdxAuthenticator[]>;
  authenticatorEnrollments?: Ion<IdxAuthenticator[]>;
  user?: Ion<{ id?: string; identifier: string }>;
  success?: WireRemediation;
  cancel?: WireRemediation;
  app?: Ion<{ name: string; label: string; id: string }>;
}

/** Builds the responses of one org (its origin and its password authenticator's id). */
export class IdxResponses {
  /** The org's password authenticator (one per org in Okta, `aut…`). */
  readonly #passwordAuthenticatorId = `aut${alphanumeric(randomBytes(24).toString('base64'), 17)}`;

  constructor(private readonly origin: string) {}

  identify(
    transaction: IdxTransaction,
    app: AppRecord | undefined,
    options: { identifier?: string; messages?: Message[]; fieldMessages?: Message[] } = {},
  ): IdxBody {
    const identifier: IdxRemediationValue = { name: 'identifier', label: 'Username', required: true };
    const prefill = options.identifier ?? transaction.usernameHint;
    if (prefill) identifier.value = prefill;
    if (options.fieldMessages) identifier.messages = { type: 'array', value: options.fieldMessages };
    return {
      ...this.#head(transaction),
      remediation: {
        type: 'array',
        value: [this.#form('identify', IDX_PATHS.identify, transaction, [identifier, { name: 'rememberMe', type: 'boolean', label: 'Remember this device' }])],
      },
      ...messagesOf(options.messages),
      cancel: this.#cancel(transaction),
      ...appOf(app),
    };
  }

  passwordChallenge(
    transaction: IdxTransaction,
    user: UserRecord,
    app: AppRecord | undefined,
    options: { messages?: Message[]; fieldMessages?: Message[] } = {},
  ): IdxBody {
    const enrollment = this.#passwordEnrollment(user);
    const passcode: IdxRemediationValue = { name: 'passcode', label: 'Password', secret: true };
    if (options.fieldMessages) passcode.messages = { type: 'array', value: options.fieldMessages };
    const challenge = this.#form('challenge-authenticator', IDX_PATHS.challengeAnswer, transaction, [
      { name: 'credentials', type: 'object', form: { value: [passcode] }, required: true },
    ]);
    return {
      ...this.#head(transaction),
      remediation: { type: 'array', value: [{ ...challenge, relatesTo: ['$.currentAuthenticatorEnrollment'] }] },
      ...messagesOf(options.messages),
      currentAuthenticatorEnrollment: { type: 'object', value: enrollment },
      authenticators: { type: 'array', value: [{ ...this.#passwordAuthenticator() }] },
      authenticatorEnrollments: { type: 'array', value: [enrollment] },
      user: { type: 'object', value: { id: user.wire.id, identifier: transaction.identifier ?? user.wire.profile.login } },
      cancel: this.#cancel(transaction),
      ...appOf(app),
    };
  }

  success(transaction: IdxTransaction, user: UserRecord, app: AppRecord | undefined): IdxBody {
    const href = new URL(IDX_PATHS.successRedirect, this.origin);
    href.searchParams.set('stateToken', transaction.stateHandle);
    return {
      ...this.#head(transaction),
      success: { name: 'success-redirect', href: href.href },
      user: { type: 'object', value: { id: user.wire.id, identifier: transaction.identifier ?? user.wire.profile.login } },
      cancel: this.#cancel(transaction),
      ...appOf(app),
    };
  }

  /** The body for a state handle that is unknown, used or expired: messages only. */
  ended(message: Message): IdxBody {
    return { version: '1.0.0', messages: { type: 'array', value: [message] } };
  }

  #head(transaction: IdxTransaction) {
    return {
      version: '1.0.0' as const,
      stateHandle: transaction.stateHandle,
      // Okta writes whole seconds with a .000 fraction.
      expiresAt: new Date(Math.floor(transaction.expiresAt / 1000) * 1000).toISOString(),
      intent: 'LOGIN' as const,
    };
  }

  #form(name: string, path: string, transaction: IdxTransaction, fields: IdxRemediationValue[]): WireRemediation {
    return {
      rel: ['create-form'],
      name,
      href: new URL(path, this.origin).href,
      method: 'POST',
      produces: IDX_MEDIA_TYPE,
      value: [...fields, { name: 'stateHandle', required: true, value: transaction.stateHandle, visible: false, mutable: false }],
      accepts: ACCEPTS,
    };
  }

  #cancel(transaction: IdxTransaction): WireRemediation {
    return this.#form('cancel', IDX_PATHS.cancel, transaction, []);
  }

  #passwordAuthenticator(): IdxAuthenticator {
    return { type: 'password', key: 'okta_password', id: this.#passwordAuthenticatorId, displayName: 'Password', methods: [{ type: 'password' }] };
  }

  /** The user's password enrollment (`lae…`), stable per user. */
  #passwordEnrollment(user: UserRecord): IdxAuthenticator {
    const id = `lae${alphanumeric(createHash('sha256').update(user.wire.id).digest('base64'), 17)}`;
    return { ...this.#passwordAuthenticator(), id };
  }
}

function messagesOf(messages: Message[] | undefined): Pick<IdxBody, 'messages'> {
  return messages?.length ? { messages: { type: 'array', value: messages } } : {};
}

/** The app the user is signing in to (name as Okta's app catalogue has it, e.g. `oidc_client`). */
function appOf(app: AppRecord | undefined): Pick<IdxBody, 'app'> {
  if (!app) return {};
  return { app: { type: 'object', value: { name: String(app.wire.name), label: String(app.wire.label), id: app.wire.id } } };
}

function alphanumeric(text: string, length: number): string {
  return text.replace(/[^A-Za-z0-9]/g, '').slice(0, length);
}
