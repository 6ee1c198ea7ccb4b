// The shared last error handler (shared/request-errors.ts) once an answer has begun: a surface's
// handler must delegate with next(err), as Express requires of every error handler after headers
// are sent, and the app's outermost handler ends the connection, recording the error once.
import { test, expect } from '@playwright/test';
import express from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { EventLog } from './shared/event-log.ts';
import { finalErrorHandler } from './shared/request-errors.ts';

const rendered: string[] = [];
const renderNothing = (req: express.Request) => void rendered.push(req.path);

test('an error after the headers went out is delegated by the surface and ends the connection once, recorded once', async () => {
  const events = new EventLog('test');
  const reachedApp: unknown[] = [];
  const surface = express.Router();
  surface.get('/stream', (_req, res, next) => {
    res.status(200).type('text').write('partial ');
    next(new Error('broke while streaming'));
  });
  surface.use(finalErrorHandler({ events, surface: 'test.surface', render: renderNothing }));

  const app = express();
  app.use(surface);
  app.use((error: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
    reachedApp.push(error);
    next(error);
  });
  app.use(finalErrorHandler({ events, surface: 'test', render: renderNothing, outermost: true }));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/stream`);
    expect(res.status).toBe(200);
    await expect(res.text(), 'the connection ends instead of leaving the client waiting').rejects.toThrow();
    expect(rendered, 'nothing is rendered once headers are sent').toEqual([]);
    expect(reachedApp, "the surface's handler passed the error on with next(err)").toHaveLength(1);
    const recorded = events.list({ type: 'emulator.internal_error' });
    expect(recorded.map(e => e.surface)).toEqual(['test.surface']);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
