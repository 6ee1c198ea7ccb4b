// The event log keeps the newest events, in order, up to its size: memory stays flat over any
// number of logins, and what a test or the flow inspector reads is the most recent.
import { expect, test } from '@playwright/test';
import { EventLog } from './event-log.ts';

test('a full log drops the oldest events and lists the rest in order', () => {
  const log = new EventLog('test', 3);
  for (let i = 1; i <= 7; i++) log.record('step', { i });
  expect(log.list().map(e => e.i)).toEqual([5, 6, 7]);
  expect(log.list().map(e => e.seq)).toEqual([5, 6, 7]);
  expect(log.lastSeq).toBe(7);
  expect(log.list({ since: 5 }).map(e => e.i)).toEqual([6, 7]);
});

test('a log not yet full lists every event, and a cleared one starts empty but keeps counting', () => {
  const log = new EventLog('test', 3);
  log.record('a.one');
  log.record('b.two');
  expect(log.list().map(e => e.type)).toEqual(['a.one', 'b.two']);
  expect(log.list({ type: 'a.' }).map(e => e.type)).toEqual(['a.one']);
  log.clear();
  expect(log.list()).toEqual([]);
  for (let i = 1; i <= 4; i++) log.record('step', { i });
  expect(log.list().map(e => e.seq)).toEqual([4, 5, 6]);
});
