// What a Dockerfile target amounts to for a given set of build arguments: its chain of stages and the
// image's configuration (environment, working directory, user, ports, probe, command), with Docker's
// scoping: global ARGs feed FROM lines, a stage sees an ARG only once it declares it, ENV is inherited
// from the stage it is built FROM, ARG values are not.
import { expand, type Dockerfile, type Instruction, type Stage } from './dockerfile';

export type BuildArgs = Record<string, string>;

export interface ImageConfig {
  env: Record<string, string>;
  workdir: string;
  user: string;
  expose: string[];
  stopSignal: string | undefined;
  healthcheck: { options: Record<string, string>; command: string[] } | undefined;
  cmd: string[] | undefined;
}

export const emptyImageConfig = (): ImageConfig => ({
  env: {},
  workdir: '/',
  user: 'root',
  expose: [],
  stopSignal: undefined,
  healthcheck: undefined,
  cmd: undefined,
});

/** The FROM of a stage with the global ARGs (build arguments win) expanded. */
export function baseOf(dockerfile: Dockerfile, stage: Stage, buildArgs: BuildArgs): string {
  return expand(stage.from, { ...dockerfile.globalArgs, ...buildArgs });
}

export function stageNamed(dockerfile: Dockerfile, name: string): Stage | undefined {
  return dockerfile.stages.find((stage) => stage.name === name);
}

/** The target stage (default: the last) preceded by the stages it is built FROM, oldest first. */
export function stageChain(dockerfile: Dockerfile, buildArgs: BuildArgs, target?: string): Stage[] {
  const last = target ? stageNamed(dockerfile, target) : dockerfile.stages[dockerfile.stages.length - 1];
  if (!last) throw new Error(`the Dockerfile has no stage ${target ?? ''}`);
  const chain: Stage[] = [last];
  for (let parent = stageNamed(dockerfile, baseOf(dockerfile, last, buildArgs)); parent;) {
    chain.unshift(parent);
    parent = stageNamed(dockerfile, baseOf(dockerfile, parent, buildArgs));
  }
  return chain;
}

/** Variables of one stage while its instructions are applied: ARGs in scope and the ENV so far. */
export class StageScope {
  private readonly args: Record<string, string | undefined> = {};

  constructor(
    private readonly dockerfile: Dockerfile,
    private readonly buildArgs: BuildArgs,
    readonly config: ImageConfig,
  ) {}

  get vars(): Record<string, string | undefined> {
    return { ...this.args, ...this.config.env };
  }

  /** The variables a RUN line sees: ARGs in scope and ENV, as environment variables. */
  runEnv(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.vars).filter((e): e is [string, string] => e[1] !== undefined));
  }

  expand(text: string): string {
    return expand(text, this.vars);
  }

  /** Applies the declarative instructions; RUN and COPY are left to the caller (scratch-build.ts). */
  apply(instruction: Instruction): void {
    const config = this.config;
    switch (instruction.kind) {
      case 'arg':
        this.args[instruction.name] =
          this.buildArgs[instruction.name] ??
          (instruction.value !== undefined
            ? this.expand(instruction.value)
            : this.dockerfile.globalArgs[instruction.name]);
        return;
      case 'env':
        for (const [name, value] of instruction.vars) config.env[name] = this.expand(value);
        return;
      case 'workdir':
        config.workdir = this.resolvePath(this.expand(instruction.path));
        return;
      case 'user':
        config.user = this.expand(instruction.user);
        return;
      case 'expose':
        config.expose.push(...this.expand(instruction.ports).split(/\s+/).filter(Boolean));
        return;
      case 'stopsignal':
        config.stopSignal = this.expand(instruction.signal);
        return;
      case 'healthcheck':
        config.healthcheck = { options: instruction.options, command: instruction.command };
        return;
      case 'cmd':
        config.cmd = instruction.command;
        return;
      case 'copy':
      case 'run':
        return;
    }
  }

  /** An image path: absolute, or relative to the working directory. */
  resolvePath(target: string): string {
    const joined = target.startsWith('/') ? target : `${this.config.workdir.replace(/\/$/, '')}/${target}`;
    return joined.replace(/\/\.(?=\/|$)/g, '').replace(/\/+$/, '') || '/';
  }
}

/** The configuration the target image ends up with, RUN and COPY aside. */
export function imageConfig(dockerfile: Dockerfile, buildArgs: BuildArgs, target?: string): ImageConfig {
  const config = emptyImageConfig();
  for (const stage of stageChain(dockerfile, buildArgs, target)) {
    const scope = new StageScope(dockerfile, buildArgs, config);
    for (const instruction of stage.instructions) scope.apply(instruction);
  }
  return config;
}
