// The Okta browser session (single sign-on): oidc-provider's Session, identified by the `sid`
// cookie. Read and ended here for the routes that run outside oidc-provider (logout, sign-in), and
// ended for every browser of a user at once for DELETE /api/v1/users/{id}/sessions.
import type { Request, Response } from 'express';
import type Provider from 'oidc-provider';
import type { ProviderStorage } from '../../shared/provider-storage.ts';
import { handOverSession } from '../../shared/session-handover.ts';

type Session = Awaited<ReturnType<Provider['Session']['get']>>;

export class BrowserSessions {
  constructor(
    private readonly provider: Provider,
    private readonly storage: ProviderStorage,
    private readonly cookieOptions: { httpOnly: boolean; sameSite: 'lax' | 'strict' | 'none'; path?: string },
  ) {}

  /** The signed-in session of the browser sending `req`, if any. */
  async current(req: Request, res: Response): Promise<Session | undefined> {
    const session = await this.provider.Session.get(this.provider.createContext(req, res));
    return session.accountId ? session : undefined;
  }

  /** Ends `session` and clears its cookie in the response. */
  async end(req: Request, res: Response, session: Session): Promise<void> {
    await session.destroy();
    this.provider.createContext(req, res).cookies.set(this.provider.cookieName('session'), null, { ...this.cookieOptions, secure: true });
  }

  /**
   * Signs the user out of the browser session with uid `sessionUid` without ending it: used when
   * someone else signs in in the same browser, which replaces the signed-in user as Okta does.
   */
  async releaseAccount(sessionUid: string): Promise<void> {
    await handOverSession(this.provider, sessionUid, undefined, session => {
      session.loginTs = undefined;
      session.amr = undefined;
      session.acr = undefined;
    });
  }

  /** Ends every browser session of `userId`; returns how many there were. */
  endAllOf(userId: string): number {
    const sessions = this.storage.ofAccount('Session', userId);
    for (const [id] of sessions) this.storage.delete('Session', id);
    return sessions.length;
  }
}
