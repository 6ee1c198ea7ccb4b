// Finding a Chromium to drive, and making it trust the harness's local CA.
// `npx playwright install` cannot download on every machine (CI here has no such access), so the
// harness looks for a Playwright-managed Chromium first and then for a system one, and says what
// to install when there is none. Trust goes through an NSS database in a throwaway HOME (Chromium
// on Linux reads $HOME/.pki/nssdb), never through disabling certificate checks.
import { chromium } from 'playwright-core'; // the browser library, not the test runner
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { harnessDir } from './paths.ts';

// Headless runs prefer the headless shell (Debian: chromium-headless-shell), which is what Playwright
// itself runs headless: the same engine without the desktop browser's UI processes, about twice as
// fast to open pages on a small machine.
const SYSTEM_HEADLESS_SHELLS = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'];

const SYSTEM_CHROMIUMS = [
  '/usr/lib/chromium/chromium', // Debian's binary (/usr/bin/chromium is a wrapper script)
  '/usr/lib/chromium-browser/chromium-browser',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export class NoChromiumError extends Error {
  override name = 'NoChromiumError';
  constructor() {
    super(
      'No Chromium found for the browser specs. Install one of:\n' +
        '  Debian/Ubuntu:  sudo apt-get install -y chromium libnss3-tools\n' +
        '  any machine with download access:  npx playwright install chromium\n' +
        'or point CHROMIUM_PATH at a Chromium/Chrome executable.',
    );
  }
}

/**
 * CHROMIUM_PATH, else a Playwright-managed Chromium, else a system one (its headless shell first when
 * `headless`); undefined when none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, { headless = true }: { headless?: boolean } = {}): string | undefined {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist.`);
    return env.CHROMIUM_PATH;
  }
  try {
    const managed = chromium.executablePath();
    if (managed && existsSync(managed)) return managed;
  } catch {
    // no Playwright-managed browser registered
  }
  return [...(headless ? SYSTEM_HEADLESS_SHELLS : []), ...SYSTEM_CHROMIUMS].find(p => existsSync(p));
}

export interface ChromiumTrust {
  /** Environment for the browser process (HOME pointing at the NSS database). */
  env: Record<string, string>;
  /** True only where certutil is missing: the browser then has to skip certificate checks. */
  ignoreHTTPSErrors: boolean;
  warning?: string;
}

/**
 * An NSS database that trusts `caCertPath`, in a HOME of its own under .harness/. Rebuilt only when
 * the CA changes. Falls back to ignoreHTTPSErrors, with a warning, where certutil is missing.
 */
export function prepareChromiumTrust(caCertPath: string, home = join(harnessDir(), 'chromium-home')): ChromiumTrust {
  const nssdb = join(home, '.pki', 'nssdb');
  const marker = join(home, 'trusted-ca.pem');
  const caPem = readFileSync(caCertPath, 'utf8');
  const env = { HOME: home };
  if (existsSync(marker) && readFileSync(marker, 'utf8') === caPem && existsSync(join(nssdb, 'cert9.db'))) {
    return { env, ignoreHTTPSErrors: false };
  }
  if (!hasCertutil()) {
    return {
      env,
      ignoreHTTPSErrors: true,
      warning: 'warning: certutil not found (Debian/Ubuntu: apt-get install libnss3-tools); the browser will skip certificate checks for this run.',
    };
  }
  rmSync(nssdb, { recursive: true, force: true });
  mkdirSync(nssdb, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password'], { stdio: 'pipe' });
  execFileSync('certutil', ['-d', `sql:${nssdb}`, '-A', '-t', 'C,,', '-n', 'auth0-okta-harness-local-ca', '-i', caCertPath], { stdio: 'pipe' });
  writeFileSync(marker, caPem);
  return { env, ignoreHTTPSErrors: false };
}

function hasCertutil(): boolean {
  try {
    execFileSync('certutil', ['-H'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // certutil -H exits non-zero but exists; ENOENT means it is missing.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Flags that keep Chromium from reaching out to the network on its own (closed networks refuse it). */
export const QUIET_CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
