// Retries with capped exponential backoff and full jitter: the random spread stops many
// consumers that failed together from retrying together and overloading the dependency again.
import { isRetriable as defaultIsRetriable } from '../errors/app-error';

export interface RetryOptions {
  /** Extra attempts after the first; 0 means "try once". */
  retries: number;
  /** Backoff ceiling for the first retry; doubles each time. */
  baseMs: number;
  /** Upper bound for any single wait. */
  maxMs: number;
  isRetriable?: (err: unknown) => boolean;
  /** Injectable so tests run instantly and deterministically. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each wait, e.g. to log or count retries. */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Full jitter: uniform in [0, min(maxMs, baseMs * 2^attempt)). `attempt` starts at 0. */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Call `fn` until it succeeds, a non-retriable error occurs, or retries run out; the last
 * error is rethrown unchanged. `fn` receives the attempt number (0 for the first call).
 */
export async function retryWithBackoff<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const isRetriable = options.isRetriable ?? defaultIsRetriable;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.retries || !isRetriable(error)) throw error;
      const delayMs = backoffDelay(attempt, options.baseMs, options.maxMs, options.random);
      options.onRetry?.({ attempt: attempt + 1, delayMs, error });
      await sleep(delayMs);
    }
  }
}
