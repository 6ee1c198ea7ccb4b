// oidc-provider prints "Unsupported runtime. Use Node.js v22.x LTS…" when loaded on Node 20. It is
// harmless here (the harness supports Node >= 20.19 and its tests run on 20), and it would be the
// first line every user sees, so the command-line entry points import this module first to drop
// exactly that one line. Every other warning passes through.
const original = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
  original(...args);
};
