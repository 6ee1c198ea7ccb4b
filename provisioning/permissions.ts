// The Auth0 Management API scopes the run's machine-to-machine application needs, and why. The
// README quotes this list; permissions.test.ts proves it is sufficient and that each scope in it
// is needed. (Okta API tokens carry their admin's role instead: see the README.)
export const AUTH0_MANAGEMENT_SCOPES: Record<string, string> = {
  'read:clients': 'find the demo app by name (sweep, teardown scan, a pending entry); read:client_keys also allows these reads',
  'create:clients': 'create the demo app',
  'update:clients': 'bring its URLs back to spec on re-provision',
  'delete:clients': 'teardown and sweep',
  'read:client_keys': "read the demo app's secret back when run.env is gone (re-provision)",
  'read:connections': 'find and verify the connection, and the apps it is enabled for',
  'create:connections': 'create the okta connection',
  'update:connections': 'enable it for the demo app (PATCH /connections/{id}/clients) and repair its options',
  'delete:connections': 'teardown and sweep',
  'read:users': "find the users that logins through the run's connection created",
  'delete:users': 'delete those users (teardown and sweep)',
  'read:resource_servers': 'find and verify the run\'s API (re-provision, status, teardown scan, sweep)',
  'create:resource_servers': 'create the run\'s API',
  'delete:resource_servers': 'teardown and sweep (the applications\' grants for it go with it)',
  'read:client_grants': 'verify the applications\' access to the API on re-provision',
  'create:client_grants': 'grant the demo app and the single-page app access to the API for their users',
};
