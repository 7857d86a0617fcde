// Process plumbing shared by the three simulator programs: a tiny structured logger, the clock and
// random source (injectable so tests are deterministic) and the SIGTERM/SIGINT lifecycle.

export type Fields = Record<string, unknown>;

export interface Logger {
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
}

/** Returns a number in [0, 1); the fault knobs and random declines draw from it. */
export type RandomSource = () => number;
/** Epoch milliseconds; outage windows and timestamps read it. */
export type Clock = () => number;

export interface RuntimeDeps {
  random: RandomSource;
  clock: Clock;
  log: Logger;
}

/** One JSON line per event so the stack script's log files stay greppable. */
export function jsonLogger(component: string): Logger {
  const write = (level: string, message: string, fields?: Fields): void => {
    process.stdout.write(
      `${JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields })}\n`,
    );
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };

/** Fills in the real clock, Math.random and a JSON logger for whatever a caller did not inject. */
export function runtimeDeps(component: string, overrides: Partial<RuntimeDeps> = {}): RuntimeDeps {
  return {
    random: overrides.random ?? Math.random,
    clock: overrides.clock ?? Date.now,
    log: overrides.log ?? jsonLogger(component),
  };
}

export interface Closable {
  close(): Promise<void>;
}

/**
 * Starts a simulator and stops it cleanly on SIGTERM/SIGINT, like the real dependency would be
 * stopped by an operator.
 */
export async function runUntilSignal(
  component: string,
  start: () => Promise<Closable>,
  graceMs = 10_000,
): Promise<void> {
  const log = jsonLogger(component);
  try {
    const running = await start();
    stopOnSignals(running, log, graceMs);
  } catch (error) {
    log.warn('failed to start', { error: String(error) });
    process.exit(1);
  }
}

/** A second signal, or a close that hangs, forces the exit so fault scripts never wait on a stuck process. */
function stopOnSignals(running: Closable, log: Logger, graceMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('stopping', { signal });
    setTimeout(() => {
      log.warn('close timed out, exiting', { graceMs });
      process.exit(1);
    }, graceMs).unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.warn('close failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
