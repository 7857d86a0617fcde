// Reads infrastructure/stack.env for TypeScript callers (tests, tools), so they see the same hosts,
// ports and names that bash gets by sourcing the file. The grammar is deliberately tiny
// (KEY=value, optional double quotes, no expansion): what this parser accepts, bash reads the same way.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type StackEnv = Readonly<Record<string, string>>;

export const STACK_ENV_FILE = path.resolve(__dirname, '../stack.env');

const LINE = /^([A-Z][A-Z0-9_]*)=(?:"([^"$`\\]*)"|([^\s"'$`\\#;&|<>()]*))$/;

export function parseStackEnv(text: string): StackEnv {
  const env: Record<string, string> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = LINE.exec(line);
    if (!match?.[1]) throw new Error(`stack.env line ${index + 1} is not a plain KEY=value line: ${raw}`);
    env[match[1]] = match[2] ?? match[3] ?? '';
  });
  return env;
}

/** The stack's settings; KOT_STACK_ENV points at another file, as it does for stack.sh. */
export function readStackEnv(file = process.env.KOT_STACK_ENV ?? STACK_ENV_FILE): StackEnv {
  return parseStackEnv(readFileSync(file, 'utf8'));
}

/** One setting, failing loudly when the file lacks it (a typo should not become `undefined`). */
export function stackValue(env: StackEnv, key: string): string {
  const value = env[key];
  if (value === undefined) throw new Error(`${key} is not set in stack.env`);
  return value;
}

export function registryUrl(env: StackEnv): string {
  return `http://${stackValue(env, 'REGISTRY_HOST')}:${stackValue(env, 'REGISTRY_PORT')}${stackValue(env, 'REGISTRY_CCOMPAT_PATH')}`;
}

export function kafkaBroker(env: StackEnv): string {
  return `${stackValue(env, 'KAFKA_HOST')}:${stackValue(env, 'KAFKA_PORT')}`;
}
