// Provisioning's library API, used by `npm start`, the test fixtures and the CLI.
export { loadConfig, ConfigError, type HarnessConfig, type HarnessTarget, type LoadConfigOptions } from './config.ts';
export { provision, ProvisionError, type ProvisionOptions, type ProvisionResult } from './provision.ts';
export { teardown, TeardownError, type TeardownOptions, type TeardownSummary, type TeardownItem } from './teardown.ts';
export { sweep, type SweepOptions, type SweepSummary, type SweepItem } from './sweep.ts';
export { status, type StatusOptions, type StatusReport, type ResourceStatus } from './status.ts';
export {
  readManifest,
  readRunEnv,
  removeRunFiles,
  manifestPath,
  runEnvPath,
  ManifestError,
  type Manifest,
  type ManifestEntry,
  type ResourceKind,
} from './manifest.ts';
export { preflight, preflightOrThrow, PreflightError, type PreflightReport, type PreflightScope } from './preflight.ts';
export { formatCheck, type CheckResult } from './preflight-check.ts';
export { teardownCommand } from './recovery-commands.ts';
export { newRunId, runIdTime, runIdOfName, runNames, runEmailDomain, RESOURCE_PREFIX } from './naming.ts';
export { parseDuration, DurationError } from './duration.ts';
export { formatProgress, type OnProgress, type ProgressEvent } from './progress.ts';
export { StepError, describeApiError } from './api-errors.ts';
export type { CallCounts } from './call-counter.ts';
