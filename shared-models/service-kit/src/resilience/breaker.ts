// Circuit breaker around calls to a dependency (payment provider, carrier API): when it keeps
// failing we fail fast with a retriable 503 instead of piling up slow requests behind it.
import type { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import { isRetriable } from '../errors/app-error';
import { DependencyUnavailableError } from '../errors/errors';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';

export type BreakerState = 'closed' | 'half-open' | 'open';
/** Gauge encoding, ordered by severity so alerts can use `> 0` / `== 2`. */
export const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const COUNTED_EVENTS = ['success', 'failure', 'timeout', 'reject', 'open', 'close', 'halfOpen'] as const;

export interface BreakerOptions {
  /** A call slower than this counts as a failure. */
  timeoutMs: number;
  /** Failure percentage within the rolling window above which the circuit opens. */
  errorThresholdPercentage: number;
  /** How long the circuit stays open before letting a trial call through. */
  resetTimeoutMs: number;
  /** Minimum calls in the window before the percentage is trusted. */
  volumeThreshold: number;
  /**
   * Which errors count against the dependency. Default: retriable ones only, because a
   * non-retriable error (say, a 404 or a validation reply) means the dependency is healthy.
   */
  isFailure?: (err: unknown) => boolean;
}

export interface BreakerDeps {
  metrics: Metrics;
  logger: Logger;
}

export interface Breaker<A extends unknown[], R> {
  readonly name: string;
  fire(...args: A): Promise<R>;
  state(): BreakerState;
  /** Stops the breaker's timers; call on shutdown. */
  shutdown(): void;
}

function stateOf(circuit: CircuitBreaker): BreakerState {
  if (circuit.opened) return 'open';
  return circuit.halfOpen ? 'half-open' : 'closed';
}

function instrument(name: string, circuit: CircuitBreaker, { metrics, logger }: BreakerDeps): void {
  const gauge = metrics.gauge({
    name: 'circuit_breaker_state',
    help: 'Circuit state: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
  });
  const events = metrics.counter({
    name: 'circuit_breaker_events_total',
    help: 'Circuit breaker events by kind',
    labelNames: ['breaker', 'event'],
  });
  gauge.set({ breaker: name }, BREAKER_STATE_VALUE.closed);
  // Plain EventEmitter view: opossum's typings overload on() per event, which a loop cannot pick.
  const emitter: EventEmitter = circuit;
  for (const event of COUNTED_EVENTS) {
    emitter.on(event, () => {
      events.inc({ breaker: name, event });
      gauge.set({ breaker: name }, BREAKER_STATE_VALUE[stateOf(circuit)]);
    });
  }
  circuit.on('open', () => logger.warn({ breaker: name }, 'circuit opened: failing fast'));
  circuit.on('halfOpen', () => logger.info({ breaker: name }, 'circuit half-open: trying one call'));
  circuit.on('close', () => logger.info({ breaker: name }, 'circuit closed: dependency recovered'));
}

/** Opossum's own rejections become our retriable 503 so callers and HTTP need no special case. */
function translate(name: string, options: BreakerOptions, err: unknown): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof Error && CircuitBreaker.isOurError(err) && code === 'EOPENBREAKER') {
    return new DependencyUnavailableError(`${name} is unavailable (circuit open)`, {
      code: 'CIRCUIT_OPEN',
      cause: err,
      retryAfterSeconds: Math.ceil(options.resetTimeoutMs / 1000),
    });
  }
  if (err instanceof Error && CircuitBreaker.isOurError(err) && code === 'ETIMEDOUT') {
    return new DependencyUnavailableError(`${name} did not answer within ${options.timeoutMs} ms`, {
      code: 'DEPENDENCY_TIMEOUT',
      cause: err,
    });
  }
  return err;
}

export function createBreaker<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => Promise<R>,
  options: BreakerOptions,
  deps: BreakerDeps,
): Breaker<A, R> {
  const isFailure = options.isFailure ?? isRetriable;
  const circuit = new CircuitBreaker<A, R>(fn, {
    name,
    timeout: options.timeoutMs,
    errorThresholdPercentage: options.errorThresholdPercentage,
    resetTimeout: options.resetTimeoutMs,
    volumeThreshold: options.volumeThreshold,
    // opossum's filter means "ignore this error"; ours says what counts, hence the negation.
    errorFilter: (err: unknown) => !isFailure(err),
  });
  instrument(name, circuit as unknown as CircuitBreaker, deps);
  return {
    name,
    fire: (...args: A) => circuit.fire(...args).catch((err: unknown) => Promise.reject(translate(name, options, err))),
    state: () => stateOf(circuit as unknown as CircuitBreaker),
    shutdown: () => circuit.shutdown(),
  };
}
