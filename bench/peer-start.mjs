// Starts the peer the bench compares against on PEER_PORT, as its own command-line entry does
// (its CommonJS build: the same one that entry loads). It reads its TLS certificate from
// $HOME/.simulacrum/certs (the bench points HOME at a directory holding one from the local CA).
import { createRequire } from 'node:module';

const { simulation } = createRequire(import.meta.url)('@simulacrum/auth0-simulator');
const port = Number(process.env.PEER_PORT);
await simulation({ options: { port } }).listen(port);
console.log(`peer listening on ${port}`);
