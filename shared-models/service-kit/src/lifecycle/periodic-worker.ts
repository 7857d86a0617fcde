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
 *
 * `nudge()` asks for a run now instead of at the next tick: the process that just committed work for
 * this worker (a consumer batch, a request) calls it, so work waits for a round trip, not for the
 * interval. The interval remains the fallback that finds work committed by other instances.
 */
export abstract class PeriodicWorker {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = true;
  private again = false;

  protected constructor(private readonly schedule: PeriodicWorkerOptions) {}

  /** One round of work; tests call it directly to run a round deterministically. */
  abstract tick(): Promise<unknown>;

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.next(this.schedule.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Run as soon as possible: now when idle, right after the run in flight otherwise. */
  nudge(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.next(0);
  }

  private next(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runOnce(), delayMs);
  }

  private runOnce(): void {
    const { name, logger } = this.schedule;
    this.timer = null;
    this.again = false;
    this.inFlight = this.tick()
      .then(
        () => undefined,
        (error: unknown) => logger.warn({ err: error, task: name }, `${name} failed; will run again`),
      )
      .finally(() => {
        this.inFlight = null;
        this.next(this.again ? 0 : this.schedule.intervalMs);
      });
  }
}
