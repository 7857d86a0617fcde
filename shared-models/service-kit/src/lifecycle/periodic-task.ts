import type { Logger } from '../logging';

export interface PeriodicTaskOptions {
  /** Named in the log line when a run fails. */
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  logger: Logger;
}

/**
 * Background work that runs every `intervalMs` after the previous run finished (never overlapping
 * itself). A failed run is logged and the next one still happens; stop() waits for the run in flight,
 * so a clean shutdown never abandons work half done.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = true;

  constructor(private readonly options: PeriodicTaskOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.inFlight = this.options.run()
        .then(() => undefined, (error: unknown) => this.options.logger.warn({ err: error, task: this.options.name }, `${this.options.name} failed; will run again`))
        .finally(() => this.schedule());
    }, this.options.intervalMs);
  }
}
