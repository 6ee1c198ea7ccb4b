// The resources a manifest lists, as teardown and status both see them: what each kind is called
// in progress lines, and how a pending entry (created or not) is found by its name.
import type { Client } from '@okta/okta-sdk-nodejs';
import type { ManagementClient } from 'auth0';
import type { ManifestEntry } from './manifest.ts';
import * as okta from './okta.ts';
import * as auth0 from './auth0.ts';
import * as auth0Api from './auth0-api.ts';

/** What each kind of manifest entry is called in progress lines and step errors. */
export const WHAT: Record<ManifestEntry['kind'], string> = {
  'okta.signInPolicy': 'okta sign-in policy',
  'okta.app': 'okta app',
  'okta.trustedOrigin': 'okta trusted origin',
  'okta.user': 'okta user',
  'auth0.client': 'auth0 client',
  'auth0.connection': 'auth0 connection',
  'auth0.api': 'auth0 api',
};

/** A pending entry: the create may or may not have happened; look for the name. */
export async function idsByName(oktaClient: Client, mgmt: ManagementClient, entry: ManifestEntry): Promise<string[]> {
  switch (entry.kind) {
    case 'okta.signInPolicy':
      return (await okta.findSignInPoliciesByName(oktaClient, entry.name)).map(p => p.id!);
    case 'okta.app':
      return (await okta.findOktaAppsByLabel(oktaClient, entry.name)).map(a => a.id!);
    case 'okta.trustedOrigin':
      return (await okta.findTrustedOrigins(oktaClient, { name: entry.name })).map(t => t.id!);
    case 'okta.user': {
      const user = await okta.getOktaUser(oktaClient, entry.name);
      return user ? [user.id!] : [];
    }
    case 'auth0.client':
      return (await auth0.findAuth0ClientsByName(mgmt, entry.name)).map(c => c.client_id!);
    case 'auth0.connection':
      return (await auth0.findAuth0ConnectionsByName(mgmt, entry.name)).map(c => c.id!);
    case 'auth0.api':
      return (await auth0Api.findAuth0ApisByName(mgmt, entry.name)).map(a => a.id!);
  }
}
