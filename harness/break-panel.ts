// "Break something": a small page on the emulators' side (served by `npm start` on the embedded
// target, never by the relying party) with one button per broken broker (harness/broker-faults.ts),
// the faults in force, and a button that clears them. Each button is one call to an emulator's
// control plane. Only for this machine: it listens on loopback and takes a POST only from its own
// page (Origin checked).
import express from 'express';
import helmet from 'helmet';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BROKER_FAULTS, injectBrokerFault, type BrokerFaultName, type ControlPlanes } from './broker-faults.ts';
import { escapeHtml } from '../lib/html.ts';

export interface BreakPanel {
  url: string;
  close(): Promise<void>;
}

export interface BreakPanelOptions {
  planes: ControlPlanes;
  /** The demo app's URL, to send the learner back to it. */
  demoAppUrl: string;
  host?: string;
  port?: number;
}

export async function startBreakPanel(options: BreakPanelOptions): Promise<BreakPanel> {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet({ contentSecurityPolicy: { useDefaults: true, directives: { 'upgrade-insecure-requests': null } }, strictTransportSecurity: false }));
  let origin = '';

  app.get('/', async (_req, res) => {
    res.type('html').send(await page(options, origin));
  });
  app.post('/faults', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    if (req.headers.origin !== origin) return void res.status(403).type('text').send('Faults are set from this page only.');
    const name = String(req.body?.name ?? '');
    if (!(name in BROKER_FAULTS)) return void res.status(400).type('text').send(`Unknown fault "${name}".`);
    const user = typeof req.body?.user === 'string' && req.body.user.trim() ? req.body.user.trim() : undefined;
    try {
      await injectBrokerFault(options.planes, name as BrokerFaultName, { user });
      res.redirect(303, `/?injected=${encodeURIComponent(name)}`);
    } catch (error) {
      res
        .status(502)
        .type('text')
        .send(`The emulator refused: ${(error as Error).message}`);
    }
  });
  app.post('/faults/clear', async (req, res) => {
    if (req.headers.origin !== origin) return void res.status(403).type('text').send('Faults are cleared from this page only.');
    await Promise.all([options.planes.okta.delete('/faults'), options.planes.auth0.delete('/faults')]);
    res.redirect(303, '/?cleared=1');
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? 'localhost', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${options.host ?? 'localhost'}:${port}`;
  return {
    url: origin,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function page(options: BreakPanelOptions, origin: string): Promise<string> {
  const active = await Promise.all([options.planes.okta.get<unknown[]>('/faults'), options.planes.auth0.get<unknown[]>('/faults')]).catch(() => [[], []]);
  const rows = Object.entries(BROKER_FAULTS)
    .map(
      ([name, fault]) => `<li>
  <form method="post" action="${origin}/faults">
    <input type="hidden" name="name" value="${escapeHtml(name)}">
    <h2>${escapeHtml(fault.title)}</h2>
    <p>${escapeHtml(fault.what)}</p>
    <p><strong>You will see:</strong> ${escapeHtml(fault.sees)}</p>
    ${'kind' in fault.body ? `<label>Only for the user (email or id; empty: everyone) <input name="user" type="text" autocomplete="off"></label>` : ''}
    <button type="submit">Break it</button>
  </form>
</li>`,
    )
    .join('\n');
  const faults = [...(active[0] as object[]).map(f => ({ emulator: 'Okta', ...f })), ...(active[1] as object[]).map(f => ({ emulator: 'Auth0', ...f }))];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Break something · emulators</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:0 auto;padding:1.5rem;color:#1c1f24}ul.faults{list-style:none;padding:0;display:grid;gap:1rem}
ul.faults li{border:1px solid #dfe3ea;border-radius:.5rem;padding:1rem}h2{font-size:1.1rem;margin:0}button{background:#a5281b;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1rem;font:inherit;cursor:pointer}
label{display:block;margin:.5rem 0}pre{background:#f7f8fb;border:1px solid #dfe3ea;padding:.75rem;overflow:auto}</style>
</head><body>
<h1>Break something</h1>
<p>The Auth0 tenant and the Okta org are emulators on this machine: break the broker hop on purpose, then sign in on <a href="${escapeHtml(options.demoAppUrl)}">the demo app</a>
and open <a href="${escapeHtml(options.demoAppUrl)}/flow">How you signed in</a> (or run <code>npm run flow -- --last</code>) to see which hop failed.</p>
<h2>In force now</h2>
<pre data-testid="active-faults">${faults.length ? escapeHtml(faults.map(f => JSON.stringify(f)).join('\n')) : 'Nothing: the broker is healthy.'}</pre>
<form method="post" action="${origin}/faults/clear"><button type="submit">Clear every fault</button></form>
<ul class="faults">
${rows}
</ul>
</body></html>`;
}
