// SCIM provisioning of an app (docs/fidelity.md#universal-logout-sender-and-scim-push), driven by the Management API's user
// lifecycle changes, for apps whose provisioning settings (base URL, bearer token) are set in the
// control plane:
//   assigned              → GET ?filter=userName eq "…"; no match → POST (externalId = Okta user id,
//                           placeholder password); a match is linked and brought up to date by PUT
//   profile updated       → GET /Users/{id}, then PUT of the full object
//   unassigned/deactivated→ GET, then PUT with active:false      (Okta never sends DELETE)
//   reactivated, or assigned again after an unassignment → GET, then PUT with active:true
// Each push is recorded (okta.scim_push per HTTP call, okta.provisioning per change) and a failure
// stays a failure of that push: the Management API call that caused it has already answered.
import type { OktaOrgContext } from '../org-context.ts';
import type { AppRecord, UserRecord } from '../store.ts';
import type { UserLifecycleChange } from '../user-lifecycle-events.ts';
import { OktaScimClient, ScimPushError, type ScimOperation } from './scim-client.ts';
import { placeholderPassword, scimUserOf } from './scim-user.ts';

/** A change to the user itself: this push to every provisioned app the user is still assigned to. */
const USER_CHANGE_PUSHES: Record<'user.profile.updated' | 'user.deactivated' | 'user.activated', PushKind> = {
  'user.profile.updated': 'update',
  'user.deactivated': 'deactivate',
  'user.activated': 'reactivate',
};

export async function provision(context: OktaOrgContext, change: UserLifecycleChange): Promise<void> {
  const { store } = context;
  const user = store.users.get(change.userId);
  if (!user) return;
  switch (change.type) {
    case 'app.user.assigned': {
      const app = store.apps.get(change.appId);
      if (app?.scim) await push(context, app, user, 'assign');
      return;
    }
    case 'app.user.unassigned': {
      const app = store.apps.get(change.appId);
      if (app?.scim && app.scimIds?.has(user.wire.id)) await push(context, app, user, 'deactivate');
      return;
    }
    case 'user.profile.updated':
    case 'user.deactivated':
    case 'user.activated': {
      const kind = USER_CHANGE_PUSHES[change.type];
      for (const app of provisionedApps(context, user)) if (store.isAssigned(app.wire.id, user.wire.id)) await push(context, app, user, kind);
      return;
    }
  }
}

/** Apps with provisioning settings that already hold this user (unassigned ones were deactivated then). */
function provisionedApps(context: OktaOrgContext, user: UserRecord): AppRecord[] {
  return [...context.store.apps.values()].filter(app => app.scim && app.scimIds?.has(user.wire.id));
}

type PushKind = 'assign' | 'update' | 'deactivate' | 'reactivate';

async function push(context: OktaOrgContext, app: AppRecord, user: UserRecord, kind: PushKind): Promise<void> {
  const settings = app.scim!;
  const scim = new OktaScimClient(context, settings, { appId: app.wire.id, userId: user.wire.id });
  const userName = appUserNameOf(context, app, user);
  const detail = { appId: app.wire.id, userId: user.wire.id, change: kind };
  try {
    let id = app.scimIds?.get(user.wire.id);
    let action: string | undefined;
    if (kind === 'assign' && !id) {
      id = await scim.findByUserName(userName);
      if (!id) {
        id = await scim.create({ ...scimUserOf(user, userName, true), password: placeholderPassword() });
        remember(app, user, id);
        context.events.record('okta.provisioning', { ...detail, outcome: 'success', action: 'created', scimId: id });
        return;
      }
      // A match on userName is linked to the Okta user and brought up to date.
      remember(app, user, id);
      action = 'linked';
    }
    if (!id) return;
    await scim.read(id);
    const operation: ScimOperation = kind === 'deactivate' ? 'deactivate' : kind === 'update' ? 'update' : 'reactivate';
    await scim.replace(id, scimUserOf(user, userName, kind !== 'deactivate'), operation);
    action ??= { deactivate: 'deactivated', update: 'updated', reactivate: 'reactivated', assign: 'reactivated' }[kind];
    context.events.record('okta.provisioning', { ...detail, outcome: 'success', action, scimId: id });
  } catch (error) {
    context.events.record('okta.provisioning', {
      ...detail,
      outcome: 'failure',
      error: error instanceof ScimPushError ? error.message : String(error),
      ...(error instanceof ScimPushError && error.status ? { status: error.status } : {}),
    });
  }
}

function remember(app: AppRecord, user: UserRecord, scimId: string): void {
  (app.scimIds ??= new Map()).set(user.wire.id, scimId);
}

/** The app username (the assignment's credentials.userName), else the Okta login. */
function appUserNameOf(context: OktaOrgContext, app: AppRecord, user: UserRecord): string {
  const assigned = context.store.appUsers.get(app.wire.id)?.get(user.wire.id)?.credentials?.userName;
  return typeof assigned === 'string' && assigned ? assigned : user.wire.profile.login;
}
