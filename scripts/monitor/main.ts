// The monitor's entry point (npm run monitor, see docs/operating.md): wires the HTTP probes, the
// Kafka feed and the keyboard into one state, and redraws it every second and on every change.
// Exit codes: 0 quit by the user or a signal, 1 crashed (terminal restored first), 2 bad arguments or no terminal.
import { parseArgs, USAGE, UsageError, type MonitorOptions } from './args';
import { EventFeed } from './event-feed';
import { render } from './render';
import { readServices } from './services';
import { addEvent, handleInput, initialState, type MonitorState } from './state';
import { openTerminal, type Terminal } from './terminal';

const REFRESH_MS = 1000;
const DRAW_THROTTLE_MS = 200;
const STOP_GRACE_MS = 3000;

function options(argv: readonly string[]): MonitorOptions | string {
  try {
    return parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message === 'options' ? USAGE : `monitor: ${error.message}\n${USAGE}`;
    throw error;
  }
}

/** Runs until the user quits; resolves with the exit code. */
export async function main(
  argv: readonly string[],
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stdout,
): Promise<number> {
  const parsed = options(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n`);
    return 2;
  }
  if (!output.isTTY || !input.isTTY) {
    process.stderr.write('monitor: needs an interactive terminal (try it in tmux or a terminal window)\n');
    return 2;
  }
  return run(parsed, openTerminal(input, output));
}

/** Owns the state; every source and key goes through one of its methods, and every change redraws. */
class Monitor {
  private state: MonitorState;
  private pendingDraw: NodeJS.Timeout | null = null;
  private probing = false;
  readonly feed: EventFeed;

  constructor(
    private readonly options: MonitorOptions,
    private readonly terminal: Terminal,
  ) {
    this.state = initialState(
      options.topic,
      options.services.map((s) => s.name),
      Date.now(),
    );
    this.feed = new EventFeed({
      ...options,
      onEvent: (event) => {
        this.state = addEvent(this.state, event, Date.now());
        this.drawSoon();
      },
      onStatus: (kafka) => {
        this.state = { ...this.state, kafka };
        this.drawSoon();
      },
    });
  }

  draw(): void {
    this.state = { ...this.state, now: Date.now() };
    this.terminal.draw(render(this.state, this.terminal.size()));
  }

  /** Events can arrive by the hundred per second; the screen needs a few frames a second at most. */
  private drawSoon(): void {
    this.pendingDraw ??= setTimeout(() => {
      this.pendingDraw = null;
      this.draw();
    }, DRAW_THROTTLE_MS);
  }

  /** One round of HTTP probes; skipped while the previous one (slow under load) still runs. */
  async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    const snapshot = await readServices(this.options.services).finally(() => {
      this.probing = false;
    });
    this.state = { ...this.state, services: snapshot.services, orders: snapshot.orders };
    this.draw();
  }

  /** Returns true when the keys ask to quit. */
  keys(chunk: string): boolean {
    const result = handleInput(this.state, chunk);
    this.state = result.state;
    if (!result.quit) this.draw();
    return result.quit;
  }

  stopDrawing(): void {
    if (this.pendingDraw) clearTimeout(this.pendingDraw);
    this.pendingDraw = null;
  }
}

function run(options: MonitorOptions, terminal: Terminal): Promise<number> {
  const monitor = new Monitor(options, terminal);
  return new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      monitor.draw();
      void monitor.probe();
    }, REFRESH_MS);
    let finished = false;
    // Every way out (q, signal, crash) restores the terminal before anything else is written.
    const finish = (code: number, error?: unknown) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      monitor.stopDrawing();
      terminal.restore();
      if (error) process.stderr.write(`monitor: ${(error as Error).stack ?? String(error)}\n`);
      const grace = new Promise((done) => setTimeout(done, STOP_GRACE_MS).unref());
      void Promise.race([monitor.feed.stop(), grace]).then(() => resolve(code));
    };
    terminal.onKeys((chunk) => {
      if (monitor.keys(chunk)) finish(0);
    });
    terminal.onResize(() => monitor.draw());
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => finish(0));
    process.once('uncaughtException', (error) => finish(1, error));
    process.once('unhandledRejection', (error) => finish(1, error));
    monitor.draw();
    monitor.feed.start();
    void monitor.probe();
  });
}
