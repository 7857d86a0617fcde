// The operator tools run compiled (issue 16). A tool is named in three places that must agree: the entry
// list of its package's bundler script, the command that runs it (npm script, or scripts/system-status.sh),
// and turbo.json, which builds the root's tools in every `turbo run build`. The bundler itself says which
// file an entry becomes (bundle.mjs --outputs), so these checks follow its rule rather than restating it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const RUN =
  /^node (\S*scripts\/build\/ensure-built\.mjs) (dist\/\S+\.js) && node --enable-source-maps (dist\/\S+\.js)$/;

interface ToolPackage {
  dir: string;
  /** the npm script that bundles the package */
  build: string;
  /** its operator tools' npm scripts */
  tools: string[];
}

const PACKAGES: ToolPackage[] = [
  { dir: '.', build: 'build:tools', tools: ['simulate', 'monitor', 'dlq'] },
  { dir: 'services/order-service', build: 'build', tools: ['rebuild-projections'] },
  { dir: 'services/analytics-service', build: 'build', tools: ['rebuild'] },
];

function scriptsOf(dir: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8')).scripts;
}

function entriesOf(pkg: ToolPackage): string[] {
  const match = /^node (\S*scripts\/build\/bundle\.mjs) (.+)$/.exec(scriptsOf(pkg.dir)[pkg.build] ?? '');
  if (!match?.[1] || !match[2]) throw new Error(`${pkg.dir}: "${pkg.build}" does not run scripts/build/bundle.mjs`);
  expect(path.resolve(root, pkg.dir, match[1])).toBe(path.join(root, 'scripts/build/bundle.mjs'));
  return match[2].split(' ');
}

/** entry → the file the bundler makes of it */
function outputsOf(pkg: ToolPackage): Map<string, string> {
  const entries = entriesOf(pkg);
  const bundle = path.join(root, 'scripts/build/bundle.mjs');
  const printed = execFileSync(process.execPath, [bundle, '--outputs', ...entries], {
    cwd: path.join(root, pkg.dir),
    encoding: 'utf8',
  });
  const outputs = printed.trim().split('\n');
  expect(outputs).toHaveLength(entries.length);
  return new Map(entries.map((entry, i) => [entry, outputs[i] ?? '']));
}

/** The compiled file each tool command runs, after ensure-built.mjs has built that same file. */
function filesRunBy(pkg: ToolPackage): string[] {
  const files = pkg.tools.map((tool) => {
    const command = scriptsOf(pkg.dir)[tool] ?? '';
    const match = RUN.exec(command);
    if (!match?.[1]) throw new Error(`${pkg.dir}: npm script "${tool}" does not run compiled: ${command}`);
    expect(path.resolve(root, pkg.dir, match[1])).toBe(path.join(root, 'scripts/build/ensure-built.mjs'));
    expect(match[3]).toBe(match[2]);
    return match[2] ?? '';
  });
  if (pkg.dir !== '.') return files;
  const status = readFileSync(path.join(root, 'scripts/system-status.sh'), 'utf8');
  const ensured = /^node scripts\/build\/ensure-built\.mjs (dist\/\S+\.js)$/m.exec(status)?.[1];
  const run = /^exec node --enable-source-maps (dist\/\S+\.js)$/m.exec(status)?.[1];
  expect(run).toBeDefined();
  expect(ensured).toBe(run);
  return [...files, run ?? ''];
}

describe.each(PACKAGES)('operator tools of $dir', (pkg) => {
  it('run the files the bundler makes of the build entries, and every entry but the service is run', () => {
    const outputs = outputsOf(pkg);
    const run = filesRunBy(pkg);
    expect([...new Set(run)].sort()).toEqual(
      [...outputs]
        .filter(([entry]) => entry !== 'src/main.ts')
        .map(([, output]) => output)
        .sort(),
    );
  });

  it('bundle entries that exist', () => {
    for (const entry of entriesOf(pkg)) expect(existsSync(path.join(root, pkg.dir, entry))).toBe(true);
  });
});

describe('the root tools build', () => {
  const turbo = JSON.parse(readFileSync(path.join(root, 'turbo.json'), 'utf8')).tasks;

  it('runs with every `turbo run build` (start-system.sh builds that way) and is cached', () => {
    expect(turbo.build.with).toContain('//#build:tools');
    expect(turbo['//#build:tools'].outputs).toEqual(['dist/**']);
    expect(turbo['//#build:tools'].inputs).toEqual(expect.arrayContaining(['scripts/**', 'shared-models/*/src/**']));
  });

  it('keeps each file at its source depth, so paths a tool reads relative to __dirname still hold', () => {
    // monitor reads join(__dirname, '../../infrastructure/stack.env')
    for (const [entry, output] of outputsOf(PACKAGES[0] as ToolPackage)) {
      expect(path.resolve(root, path.dirname(output), '../..')).toBe(path.resolve(root, path.dirname(entry), '../..'));
    }
  });

  it('writes into a dist/ git ignores', () => {
    expect(readFileSync(path.join(root, '.gitignore'), 'utf8').split('\n')).toContain('dist/');
  });
});
