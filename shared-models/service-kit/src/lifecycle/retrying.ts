import type { Logger } from '../logging';

/**
 * Runs a start-up step until it succeeds or stop() is called, waiting longer after each failure
 * (capped), so a service whose database or broker is not up yet keeps serving /health and waits
 * instead of exiting and relying on a supervisor to restart it.
 */
export class Retrying {
  private stopped = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly step: () => Promise<void>,
    private readonly logger: Logger,
    private readonly delays = { initialMs: 500, maxMs: 5_000 },
  ) {}

  /** Resolves true once the step succeeded, false if stop() came first. */
  async run(): Promise<boolean> {
    for (let failures = 0; !this.stopped; failures += 1) {
      try {
        await this.step();
        return !this.stopped;
      } catch (error) {
        const retryInMs = Math.min(this.delays.maxMs, this.delays.initialMs * 2 ** failures);
        this.logger.warn({ err: error, attempt: failures + 1, retryInMs }, 'start-up failed; retrying');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryInMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    return false;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }
}
