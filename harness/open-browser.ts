// `npm start -- --open`: a Chromium window on the demo, with the harness's trusted profile — the
// NSS database (in a HOME of its own under .harness/) that trusts the local CA, the one the specs
// use — so the emulators' pages open without a certificate warning. Found as the specs find it
// (lib/chromium.ts: CHROMIUM_PATH, a Playwright-managed one, the system's).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { harnessDir } from '../lib/paths.ts';
import { NoChromiumError, QUIET_CHROMIUM_ARGS, findChromium, prepareChromiumTrust } from '../lib/chromium.ts';

export interface OpenedBrowser {
  executable: string;
  process: ChildProcess;
  /** Set where certutil is missing: then the window shows certificate warnings. */
  warning?: string;
}

/** Opens `url`; with `caCertPath` (the embedded target's local CA) the profile trusts it. */
export function openChromium(url: string, caCertPath: string | undefined, env: NodeJS.ProcessEnv = process.env): OpenedBrowser {
  const executable = findChromium(env, { headless: false });
  if (!executable) throw new NoChromiumError();
  const trust = caCertPath ? prepareChromiumTrust(caCertPath) : { env: {}, warning: undefined };
  const child = spawn(executable, [...QUIET_CHROMIUM_ARGS, '--no-default-browser-check', `--user-data-dir=${join(harnessDir(), 'chromium-profile')}`, url], {
    env: { ...env, ...trust.env },
    stdio: 'ignore',
  });
  child.on('error', () => undefined); // reported by the caller through `exitCode`; never crashes the harness
  return { executable, process: child, warning: trust.warning };
}
