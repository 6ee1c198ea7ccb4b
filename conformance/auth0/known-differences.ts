// Where the Auth0 tenant emulator still answers differently from the recorded real tenant, each
// with the reason. The conformance test fails on any other difference, and on any entry here that
// no longer occurs (remove it once fixed).
import type { KnownDifference, LaterAddition } from '../replay.ts';

export const AUTH0_KNOWN_DIFFERENCES: KnownDifference[] = [];

export const AUTH0_LATER_ADDITIONS: LaterAddition[] = [];
