// Someone else signs in in a browser that holds another account's session: both vendors hand the
// session over (oidc-provider's default would ask to sign out first). What each does with the
// previous account differs — Auth0 ends its session under a new sid, Okta signs it out of the
// session — and is the vendor's `change`; the rest is here.
import type Provider from 'oidc-provider';

export type ProviderSession = NonNullable<Awaited<ReturnType<Provider['Session']['findByUid']>>>;

/**
 * Finds the session by uid; when it exists and holds another account than `accountId`, lets
 * `change` see and rewrite it (before its authorizations, the previous account's grants, are
 * cleared), gives it to `accountId` and persists it. Returns the session, or undefined when there
 * was nothing to hand over.
 */
export async function handOverSession(
  provider: Provider,
  sessionUid: string,
  accountId: string | undefined,
  change: (session: ProviderSession) => void,
): Promise<ProviderSession | undefined> {
  const session = await provider.Session.findByUid(sessionUid);
  if (!session || session.accountId === accountId) return undefined;
  change(session);
  session.accountId = accountId;
  session.authorizations = {};
  await session.persist();
  return session;
}
