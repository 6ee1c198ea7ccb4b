// The entry points scripts/build.mjs bundles into dist/<name>.mjs and scripts/launch.mjs runs.
export const ENTRIES = { emulators: 'emulators/cli.ts', provisioning: 'provisioning/cli.ts', start: 'harness/start.ts', flow: 'inspector/cli.ts' };
