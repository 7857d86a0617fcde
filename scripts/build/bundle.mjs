// The production build of one package: `node ../../scripts/build/bundle.mjs src/main.ts [more entries]`, run
// from the package folder (its npm `build` script). Each entry becomes dist/<path under src>.js, with a
// source map. The package's own TypeScript (its generated Prisma client included) and the workspace's
// @kot/* packages, which ship TypeScript source, are bundled in; every npm dependency stays external and is
// loaded from node_modules at run time, so native and WASM parts (pg, Prisma's runtime) keep their layout.
// Production starts `node --enable-source-maps dist/main.js`; tsx stays for development and tests.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const hoisted = path.join(root, 'node_modules') + path.sep;

const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: bundle.mjs <entry.ts> [...]');
  process.exit(2);
}

/**
 * Where dist/ finds an npm package at run time. A hoisted one (root node_modules) by its bare name. One npm
 * nested under a workspace package (shared-models/x/node_modules/...), because another version sits at the
 * root, is not visible from the service's folder: it is required by its path relative to dist/, which holds
 * wherever the repository's layout is kept (a clone, or an image that copies the workspace tree).
 */
function runtimeSpecifier(specifier, resolveDir) {
  if (specifier.startsWith('node:')) return specifier;
  let file;
  try {
    file = require.resolve(specifier, { paths: [resolveDir] });
  } catch {
    return specifier; // optional peer dependencies some packages probe for at run time
  }
  if (!path.isAbsolute(file) || file.startsWith(hoisted)) return specifier;
  const relative = path.relative(path.resolve('dist'), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** npm packages stay external; relative imports and @kot/* workspace packages are bundled. */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@kot/')
        ? undefined
        : { path: runtimeSpecifier(args.path, args.resolveDir), external: true },
    );
  },
};

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: entries,
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Stack traces and pino's error serialisation keep readable function and class names.
  keepNames: true,
  logLevel: 'warning',
  plugins: [externalNpmPackages],
});
console.log(`built ${entries.map((e) => e.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')).join(', ')}`);
