// The preflight's look at the run folder: what the next provision will do with the manifest it
// finds there — reuse the run, finish a run on tenants that never answered (a typo since fixed) and
// start afresh, or refuse a run whose other tenant is real.
import type { HarnessConfig } from './config.ts';
import { ManifestError, manifestPath, readManifest, resolveDir, sameTenants } from './manifest.ts';
import { probeAuth0Tenant, probeFetch, probeOktaOrg } from './tenant-probe.ts';
import { teardownCommand } from './recovery-commands.ts';
import type { Report } from './preflight-check.ts';

export async function manifestCheck(config: HarnessConfig, dir: string | undefined, report: Report): Promise<void> {
  const check = 'run folder';
  let manifest;
  try {
    manifest = readManifest(dir);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return report({ check, status: 'fail', detail: error.message.split(';')[0], fix: error.message.split('; ').slice(1).join('; ') });
  }
  if (!manifest) return report({ check, status: 'pass', detail: `no run in ${manifestPath(dir)}: the next provision starts one` });
  if (sameTenants(manifest, config))
    return report({ check, status: 'pass', detail: `run ${manifest.runId} on these tenants: the next provision verifies and reuses it` });
  if (manifest.target === 'embedded' && config.target === 'embedded')
    return report({ check, status: 'pass', detail: `run ${manifest.runId} was on other emulators: the next provision starts a new run` });

  const transport = probeFetch(config);
  const sides = [
    ...(manifest.auth0Domain !== config.auth0.domain || manifest.target !== config.target
      ? [{ tenant: manifest.auth0Domain, probe: probeAuth0Tenant(manifest.auth0Domain, transport) }]
      : []),
    ...(manifest.oktaOrgUrl !== config.okta.orgUrl || manifest.target !== config.target
      ? [{ tenant: manifest.oktaOrgUrl, probe: probeOktaOrg(manifest.oktaOrgUrl, transport) }]
      : []),
  ];
  const answering: string[] = [];
  for (const side of sides) if ((await side.probe).answers) answering.push(side.tenant);
  if (answering.length)
    return report({
      check,
      status: 'fail',
      detail: `run ${manifest.runId} in ${manifestPath(dir)} lives on ${answering.join(' and ')}, which this configuration does not name`,
      fix: `tear it down with that run's own configuration (\`${teardownCommand({ target: manifest.target, dir: resolveDir(dir) })}\` with its variables), or sweep it there later`,
    });
  report({
    check,
    status: 'pass',
    detail: `run ${manifest.runId} names ${sides.map(s => s.tenant).join(' and ')}, which do${sides.length === 1 ? 'es' : ''} not answer: the next provision removes what it left on these tenants and starts afresh`,
  });
}
