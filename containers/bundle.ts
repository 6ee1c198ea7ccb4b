// Builds what the two container images run (containers/Dockerfile calls it in its build stage):
// each entry point bundled with esbuild into one ES module (no TypeScript loader at run time, a
// few MB instead of the whole dependency tree), plus the files the code reads from disk at run
// time: the Okta Sign-In Widget's served files, @auth0/auth0-spa-js's two files, Mermaid's browser bundle, the demo app's
// static folder. Layout: <out>/<image>/ becomes /app in the image, so every `import.meta.url`
// and package lookup of the code resolves there as in the repository.
//
//   node --import tsx containers/bundle.ts <out-dir>
import { build, type BuildOptions } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from '../lib/paths.ts';
import { WIDGET_SERVED_FILES } from '../emulators/okta/sign-in/widget-assets.ts';
import { VENDOR_FILES } from '../demo-app/single-page-app.ts';
import sharedOptions from '../scripts/node-bundle.json' with { type: 'json' };

const { '//': _about, ...NODE_BUNDLE } = sharedOptions as { '//': string } & BuildOptions;

interface Image {
  name: 'emulators' | 'demo-app';
  entryPoints: string[];
  /** Packages read from disk at run time (createRequire(…).resolve): the files of each to keep. */
  assets: { package: string; keep: (pathInPackage: string) => boolean }[];
  folders: string[];
}

const IMAGES: Image[] = [
  {
    name: 'emulators',
    entryPoints: ['emulators/cli.ts', 'emulators/healthcheck.ts'],
    assets: [
      {
        package: '@okta/okta-signin-widget',
        keep: path => path === 'package.json' || (path.startsWith('dist/') && WIDGET_SERVED_FILES.test(path.slice('dist'.length))),
      },
      // The start-up self-check reads the installed version (emulators/shared/oidc-provider-internals.ts).
      { package: 'oidc-provider', keep: path => path === 'package.json' },
    ],
    folders: [],
  },
  {
    name: 'demo-app',
    entryPoints: ['demo-app/cli.ts', 'demo-app/healthcheck.ts'],
    assets: [{ package: '@auth0/auth0-spa-js', keep: path => path === 'package.json' || VENDOR_FILES.some(file => path === `dist/${file}`) }],
    folders: ['demo-app/public'],
  },
];

async function bundle(out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  const require = createRequire(import.meta.url);
  for (const image of IMAGES) {
    const root = join(out, image.name);
    const result = await build({
      ...NODE_BUNDLE,
      absWorkingDir: projectRoot,
      entryPoints: image.entryPoints,
      outbase: projectRoot,
      outdir: root,
      metafile: true,
    });
    for (const asset of image.assets) {
      const from = dirname(require.resolve(`${asset.package}/package.json`));
      const to = join(root, 'node_modules', asset.package);
      for (const file of filesUnder(from)) {
        const path = relative(from, file);
        if (!asset.keep(path)) continue;
        mkdirSync(dirname(join(to, path)), { recursive: true });
        cpSync(file, join(to, path));
      }
    }
    for (const folder of image.folders) cpSync(join(projectRoot, folder), join(root, folder), { recursive: true });
    const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    console.error(`${image.name}: ${image.entryPoints.join(', ')} → ${(bytes / 1e6).toFixed(1)} MB of JavaScript; ${sizeOf(root)} in all`);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function sizeOf(dir: string): string {
  const bytes = filesUnder(dir).reduce((sum, file) => sum + statSync(file).size, 0);
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

const out = process.argv[2];
if (!out) {
  console.error('Usage: node --import tsx containers/bundle.ts <out-dir>');
  process.exit(2);
}
await bundle(resolve(out));
