// `npm run flow -- --last`: the last flow (login, logout, refresh, Universal Logout, SCIM push) in
// the terminal — a sequence diagram drawn in text, then every hop with its parameters and decoded
// tokens. On the embedded target (`npm start` or `npm run emulators` running) both emulators'
// event logs feed it; on live, Auth0's tenant logs (read:logs), and what they cannot show is said.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { renderMermaidASCII } from 'beautiful-mermaid';
import { ConfigError, loadConfig, type HarnessConfig } from '../provisioning/index.ts';
import { runEnvPath } from '../provisioning/manifest.ts';
import { log } from '../lib/redaction.ts';
import { ControlPlaneError } from '../lib/control-plane-client.ts';
import { EmulatorFlows } from './emulator-source.ts';
import { interestingFlows } from './flows.ts';
import { flowSummary, type Flow } from './flow.ts';
import { hopTableText } from './hop-table.ts';
import { sequenceDiagram } from './sequence-diagram.ts';
import { tenantLogFlows, TENANT_LOGS_CANNOT_SHOW } from './tenant-logs.ts';

const USAGE = `Usage: npm run flow -- [--last | --list | --n N] [--kind login|logout|refresh|…] [--mermaid] [--no-tokens]
  --last       the last flow (default)
  --list       one line per flow the emulators still hold
  --n N        the N-th flow of --list
  --kind K     only flows of that kind (login, silent login, logout, refresh, universal logout, scim push, management)
  --mermaid    print the Mermaid text instead of drawing it
  --no-tokens  leave the decoded tokens out of the table`;

export async function main(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) return (void log.info(USAGE), 0);
  const known = new Set(['--last', '--list', '--n', '--kind', '--mermaid', '--no-tokens']);
  const unknown = args.filter((a, i) => a.startsWith('--') && !known.has(a) && !(i > 0 && ['--n', '--kind'].includes(args[i - 1])));
  if (unknown.length) throw new UsageError(`Unknown option ${unknown.join(' ')}.\n${USAGE}`);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);

  const config = loadConfig({ env });
  let flows = config.target === 'embedded' ? await embeddedFlows(config) : await tenantLogFlows(config);
  const kind = option('--kind');
  if (kind) flows = flows.filter(f => f.kind === kind);
  if (!flows.length) {
    log.info(`No ${kind ? `${kind} ` : ''}flow recorded yet. Sign in on the demo app (npm start prints its URL), then run this again.`);
    return 0;
  }
  if (args.includes('--list')) {
    for (const [i, flow] of flows.entries()) log.info(`${String(i + 1).padStart(3)}  ${flowSummary(flow)}`);
    return 0;
  }
  const n = option('--n');
  const chosen = n === undefined ? flows.at(-1)! : flows[Number(n) - 1];
  if (!chosen) throw new UsageError(`--n must be between 1 and ${flows.length}.`);
  process.stdout.write(render(chosen, { mermaid: args.includes('--mermaid'), tokens: !args.includes('--no-tokens') }));
  if (config.target === 'live') process.stdout.write(`\n${TENANT_LOGS_CANNOT_SHOW}\n`);
  return 0;
}

export function render(flow: Flow, options: { mermaid?: boolean; tokens?: boolean } = {}): string {
  const diagram = options.mermaid ? sequenceDiagram(flow) : renderMermaidASCII(sequenceDiagram(flow));
  return `${diagram}\n${hopTableText(flow, { tokens: options.tokens })}`;
}

async function embeddedFlows(config: HarnessConfig): Promise<Flow[]> {
  const app = existsSync(runEnvPath()) ? parse(readFileSync(runEnvPath())).BASE_URL : undefined;
  const auth0 = [...new Set([config.auth0.domain, config.auth0.loginDomain])].map(d => `https://${d}`);
  const source = new EmulatorFlows(
    { auth0, okta: config.okta.orgUrl, app: app ? [new URL(app).origin] : undefined },
    { token: config.controlPlaneToken ?? '', caCertPem: config.caCertPem },
  );
  try {
    return interestingFlows(await source.flows());
  } catch (error) {
    if (error instanceof ControlPlaneError) throw error;
    throw new UsageError(
      `The emulators do not answer at ${auth0[0]} and ${config.okta.orgUrl}: start them with \`npm start\` (or \`npm run emulators\`). (${(error as Error).message})`,
    );
  }
}

class UsageError extends Error {}

// Run as a command only (npm run flow, from its bundle or through tsx): nothing imports this module.
main(process.argv.slice(2)).then(
  code => process.exit(code),
  (error: unknown) => {
    log.error(
      error instanceof UsageError || error instanceof ConfigError || error instanceof ControlPlaneError
        ? (error as Error).message
        : `npm run flow failed: ${(error as Error).stack ?? String(error)}`,
    );
    process.exit(1);
  },
);
