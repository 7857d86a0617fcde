export interface RetryPolicy {
  /** Total tries of the handler before giving up on it (dead-letter or hand back to Kafka). */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseMs: 100, maxMs: 3000 };

/** Exponential backoff with full jitter; random is injected so tests are deterministic. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

// One classification for HTTP (503) and consumers (hand back to Kafka): it lives in the service kit.
export { isInfrastructureFailure } from '@kot/service-kit';
