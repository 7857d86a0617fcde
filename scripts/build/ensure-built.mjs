// `node <root>/scripts/build/ensure-built.mjs dist/<tool>.js`, run by an operator tool's npm script (so from
// its package folder) just before `node --enable-source-maps dist/<tool>.js`: brings that package's build up
// to date through turbo, so the tool runs compiled on a fresh clone, after ./scripts/start-system.sh (a
// cache hit, well under a second) and after its sources changed (never a stale dist/). The turbo task is
// `//#build:tools` at the repository root and `<package name>#build` in a workspace package (turbo.json).
// Silent unless the build fails. Without turbo (an image installed with --omit=dev) an existing file is run
// as built.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const turbo = path.join(root, 'node_modules', '.bin', 'turbo');
const [output, ...rest] = process.argv.slice(2);

if (!output || rest.length > 0 || !/^dist\/.+\.js$/.test(output)) {
  console.error('usage: ensure-built.mjs dist/<tool>.js   (from the package folder, as npm scripts run)');
  process.exit(2);
}

/** The turbo task that produces dist/ in the current folder. */
function taskHere() {
  const folder = process.cwd();
  if (path.relative(root, folder) === '') return '//#build:tools';
  const { name } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  return `${name}#build`;
}

function fail(message) {
  console.error(`${message}\nbuild it yourself: npx turbo run ${taskHere()}   (from ${root})`);
  process.exit(1);
}

if (!existsSync(turbo)) {
  if (existsSync(output)) process.exit(0);
  fail(`${output} is not built and turbo is not installed (npm install first)`);
}

const build = spawnSync(turbo, ['run', taskHere(), '--output-logs=errors-only'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1' },
});
if (build.error || build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  // A service bundles its generated Prisma client, which the migrations generate (scripts/lib/migrate.sh).
  const noClient = existsSync('prisma/schema.prisma') && !existsSync('src/generated/prisma');
  fail(
    `the build of ${output} failed${build.error ? ` (${build.error.message})` : ''}` +
      (noClient
        ? '\nthe Prisma client is not generated: ./scripts/start-system.sh does it (or npx prisma generate here)'
        : ''),
  );
}
if (!existsSync(output)) fail(`the build succeeded but made no ${output}: is its entry in the build script?`);
