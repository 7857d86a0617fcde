import type { Logger } from '../logging';

export interface PeriodicWorkerOptions {
  /** Named in the log line when a run fails. */
  name: string;
  intervalMs: number;
  logger: Logger;
}

/**
 * Background work that runs `tick()` every `intervalMs` after the previous run finished (never
 * overlapping itself). A failed run is logged and the next one still happens; stop() waits for the run
 * in flight, so a clean shutdown never abandons work half done. Subclasses implement `tick()` only.
 */
export abstract class PeriodicWorker {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = true;

  protected constructor(private readonly schedule: PeriodicWorkerOptions) {}

  /** One round of work; tests call it directly to run a round deterministically. */
  abstract tick(): Promise<unknown>;

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.next();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  private next(): void {
    if (this.stopped) return;
    const { name, intervalMs, logger } = this.schedule;
    this.timer = setTimeout(() => {
      this.inFlight = this.tick()
        .then(() => undefined, (error: unknown) => logger.warn({ err: error, task: name }, `${name} failed; will run again`))
        .finally(() => this.next());
    }, intervalMs);
  }
}
