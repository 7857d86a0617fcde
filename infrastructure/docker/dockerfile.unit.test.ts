// What the images promise, read from the Dockerfiles (no Docker engine here): built in stages, run with
// production dependencies only, as a non-root user, with Node itself receiving SIGTERM; and the readers the
// compose tests and the scratch build rely on (Dockerfile, .dockerignore) read these files correctly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile, type Instruction } from './dockerfile';
import { isIgnored, parseDockerignore } from './dockerignore';
import { imageConfig, stageChain } from './image-config';
import { namesAbsolutePath } from './scratch-build';

const read = (file: string) => readFileSync(path.resolve(__dirname, '../..', file), 'utf8');
const service = parseDockerfile(read('infrastructure/docker/service.Dockerfile'));
const simulator = parseDockerfile(read('infrastructure/docker/simulator.Dockerfile'));
const ignore = parseDockerignore(read('.dockerignore'));
const steps = read('infrastructure/docker/steps.sh');
const SERVICE_ARGS = { SERVICE: 'order-service', SERVICE_PORT: '8081' };

const runs = (instructions: Instruction[]) => instructions.flatMap((i) => (i.kind === 'run' ? [i.command] : []));
const copiesFrom = (instructions: Instruction[]) =>
  instructions.flatMap((i) => (i.kind === 'copy' && i.from ? [i.from] : []));

describe('service.Dockerfile', () => {
  const chain = stageChain(service, SERVICE_ARGS);
  const runtime = chain[chain.length - 1]!;

  it('runs a stage of its own on the Node 24 image, not the build stage, with production dependencies only', () => {
    expect(chain.map((s) => s.name)).toEqual(['runtime']);
    expect(service.globalArgs.NODE_IMAGE).toBe('node:24-bookworm-slim');
    expect(copiesFrom(runtime.instructions)).toEqual(['production-deps', 'build', 'build', 'build', 'build']);
    const deps = service.stages.find((s) => s.name === 'production-deps')!;
    expect(runs(deps.instructions)).toEqual([
      expect.stringMatching(/steps\.sh production-deps services\/\$\{SERVICE\}$/),
    ]);
    expect(steps).toMatch(/production_deps\(\) \{\n\s+"\$\{NPM_CI\[@\]\}" --omit=dev --workspace/);
  });

  it('builds with dev dependencies: npm ci, the Prisma clients, then the npm build script', () => {
    const stages = stageChain(service, SERVICE_ARGS, 'build');
    expect(stages.map((s) => s.name)).toEqual(['workspace', 'build']);
    expect(stages.flatMap((s) => runs(s.instructions)).map((r) => r.replace(/^.*steps\.sh /, ''))).toEqual([
      'install',
      'generate',
      'build services/${SERVICE}',
    ]);
  });

  it('runs node dist/main.js in the service folder as `node`, PID 1 without a shell, probing /health/ready', () => {
    const config = imageConfig(service, SERVICE_ARGS);
    expect(config).toMatchObject({
      workdir: '/app/services/order-service',
      user: 'node',
      stopSignal: 'SIGTERM',
      expose: ['8081'],
      env: { NODE_ENV: 'production', SERVICE_PORT: '8081', LISTEN_HOST: '0.0.0.0' },
      cmd: ['node', '--enable-source-maps', '--max-semi-space-size=8', '--max-old-space-size=128', 'dist/main.js'],
    });
    expect(config.healthcheck?.command.slice(2)).toEqual(['/health/ready', 'SERVICE_PORT']);
  });

  it('has a migrations target that runs the native migration script', () => {
    expect(imageConfig(service, {}, 'migrations').cmd).toEqual(['bash', 'scripts/lib/migrate.sh', 'kot']);
  });
});

describe('simulator.Dockerfile', () => {
  it.each(['payment', 'carrier', 'mail'])('SIMULATOR=%s picks that stage, run as `node` on /health', (name) => {
    const chain = stageChain(simulator, { SIMULATOR: name });
    expect(chain.map((s) => s.name)).toEqual(['simulator', `simulator-${name}`, String(simulator.stages.length - 1)]);
    const config = imageConfig(simulator, { SIMULATOR: name });
    expect(config).toMatchObject({ user: 'node', stopSignal: 'SIGTERM', env: { NODE_ENV: 'production' } });
    expect(config.cmd).toEqual([
      'node',
      '--enable-source-maps',
      '--max-semi-space-size=8',
      '--max-old-space-size=128',
      `dist/${name}/main.js`,
    ]);
    expect(config.healthcheck?.command[2]).toBe('/health');
  });
});

describe('the Dockerfile reader', () => {
  const parsed = parseDockerfile(
    [
      'ARG BASE=node:24',
      'FROM ${BASE} AS one',
      '# a comment',
      'ARG NAME',
      'ENV GREETING="hello there" WHO=${NAME}',
      'RUN --mount=type=cache,target=/root/.npm echo one \\',
      '  # dropped inside a continuation, as Docker does',
      '  two',
      'COPY --from=zero a b/ ./',
      'HEALTHCHECK --interval=5s CMD ["node", "probe.js"]',
      'FROM one',
      'WORKDIR srv',
      'EXPOSE ${PORTS}',
    ].join('\n'),
  );

  it('reads flags, continuations, ENV pairs, exec forms and scopes ARGs and ENV like Docker', () => {
    const [one] = parsed.stages;
    expect(parsed.globalArgs).toEqual({ BASE: 'node:24' });
    expect(one?.instructions[2]).toEqual({ kind: 'run', command: 'echo one two' });
    expect(one?.instructions[3]).toEqual({ kind: 'copy', from: 'zero', sources: ['a', 'b/'], dest: './' });
    const config = imageConfig(parsed, { NAME: 'kot', PORTS: '1 2' });
    expect(config.env).toEqual({ GREETING: 'hello there', WHO: 'kot' });
    expect(config.healthcheck).toEqual({ options: { interval: '5s' }, command: ['node', 'probe.js'] });
    // PORTS was never declared by an ARG, so it expands to nothing; WORKDIR is relative to the last one.
    expect([config.expose, config.workdir]).toEqual([[], '/srv']);
  });

  it('refuses the shell form where only the exec form lets Node receive SIGTERM', () => {
    expect(() => parseDockerfile('FROM x\nCMD node main.js')).toThrow(/exec form/);
  });
});

describe('building without Docker (scratch-build.ts)', () => {
  it('can run every RUN line of both Dockerfiles: none names an absolute path of the image', () => {
    const all = [service, simulator].flatMap((file) => file.stages.flatMap((stage) => runs(stage.instructions)));
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all.filter(namesAbsolutePath)).toEqual([]);
  });

  it('refuses a RUN line that would reach outside the stage folder', () => {
    const lines = ['mkdir -p /app/x', 'cp a /etc/b', 'X=/tmp make', 'echo hi >/dev/null', 'mkdir -p .local/x'];
    expect(lines.map(namesAbsolutePath)).toEqual([true, true, true, false, false]);
  });
});

describe('.dockerignore', () => {
  it.each([
    ['node_modules', true],
    ['services/order-service/node_modules/x/index.js', true],
    ['services/order-service/dist/main.js', true],
    ['services/order-service/src/generated/prisma/client.ts', true],
    ['.env', true],
    ['.git/HEAD', true],
    ['.local/logs/kafka.log', true],
    ['.env.example', false],
    ['services/order-service/src/main.ts', false],
    ['package-lock.json', false],
  ])('%s ignored: %s', (file, ignored) => {
    expect(isIgnored(ignore, file)).toBe(ignored);
  });

  it('re-includes with !, the last matching rule deciding', () => {
    const rules = parseDockerignore('*.md\n!README.md\n');
    expect(['a.md', 'README.md', 'docs/a.md'].map((f) => isIgnored(rules, f))).toEqual([true, false, false]);
  });
});
