// The replay engine on small made-up cassettes: what it counts as a difference, how ids learned from
// one answer reach the next request, and how known differences are matched (and go stale).
import { test, expect } from '@playwright/test';
import type { Cassette } from './cassette.ts';
import { IdMap } from './id-map.ts';
import { checkKnownDifferences, figuresByArea, replayCassette, type ReplayRequest, type ReplayTarget } from './replay.ts';
import { compareShape } from './shape.ts';

const interaction = (index: number, method: string, path: string, status: number, responseBody: string, requestBody = '') => ({
  index,
  method,
  url: new URL(`https://recorded.example${path}`),
  requestBody,
  status,
  responseBody,
});

test('shape: missing and extra members at the top level and in options, type changes, error bodies', () => {
  expect(compareShape('{"id":"a","options":{"x":1,"y":"s"}}', '{"id":"b","options":{"x":"1","z":true}}', ['options'])).toEqual({
    missing: ['options.y'],
    extra: ['options.z'],
    types: ['options.x: number→string'],
  });
  // Values that naturally differ (ids, times, secrets) are not compared.
  expect(compareShape('{"id":"con_1","created_at":"2025"}', '{"id":"con_2","created_at":"2026"}', [])).toEqual({ missing: [], extra: [], types: [] });
  expect(
    compareShape('{"statusCode":404,"error":"Not Found","message":"x"}', '{"statusCode":404,"error":"Not Found","message":"y","errorCode":"e"}', []),
  ).toMatchObject({
    extra: ['errorCode'],
  });
  expect(compareShape('', '{"a":1}', [])).toMatchObject({ extra: ['(body)'] });
  expect(compareShape('[{"a":1}]', '[{"a":1,"b":2}]', [])).toMatchObject({ extra: ['[].b'] });
  // A dotted path compares an object one level further down (a stored discovery document).
  expect(compareShape('{"options":{"m":{"a":true,"b":false}}}', '{"options":{"m":{"a":"x","c":false}}}', ['options', 'options.m'])).toEqual({
    missing: ['options.m.b'],
    extra: ['options.m.c'],
    types: ['options.m.a: boolean→string'],
  });
});

test('ids learned from a response are rewritten in later paths (also percent-encoded) and bodies', () => {
  const ids = new IdMap(new Set(['id', 'user_id']));
  ids.learn({ id: 'con_REC', nested: { user_id: 'auth0|rec' } }, { id: 'con_NEW', nested: { user_id: 'auth0|new' } });
  expect(ids.rewrite('/api/v2/connections/con_REC/clients')).toBe('/api/v2/connections/con_NEW/clients');
  expect(ids.rewrite('/api/v2/users/auth0%7Crec')).toBe('/api/v2/users/auth0%7Cnew');
  expect(ids.rewrite('[{"client_id":"con_REC"}]')).toBe('[{"client_id":"con_NEW"}]');
});

test('replay: statuses and shapes per area; known differences explain exactly, and a fixed one is reported stale', async () => {
  const cassette: Cassette = {
    name: 'Made',
    interactions: [
      interaction(0, 'POST', '/things', 201, '{"id":"t_REC","kind":"a"}', '{"host":"idp.recorded.example"}'),
      interaction(1, 'GET', '/things/t_REC', 200, '{"id":"t_REC","kind":"a","extra":1}'),
      interaction(2, 'GET', '/things/t_MISSING', 404, '{"statusCode":404}'),
      interaction(3, 'GET', '/things/https:%2F%2Fidp.recorded.example%2Fapi', 404, '{"statusCode":404}'),
    ],
  };
  const sent: ReplayRequest[] = [];
  const target: ReplayTarget = {
    hosts: { 'idp.recorded.example': 'localhost:1' },
    idMembers: ['id'],
    nested: [],
    areaOf: () => 'things',
    async send(request) {
      sent.push(request);
      if (request.method === 'POST') return { status: 201, body: '{"id":"t_NEW","kind":"a"}' };
      if (request.path === '/things/t_NEW') return { status: 200, body: '{"id":"t_NEW","kind":"a"}' };
      return { status: 400, body: '{"statusCode":400}' };
    },
  };
  const results = await replayCassette(cassette, target);
  expect(sent.map(r => r.path)).toEqual(['/things', '/things/t_NEW', '/things/t_MISSING', '/things/https:%2F%2Flocalhost:1%2Fapi']);
  expect(sent[0].body).toBe('{"host":"localhost:1"}');
  expect(figuresByArea(results).at(-1)).toMatchObject({ interactions: 4, statusMatches: 2, keySetMatches: 3 });

  const known = [
    { cassette: 'Made', interactions: [1], missing: ['extra'], why: 'not emulated' },
    { cassette: 'Made', interactions: [2, 3], status: [404, 400] as const, why: 'wrong status' },
  ];
  expect(checkKnownDifferences(results, known)).toEqual({ unexplained: [], stale: [] });
  // An entry whose difference no longer occurs is stale; a difference it does not describe exactly is unexplained.
  const fixed = checkKnownDifferences(results, [...known, { cassette: 'Made', interactions: [0], extra: ['x'], why: 'fixed meanwhile' }]);
  expect(fixed.stale.map(s => s.index)).toEqual([0]);
  const wrong = checkKnownDifferences(results, [{ cassette: 'Made', interactions: [1], missing: ['other'], why: 'not what differs' }]);
  expect(wrong.unexplained.map(r => r.index)).toEqual([1, 2, 3]);
});
