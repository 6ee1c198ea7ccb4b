// The peer's start function and default user, for the bench's in-process figure (its CommonJS
// build, the one its command-line entry loads).
import { createRequire } from 'node:module';

const { simulation, defaultUser } = createRequire(import.meta.url)('@simulacrum/auth0-simulator');
export { simulation, defaultUser };
