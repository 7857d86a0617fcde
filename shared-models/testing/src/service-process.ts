import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { eventually } from './wait';

/** One JSON log line of a service (pino): `msg` plus whatever fields it logged. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number | string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * A service run as its real process (`node --import tsx services/<name>/src/main.ts`), the way the
 * stack runs it, so signals, exit codes and start-up without dependencies are the real thing.
 * Its JSON log lines are kept for assertions; anything else it prints is kept as `{ msg: line }`.
 */
export class ServiceProcess {
  readonly logs: LogLine[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(
    readonly service: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    this.child = spawn(process.execPath, ['--import', 'tsx', `services/${service}/src/main.ts`], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env, SERVICE_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.setEncoding('utf8').on('data', (chunk: string) => this.collect(chunk));
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => done({ code, signal, atMs: Date.now() })),
    );
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  signal(signal: NodeJS.Signals): number {
    this.child.kill(signal);
    return Date.now();
  }

  /** Resolves with the first log line matching, however long ago it was logged. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs = 60_000): Promise<LogLine> {
    return eventually(() => this.logs.find(match), `${this.service}: ${what}`, timeoutMs, 50).catch((error: Error) => {
      // The process's last words are usually the explanation.
      const tail = this.logs
        .slice(-8)
        .map((l) => JSON.stringify(l).slice(0, 400))
        .join('\n');
      throw new Error(`${error.message}; last log lines:\n${tail}`);
    });
  }

  /** Waits for the "<service> ready" line runService logs once everything started. */
  ready(timeoutMs = 90_000): Promise<LogLine> {
    return this.waitForLog((line) => typeof line.msg === 'string' && line.msg.endsWith(' ready'), 'ready', timeoutMs);
  }

  /** SIGKILL if still running: cleanup for a test that failed half way. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private pending = '';

  private collect(chunk: string): void {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim() !== '')) {
      try {
        this.logs.push(JSON.parse(line) as LogLine);
      } catch {
        this.logs.push({ msg: line });
      }
    }
  }
}
