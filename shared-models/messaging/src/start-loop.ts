import type { Logger } from './logger';

export interface StartLoopOptions {
  logger: Logger;
  /** One try at connecting everything; when it throws it has already released what it opened. */
  attempt: () => Promise<void>;
  /** Undoes a successful attempt; used when stop() arrived while that attempt was still connecting. */
  undo: () => Promise<void>;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

type State = 'idle' | 'starting' | 'running' | 'stopped';

/**
 * Keeps trying to start the messaging parts until they run or stop() is called, so a service boots
 * while Kafka, the registry or Postgres is down, says "not ready" meanwhile, and resumes on its own.
 * The delay doubles per failure up to a cap; stop() cuts a pending wait short.
 */
export class StartLoop {
  private state: State = 'idle';
  private lastError: unknown = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly options: StartLoopOptions) {}

  /** Resolves once started, or once stop() gave up on starting. */
  start(): Promise<void> {
    if (this.state === 'starting' || this.state === 'running') return this.loop ?? Promise.resolve();
    this.state = 'starting';
    this.loop = this.run();
    return this.loop;
  }

  /** Called when a running part died for good (e.g. a consumer crash kafkajs will not restart). */
  restart(reason: unknown): void {
    if (this.state !== 'running') return;
    this.options.logger.warn({ err: reason }, 'messaging stopped unexpectedly; restarting');
    this.lastError = reason;
    this.state = 'idle';
    void this.start();
  }

  /** Stops retrying; does not wait for an attempt in flight (its connect may take a broker timeout). */
  stop(): void {
    this.state = 'stopped';
    this.wake?.();
  }

  /** A readiness probe: fails, naming the last error, until the parts are running. */
  check(): void {
    if (this.state === 'running') return;
    const cause = this.lastError instanceof Error ? `: ${this.lastError.message}` : '';
    throw new Error(`messaging ${this.state}${cause}`);
  }

  private async run(): Promise<void> {
    const { logger, initialDelayMs = 500, maxDelayMs = 5_000 } = this.options;
    for (let failures = 0; this.state === 'starting'; failures += 1) {
      try {
        await this.options.attempt();
        if (this.isStopped()) await this.options.undo();
        else this.state = 'running';
        this.lastError = null;
        return;
      } catch (error) {
        this.lastError = error;
        const retryInMs = Math.min(maxDelayMs, initialDelayMs * 2 ** failures);
        logger.warn({ err: error, attempt: failures + 1, retryInMs }, 'messaging could not start; retrying');
        await this.sleep(retryInMs);
      }
    }
  }

  /** A separate method so TypeScript does not narrow `state` across the awaits above. */
  private isStopped(): boolean {
    return this.state === 'stopped';
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.wake = null;
    });
  }
}
