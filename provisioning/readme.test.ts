// What the README's docs (docs/live-tenants.md, docs/testing.md) tell a person to set up comes from
// the code: the Management API scopes are AUTH0_SCOPES (declared beside the calls), the
// crash-recovery command is the one the run's own hints print, and the admin hook's actions are
// those the Okta emulator takes.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../lib/paths.ts';
import { AUTH0_SCOPES } from './auth0.ts';
import { teardownCommand } from './recovery-commands.ts';
import { testRunDir } from '../fixtures/test-run.ts';
import { ADMIN_HOOK_ACTIONS } from '../emulators/okta/admin-hook.ts';

const liveTenants = 'docs/live-tenants.md';
const testing = 'docs/testing.md';

function section(page: string, title: string): string {
  const text = readFileSync(join(projectRoot, page), 'utf8');
  const start = text.indexOf(`\n${title}\n`);
  expect(start, `${page} has "${title}"`).toBeGreaterThan(0);
  const rest = text.slice(start + title.length + 2);
  const next = /\n#{2,3} /.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

test('the live-tenant set-up (docs/live-tenants.md) lists exactly the Auth0 scopes the code declares, with the same reasons', () => {
  const sandbox = section(liveTenants, '## Running against sandbox tenants');
  const rows = [...sandbox.matchAll(/^\s*\| `([a-z_:]+)` \| (every run|SCIM specs|flow inspector) \| (.+) \|$/gm)].map(m => [
    m[1],
    m[2] === 'every run' ? 'run' : m[2] === 'SCIM specs' ? 'scim' : 'inspector',
    m[3],
  ]);
  expect(rows).toEqual(Object.entries(AUTH0_SCOPES).map(([scope, { need, why }]) => [scope, need, why]));
  const listed = (label: string) => new RegExp(`${label}: \`([^\`]+)\``).exec(sandbox)?.[1].split(' ');
  expect(listed('every run')).toEqual(Object.keys(AUTH0_SCOPES).filter(s => AUTH0_SCOPES[s as keyof typeof AUTH0_SCOPES].need === 'run'));
  expect(listed('the SCIM specs \\(`HARNESS_LIVE_SCIM=1`\\)')).toEqual(
    Object.keys(AUTH0_SCOPES).filter(s => AUTH0_SCOPES[s as keyof typeof AUTH0_SCOPES].need === 'scim'),
  );
  expect(listed('the flow inspector \\(optional\\)')).toEqual(
    Object.keys(AUTH0_SCOPES).filter(s => AUTH0_SCOPES[s as keyof typeof AUTH0_SCOPES].need === 'inspector'),
  );
});

test('the crash-recovery command in docs/testing.md is the one a live test run prints', () => {
  const printed = teardownCommand({ target: 'live', dir: testRunDir('live') }, {});
  expect(printed).toBe('HARNESS_TARGET=live HARNESS_DIR=.harness/test-run/live npm run teardown');
  expect(section(testing, '### Crash recovery')).toContain(`\`${printed}\``);
});

test('docs/live-tenants.md documents every action of the Okta admin hook', () => {
  const capabilities = section(liveTenants, '### Capability flags (live target)');
  const documented = [...capabilities.matchAll(/\{"action":"([a-z-]+)"/g)].map(m => m[1]);
  expect(documented).toEqual([...ADMIN_HOOK_ACTIONS]);
});
