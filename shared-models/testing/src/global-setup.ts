// Jest globalSetup of the `integration` project: integration tests talk to the real Kafka,
// schema registry and Postgres, so bring the native stack up first. `stack.sh up` only starts
// what is not running and takes about a second when everything already is.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const STACK_SH = path.join(ROOT, 'infrastructure/native/stack.sh');
// A cold start on a fresh machine includes a Maven download of Kafka and the registry.
const UP_TIMEOUT_MS = 15 * 60_000;
const SHOW_OUTPUT_AFTER_MS = 5_000;

function runStack(command: 'up' | 'status'): { ok: boolean; output: string; code: number | null } {
  const result = spawnSync('bash', [STACK_SH, command], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: command === 'up' ? UP_TIMEOUT_MS : 60_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}` : ''}`;
  return { ok: result.status === 0, output, code: result.status };
}

// Names what is missing: the components `status` reports down, plus the ERROR lines of `up`.
function describeFailure(upOutput: string, upCode: number | null): string {
  const status = runStack('status');
  const down = status.output.split('\n').filter((line) => /^\S+\s+down\s/.test(line));
  const errors = upOutput.split('\n').filter((line) => line.includes('ERROR'));
  const lastLines = upOutput.trim().split('\n').slice(-25).join('\n');
  return [
    `The integration stack is not up: \`bash infrastructure/native/stack.sh up\` exited with ${upCode ?? 'a signal or timeout'}.`,
    down.length > 0 ? `Not running:\n  ${down.join('\n  ')}` : 'stack.sh status reports every component running.',
    errors.length > 0 ? `Errors:\n  ${errors.join('\n  ')}` : '',
    `Last output of stack.sh up:\n${lastLines}`,
    'Logs are in .local/logs/.',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export default function globalSetup(): void {
  const started = Date.now();
  const up = runStack('up');
  if (!up.ok) throw new Error(describeFailure(up.output, up.code));
  if (Date.now() - started > SHOW_OUTPUT_AFTER_MS) {
    // Something had to be started: say what, so a slow first test run is not a mystery.
    process.stderr.write(`\n${up.output}`);
  }
}
