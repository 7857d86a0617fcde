// A reader for the subset of Dockerfile syntax infrastructure/docker/*.Dockerfile use. No Docker engine runs
// on the machines this project is built on, so the tests read the Dockerfiles instead: the unit tests check
// what an image declares (imageConfig), scratch-build.ts runs what it executes.

export type Instruction =
  | { kind: 'arg'; name: string; value: string | undefined }
  | { kind: 'env'; vars: Array<[string, string]> }
  | { kind: 'workdir'; path: string }
  | { kind: 'copy'; from: string | undefined; sources: string[]; dest: string }
  | { kind: 'run'; command: string }
  | { kind: 'user'; user: string }
  | { kind: 'expose'; ports: string }
  | { kind: 'stopsignal'; signal: string }
  | { kind: 'healthcheck'; options: Record<string, string>; command: string[] }
  | { kind: 'cmd'; command: string[] };

export interface Stage {
  /** The `AS` name, or the stage's index for an unnamed one. */
  name: string;
  /** An image or an earlier stage's name, ${ARG}s unexpanded. */
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs before the first FROM: usable in FROM lines, and in a stage that declares them again. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

/** Joins `\` continuations, drops comments and blank lines: one entry per instruction. */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    // Docker drops comment lines inside a continued instruction too.
    if (/^\s*#/.test(raw) || raw.trim() === '') continue;
    const continued = /\\\s*$/.test(raw);
    pending += continued ? raw.replace(/\\\s*$/, ' ') : raw;
    if (!continued) {
      lines.push(pending.trim().replace(/\s+/g, ' '));
      pending = '';
    }
  }
  return lines;
}

/** Leading `--name=value` flags of an instruction, and what follows them. */
function flags(rest: string): { options: Record<string, string>; remainder: string } {
  const options: Record<string, string> = {};
  let remainder = rest;
  for (let match = /^--([\w-]+)=(\S+)\s*/.exec(remainder); match; match = /^--([\w-]+)=(\S+)\s*/.exec(remainder)) {
    options[match[1] ?? ''] = match[2] ?? '';
    remainder = remainder.slice(match[0].length);
  }
  return { options, remainder };
}

function execForm(text: string, where: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string'))
    throw new Error(`${where}: expected the exec form ["...", ...], got ${text}`);
  return parsed as string[];
}

function keyValues(rest: string): Array<[string, string]> {
  return [...rest.matchAll(/(\w+)=("[^"]*"|\S*)/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replace(/^"|"$/g, '')]);
}

function instruction(keyword: string, rest: string): Instruction {
  const { options, remainder } = flags(rest);
  switch (keyword) {
    case 'ARG': {
      const [name = '', value] = remainder.split(/=(.*)/s);
      return { kind: 'arg', name, value };
    }
    case 'ENV':
      return { kind: 'env', vars: keyValues(remainder) };
    case 'WORKDIR':
      return { kind: 'workdir', path: remainder };
    case 'COPY': {
      const words = remainder.split(' ');
      return { kind: 'copy', from: options.from, sources: words.slice(0, -1), dest: words[words.length - 1] ?? '' };
    }
    case 'RUN':
      return { kind: 'run', command: remainder };
    case 'USER':
      return { kind: 'user', user: remainder };
    case 'EXPOSE':
      return { kind: 'expose', ports: remainder };
    case 'STOPSIGNAL':
      return { kind: 'stopsignal', signal: remainder };
    case 'HEALTHCHECK':
      return { kind: 'healthcheck', options, command: execForm(remainder.replace(/^CMD /, ''), 'HEALTHCHECK') };
    case 'CMD':
      return { kind: 'cmd', command: execForm(remainder, 'CMD') };
    default:
      throw new Error(`Dockerfile instruction ${keyword} is not supported by this reader`);
  }
}

export function parseDockerfile(text: string): Dockerfile {
  const dockerfile: Dockerfile = { globalArgs: {}, stages: [] };
  for (const line of logicalLines(text)) {
    const [keyword = '', rest = ''] = line.split(/ (.*)/s);
    const stage = dockerfile.stages[dockerfile.stages.length - 1];
    if (keyword.toUpperCase() === 'FROM') {
      const [from = '', , name] = rest.split(' ');
      dockerfile.stages.push({ name: name ?? String(dockerfile.stages.length), from, instructions: [] });
    } else if (stage) {
      stage.instructions.push(instruction(keyword.toUpperCase(), rest));
    } else {
      const arg = instruction(keyword.toUpperCase(), rest);
      if (arg.kind !== 'arg') throw new Error(`only ARG may come before the first FROM, not ${keyword}`);
      dockerfile.globalArgs[arg.name] = arg.value;
    }
  }
  return dockerfile;
}

/** ${NAME} and $NAME replaced from `vars`; an unknown name becomes '' as in Docker. */
export function expand(text: string, vars: Record<string, string | undefined>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_all, braced: string | undefined, bare: string | undefined) => {
    return vars[braced ?? bare ?? ''] ?? '';
  });
}
