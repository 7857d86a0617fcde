// `docker build` without Docker, for the Dockerfiles of this folder: every stage the target needs gets a folder
// standing for its filesystem, COPY copies (from a .dockerignore-filtered copy of the context or from another
// stage), RUN runs the line with `sh -c` in the stage's working directory, and independent stages run at the
// same time as BuildKit runs them. What it cannot stand in for: the base image (the machine's own Node and
// tools take its place), USER (everything runs as this machine's user) and RUN lines that name absolute
// paths, which it refuses. Stages are linked copies (cp -al) of each other: a RUN must replace files, never edit
// them in place, or the change shows through in the stage it came from (npm, esbuild and Prisma replace).
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile, type Dockerfile, type Instruction, type Stage } from './dockerfile';
import { isIgnored, parseDockerignore } from './dockerignore';
import { baseOf, emptyImageConfig, stageNamed, StageScope, type BuildArgs, type ImageConfig } from './image-config';

export interface ScratchBuildOptions {
  dockerfile: string;
  /** The build context (the repository root); its .dockerignore applies. */
  context: string;
  /** An empty folder to build in. */
  scratch: string;
  buildArgs: BuildArgs;
  target?: string;
}

export interface ScratchImage {
  config: ImageConfig;
  /** Where an absolute path of the image is in the scratch folder. */
  hostPath(imagePath: string): string;
  /** Every RUN line's output. */
  log: string;
}

interface BuiltStage {
  root: string;
  config: ImageConfig;
}

/** Runs one command, its output appended to the log; rejects with the last lines of the log. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: string): Promise<void> {
  const started = Date.now();
  appendFileSync(log, `\n$ (${cwd}) ${command} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => appendFileSync(log, chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      appendFileSync(
        log,
        `[exit ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s: ${command} ${args.join(' ')}]\n`,
      );
      if (code === 0) return resolve();
      const tail = readFileSync(log, 'utf8').split('\n').slice(-25).join('\n');
      reject(new Error(`${command} ${args.join(' ')} exited ${code} in ${cwd}:\n${tail}`));
    });
  });
}

/** A RUN line naming an absolute path would reach this machine's filesystem, outside the stage's folder. */
export function namesAbsolutePath(command: string): boolean {
  return /(^|[\s=])\/(?!dev\/null\b)/.test(command);
}

export class ScratchBuild {
  private readonly dockerfile: Dockerfile;
  private readonly stages = new Map<string, Promise<BuiltStage>>();
  private readonly contextCopy: string;
  readonly log: string;

  constructor(private readonly options: ScratchBuildOptions) {
    this.dockerfile = parseDockerfile(readFileSync(options.dockerfile, 'utf8'));
    this.contextCopy = path.join(options.scratch, 'context');
    this.log = path.join(options.scratch, 'build.log');
    writeFileSync(this.log, '');
    this.copyContext();
  }

  async build(): Promise<ScratchImage> {
    const last = this.dockerfile.stages[this.dockerfile.stages.length - 1];
    const target = this.options.target ? stageNamed(this.dockerfile, this.options.target) : last;
    if (!target) throw new Error(`no stage ${this.options.target}`);
    const built = await this.stage(target);
    return { config: built.config, hostPath: (p) => path.join(built.root, p), log: this.log };
  }

  /** The context as `docker build` would send it: everything .dockerignore does not exclude. */
  private copyContext(): void {
    const { context } = this.options;
    const rules = parseDockerignore(readFileSync(path.join(context, '.dockerignore'), 'utf8'));
    cpSync(context, this.contextCopy, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) =>
        source === context || !isIgnored(rules, path.relative(context, source).split(path.sep).join('/')),
    });
  }

  private stage(stage: Stage): Promise<BuiltStage> {
    let built = this.stages.get(stage.name);
    if (!built) {
      built = this.buildStage(stage);
      this.stages.set(stage.name, built);
    }
    return built;
  }

  private async buildStage(stage: Stage): Promise<BuiltStage> {
    const root = path.join(this.options.scratch, 'stages', stage.name);
    const parent = stageNamed(this.dockerfile, baseOf(this.dockerfile, stage, this.options.buildArgs));
    // Start every stage this one copies from now, so they build while this one runs its own lines.
    const sources = new Map(this.copySources(stage).map((name) => [name, this.stage(this.named(name))]));
    // Their failure surfaces where the COPY awaits them; until then it must not count as unhandled.
    for (const source of sources.values()) source.catch(() => undefined);
    let config = emptyImageConfig();
    if (parent) {
      const base = await this.stage(parent);
      mkdirSync(path.dirname(root), { recursive: true });
      await run('cp', ['-al', base.root, root], this.options.scratch, process.env, this.log);
      config = structuredClone(base.config);
    } else {
      mkdirSync(root, { recursive: true });
    }
    const scope = new StageScope(this.dockerfile, this.options.buildArgs, config);
    for (const instruction of stage.instructions) {
      scope.apply(instruction);
      await this.execute(instruction, scope, root, sources);
    }
    return { root, config };
  }

  private copySources(stage: Stage): string[] {
    return stage.instructions.flatMap((i) => (i.kind === 'copy' && i.from ? [i.from] : []));
  }

  private named(name: string): Stage {
    const stage = stageNamed(this.dockerfile, name);
    if (!stage) throw new Error(`COPY --from=${name}: no such stage (images are not supported here)`);
    return stage;
  }

  private async execute(
    instruction: Instruction,
    scope: StageScope,
    root: string,
    sources: Map<string, Promise<BuiltStage>>,
  ): Promise<void> {
    const workdir = path.join(root, scope.config.workdir);
    mkdirSync(workdir, { recursive: true });
    if (instruction.kind === 'run') {
      if (namesAbsolutePath(instruction.command))
        throw new Error(`RUN ${instruction.command}: absolute paths cannot be built without Docker; use the WORKDIR`);
      // A clean environment like a container's; HOME keeps the machine's npm cache (the cache mount's stand-in).
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...scope.runEnv() };
      await run('sh', ['-c', instruction.command], workdir, env, this.log);
    } else if (instruction.kind === 'copy') {
      const from = instruction.from ? (await sources.get(instruction.from))?.root : this.contextCopy;
      const dest = path.join(root, scope.resolvePath(scope.expand(instruction.dest)));
      const intoFolder = instruction.dest.endsWith('/') || instruction.sources.length > 1;
      for (const source of instruction.sources.map((s) => scope.expand(s)))
        await this.copy(path.join(from ?? '', source), dest, intoFolder);
    }
  }

  /** COPY's rules: a folder's contents merge into dest; a file becomes dest, or lands in it when it is a folder. */
  private async copy(origin: string, dest: string, intoFolder: boolean): Promise<void> {
    const folder = statSync(origin).isDirectory();
    const target = folder || !intoFolder ? dest : path.join(dest, path.basename(origin));
    mkdirSync(folder ? target : path.dirname(target), { recursive: true });
    const args = ['-a', '--link', '--remove-destination', folder ? `${origin}/.` : origin, target];
    await run('cp', args, this.options.scratch, process.env, this.log);
  }
}
