// Runs the simulators and the five services as real OS processes (node --import tsx <entry>), so a
// fault can `kill -9` one and start it again exactly as an operator would. Each process logs to
// <stack>/logs/<name>.log; stopAll() ends every process this supervisor started, and nothing else.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppSpec } from './app-specs';
import { REPO_ROOT, type IsolatedStack } from './stack';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isReady(port: string, readyPath: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${readyPath}`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export class Supervisor {
  private readonly children = new Map<string, ChildProcess>();
  private readonly specs: Map<string, AppSpec>;
  private readonly intended = new Set<ChildProcess>();
  private stopping = false;
  /** Exits nobody asked for (a crash): the app is started again, as a process manager would, and the exit is reported. */
  readonly crashes: Array<{ name: string; at: number; code: number | null; signal: string | null }> = [];

  constructor(
    private readonly stack: IsolatedStack,
    specs: AppSpec[],
  ) {
    this.specs = new Map(specs.map((spec) => [spec.name, spec]));
  }

  names(): string[] {
    return [...this.specs.keys()];
  }

  private spec(name: string): AppSpec {
    const spec = this.specs.get(name);
    if (!spec) throw new Error(`unknown app ${name}`);
    return spec;
  }

  private spawnApp(spec: AppSpec): ChildProcess {
    const log = createWriteStream(path.join(this.stack.logDir, `${spec.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], {
      cwd: path.join(REPO_ROOT, spec.dir),
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Two sources into one file: neither may end it, or the other's next write would throw.
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('close', () => log.end());
    child.once('exit', (code, signal) => {
      if (this.children.get(spec.name) === child) this.children.delete(spec.name);
      if (this.intended.has(child) || this.stopping) return;
      this.crashes.push({ name: spec.name, at: Date.now(), code, signal });
      setTimeout(() => {
        if (!this.stopping && !this.children.has(spec.name)) this.spawnApp(spec);
      }, 1_000);
    });
    this.children.set(spec.name, child);
    this.recordPids();
    return child;
  }

  /** Starts the app and waits until it is ready. */
  async start(name: string, timeoutMs = 180_000): Promise<number> {
    const spec = this.spec(name);
    const port = spec.port;
    const startedAt = Date.now();
    // A start that dies (say, Postgres is restarting) is respawned by the exit handler in spawnApp.
    this.spawnApp(spec);
    while (Date.now() - startedAt < timeoutMs) {
      if (await isReady(port, spec.readyPath)) return Date.now() - startedAt;
      await sleep(500);
    }
    throw new Error(
      `${name} was not ready on :${port}${spec.readyPath} within ${timeoutMs / 1000}s (see ${this.stack.logDir}/${name}.log)`,
    );
  }

  /** Every app but the spares. */
  async startAll(): Promise<void> {
    await Promise.all([...this.specs.values()].filter((spec) => !spec.spare).map((spec) => this.start(spec.name)));
  }

  /** SIGKILL, no goodbye: whatever the process had in flight is lost exactly as in a crash. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.children.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    this.intended.add(child);
    child.kill(signal);
    await Promise.race([exited, sleep(20_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  /** Written on every start, so a run that was itself killed can be cleaned up by the next one. */
  private recordPids(): void {
    writeFileSync(
      pidFile(this.stack),
      [...this.children.values()]
        .map((c) => c.pid)
        .filter(Boolean)
        .join('\n'),
    );
  }

  pid(name: string): number | undefined {
    return this.children.get(name)?.pid;
  }

  /** TERM to all, KILL to what has not gone after a grace period. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.names().map((name) => this.kill(name, 'SIGTERM')));
  }
}

const pidFile = (stack: IsolatedStack) => path.join(stack.dir, 'apps.pids');

/** KILLs what an earlier, interrupted run left behind (only pids it recorded that still run our entry points). */
export function killLeftovers(stack: IsolatedStack): number {
  if (!existsSync(pidFile(stack))) return 0;
  let killed = 0;
  for (const pid of readFileSync(pidFile(stack), 'utf8')
    .split('\n')
    .map(Number)
    .filter((n) => n > 0)) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('tsx') || !cmdline.includes('main.ts')) continue;
      process.kill(pid, 'SIGKILL');
      killed += 1;
    } catch {
      // Already gone.
    }
  }
  return killed;
}
