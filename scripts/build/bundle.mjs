// The production build of one package: `node ../../scripts/build/bundle.mjs src/main.ts [more entries]`, run
// from the package folder (its npm `build` script). Every entry lies under one top folder (src/ in a package,
// scripts/ for the operator tools the repository root builds, `npm run build:tools`) and becomes
// dist/<path under that folder>.js with a source map, so a file keeps its depth: a path it reads relative
// to __dirname still points at the same place. The package's own TypeScript (its generated Prisma client
// included) and the workspace's @kot/* packages, which ship TypeScript source, are bundled in; every npm
// dependency stays external and is loaded from node_modules at run time, so native and WASM parts (pg,
// Prisma's runtime) keep their layout. Production starts `node --enable-source-maps dist/main.js`; tsx
// stays for development and tests.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '../..');
const hoisted = path.join(root, 'node_modules') + path.sep;

// --outputs prints each entry's output path and builds nothing (scripts/build/tools.unit.test.ts asks it).
const listOnly = process.argv[2] === '--outputs';
const entries = process.argv.slice(listOnly ? 3 : 2);
if (entries.length === 0) {
  console.error('usage: bundle.mjs [--outputs] <entry.ts> [...]');
  process.exit(2);
}
const tops = new Set(entries.map((entry) => path.normalize(entry).split(path.sep)[0]));
if (tops.size !== 1 || entries.some((entry) => !/.+[\\/].+\.ts$/.test(path.normalize(entry)))) {
  console.error(`bundle.mjs: every entry must be a .ts file under one folder (src/ or scripts/): ${entries.join(' ')}`);
  process.exit(2);
}
const [outbase] = tops;

/** dist/<path under the entries' top folder>.js */
const outputOf = (entry) => path.join('dist', path.relative(outbase, entry)).replace(/\.ts$/, '.js');
const shown = (file) => file.split(path.sep).join('/');
if (listOnly) {
  console.log(entries.map((entry) => shown(outputOf(entry))).join('\n'));
  process.exit(0);
}

/**
 * Where an output file finds an npm package at run time. A hoisted one (root node_modules) by its bare name.
 * One npm nested under a workspace package (shared-models/x/node_modules/...), because another version sits
 * at the root, is not visible from the package's folder: it is required by its path relative to the output
 * file's folder, which holds wherever the repository's layout is kept (a clone, or an image that copies the
 * workspace tree).
 */
function runtimeSpecifier(specifier, resolveDir, outputDir) {
  if (specifier.startsWith('node:')) return specifier;
  let file;
  try {
    file = require.resolve(specifier, { paths: [resolveDir] });
  } catch {
    return specifier; // optional peer dependencies some packages probe for at run time
  }
  if (!path.isAbsolute(file) || file.startsWith(hoisted)) return specifier;
  const relative = path.relative(path.resolve(outputDir), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** npm packages stay external; relative imports and @kot/* workspace packages are bundled. */
const externalNpmPackages = (outputDir) => ({
  name: 'external-npm-packages',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@kot/')
        ? undefined
        : { path: runtimeSpecifier(args.path, args.resolveDir, outputDir), external: true },
    );
  },
});

await rm('dist', { recursive: true, force: true });
// One build per entry: a nested package's relative path depends on the folder its output lands in.
await Promise.all(
  entries.map((entry) =>
    build({
      entryPoints: [entry],
      outfile: outputOf(entry),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      // Stack traces and pino's error serialisation keep readable function and class names.
      keepNames: true,
      logLevel: 'warning',
      plugins: [externalNpmPackages(path.dirname(outputOf(entry)))],
    }),
  ),
);
console.log(`built ${entries.map((entry) => shown(outputOf(entry))).join(', ')}`);
