// Seeds (EMULATOR_SEEDS_FILE; docs/containers.md, "Use the emulators from any language"): a file naming what to
// create is checked whole, every problem with its place in the file; a valid one is created through
// the emulators' own Management APIs, so what the official SDKs then read is what a provisioning
// script would have made, and the ids and secrets the APIs chose are written out.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagementClient } from 'auth0';
import { expect, test } from '../fixtures/emulators.ts';
import { adminClients } from '../fixtures/provisioning.ts';
import { projectRoot } from '../lib/paths.ts';
import { applySeeds, checkSeeds, readSeeds, SeedsError, type Seeded } from './seeds.ts';

test('a seeds file with mistakes is refused with each one named by its place', () => {
  const problems = checkSeeds({
    okta: {
      users: [
        { login: 'ada@example.com', firstName: 'Ada', lastName: 'L' },
        { login: 'ada@example.com', firstName: 'A', lastName: 'L', password: 'x' },
      ],
      apps: [{ label: 'App', assignedUsers: ['bob@example.com'] }],
    },
    auth0: {
      applications: [{ name: 'RP', callbacks: 'http://localhost/cb' }],
      connections: [{ name: 'c', oktaApp: 'Other', applications: ['Nope'] }],
      tenants: [],
    },
  });
  expect(problems).toEqual(
    expect.arrayContaining([
      'okta.users[0].password is missing (a string)',
      'okta.users: login "ada@example.com" appears more than once',
      'okta.apps[0].assignedUsers: "bob@example.com" is not the login of a user in okta.users',
      'auth0.applications[0].callbacks must be an array of non-empty strings',
      'auth0.connections[0].oktaApp: "Other" is not the label of an app in okta.apps',
      'auth0.connections[0].applications: "Nope" is not the name of an application in auth0.applications',
      expect.stringMatching(/^auth0\.tenants is not a known field/),
    ]),
  );
  const dir = mkdtempSync(join(tmpdir(), 'harness-seeds-'));
  try {
    writeFileSync(join(dir, 'bad.json'), '{"okta": ');
    expect(() => readSeeds(join(dir, 'bad.json'))).toThrow(SeedsError);
    expect(() => readSeeds(join(dir, 'bad.json'))).toThrow(/not a readable JSON file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the example seeds are created through the Management APIs and read back by the official SDKs', async ({ isolatedEmulators: emulators }) => {
  const dir = mkdtempSync(join(tmpdir(), 'harness-seeds-'));
  try {
    const out = join(dir, 'seeded.json');
    const summary = await applySeeds(join(projectRoot, 'containers/seeds.example.json'), emulators, out);
    expect(summary).toBe(`1 Okta user, 1 Okta app, 1 Auth0 application, 1 connection; ids and secrets in ${out}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const seeded = JSON.parse(readFileSync(out, 'utf8')) as Seeded;

    const { okta } = adminClients(emulators.env);
    const user = await okta.userApi.getUser({ userId: seeded.okta.users[0]!.id });
    expect(user.profile?.login).toBe('ada@example.com');
    expect(seeded.okta.apps[0]).toMatchObject({ label: 'Auth0 connection', clientId: '0oaseededauth0conn' });
    const assigned = [];
    for await (const appUser of await okta.applicationApi.listApplicationUsers({ appId: seeded.okta.apps[0]!.id })) assigned.push(appUser?.id);
    expect(assigned).toEqual([user.id]);

    const auth0 = new ManagementClient({
      domain: emulators.env.AUTH0_DOMAIN,
      clientId: emulators.env.AUTH0_CLIENT_ID,
      clientSecret: emulators.env.AUTH0_CLIENT_SECRET,
    });
    const connection = await auth0.connections.get(seeded.auth0.connections[0]!.id);
    expect(connection).toMatchObject({ name: 'okta-workforce', strategy: 'okta', display_name: 'Example Corp' });
    expect((connection.options as { client_id?: string; domain_aliases?: string[] }).client_id).toBe('0oaseededauth0conn');
    expect((connection.options as { domain_aliases?: string[] }).domain_aliases).toEqual(['example.com']);
    const client = await auth0.clients.get(seeded.auth0.applications[0]!.clientId);
    expect(client.callbacks).toEqual(['http://localhost:8080/callback']);
    const enabled = [];
    for await (const c of await auth0.connections.clients.get(seeded.auth0.connections[0]!.id)) enabled.push(c.client_id);
    expect(enabled).toEqual([seeded.auth0.applications[0]!.clientId]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
