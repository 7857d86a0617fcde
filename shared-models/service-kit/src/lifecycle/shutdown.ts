// Graceful shutdown: on SIGTERM the orchestrator gives us a grace period; we stop taking work,
// finish what is in flight and release connections in a fixed order, then exit.
import type { Logger } from '../logging/logger';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

/** The slice of `process` we listen on; injectable so tests can emit signals safely. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: () => void): unknown;
}

export interface ShutdownOptions {
  logger: Logger;
  steps: readonly ShutdownStep[];
  /** Budget for all steps together; keep it below the orchestrator's kill timeout. */
  timeoutMs?: number;
  exit?: (code: number) => void;
  signalSource?: SignalSource;
  signals?: readonly NodeJS.Signals[];
}

export interface ShutdownHandle {
  /** Start shutting down (e.g. after a fatal consumer error); resolves after exit was called. */
  shutdown(reason: string): Promise<void>;
  /** Remove the signal listeners (tests, or a process that hands over to another handler). */
  dispose(): void;
}

const TIMED_OUT = Symbol('timedOut');

function before(deadline: number, work: Promise<void>): Promise<void | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

/**
 * Run steps in order, each bounded by what is left of the budget. A failing step is logged and
 * the next one still runs (closing the pool matters even if the consumer hung); running out
 * of time stops everything. Returns the exit code.
 */
async function runSteps(steps: readonly ShutdownStep[], logger: Logger, deadline: number): Promise<number> {
  let code = 0;
  for (const step of steps) {
    const started = Date.now();
    try {
      const outcome = await before(deadline, Promise.resolve().then(step.run));
      if (outcome === TIMED_OUT) {
        logger.error({ step: step.name }, 'shutdown step did not finish before the deadline');
        return 1;
      }
      logger.info({ step: step.name, durationMs: Date.now() - started }, 'shutdown step done');
    } catch (err) {
      logger.error({ err, step: step.name }, 'shutdown step failed');
      code = 1;
    }
  }
  return code;
}

export function installShutdown(options: ShutdownOptions): ShutdownHandle {
  const { logger, steps, timeoutMs = 10_000 } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const source: SignalSource = options.signalSource ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let running: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    running ??= (async () => {
      logger.info({ reason, timeoutMs }, 'shutting down');
      const code = await runSteps(steps, logger, Date.now() + timeoutMs);
      logger.info({ code }, 'shutdown complete');
      exit(code);
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => () => {
    if (running) {
      // An operator pressing Ctrl-C twice wants out now, not after the grace period.
      logger.warn({ signal }, 'second signal: forcing exit');
      exit(1);
      return;
    }
    void shutdown(signal);
  };
  const listeners = signals.map((signal) => [signal, onSignal(signal)] as const);
  for (const [signal, listener] of listeners) source.on(signal, listener);

  return {
    shutdown,
    dispose: () => listeners.forEach(([signal, listener]) => source.off(signal, listener)),
  };
}
