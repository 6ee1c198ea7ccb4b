// Where the Auth0 tenant emulator answers differently from a recording, each with the reason. The
// conformance test fails on any other difference, and on any entry here that no longer occurs
// (remove it once fixed).
import type { KnownDifference, LaterAddition } from '../replay.ts';

/** Differences of the emulator from the recorded tenant. None today. */
export const AUTH0_KNOWN_DIFFERENCES: KnownDifference[] = [];

/**
 * Members the real tenant added after some recordings were made. The emulator follows the newest
 * recordings; in the older ones these members are absent, which is the recording's age, not a
 * difference of the emulator.
 */
export const AUTH0_LATER_ADDITIONS: LaterAddition[] = [
  {
    cassettes: ['TestAccSCIMConfiguration', 'TestAccDataSCIMConfiguration'],
    members: ['authentication', 'connected_accounts'],
    why:
      'Recorded on 2025-05-06, before the tenant answered these on every connection; every connection body ' +
      'recorded from 2025-11-07 on (TestAccSCIMToken, TestAccConnectionOkta, TestAccConnectionOIDC, ' +
      'TestAccConnection, TestAccConnectionClient…) carries authentication {active: true} and connected_accounts {active: false}.',
  },
  {
    cassettes: ['TestAccDataSourceResourceServer'],
    members: ['subject_type_authorization'],
    why:
      'Recorded on 2024-09-20, before the tenant answered who may get tokens for an API; every resource server body ' +
      'recorded from 2026-01-28 on (TestAccClientResourceServer, TestAccClientGrant, TestAccResourceServer, TestAccResourceServerScope…) ' +
      'carries subject_type_authorization {client: {policy: "require_client_grant"}, user: {policy: "allow_all"}} by default.',
  },
];
