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

// SQLSTATE class 40 "transaction rollback": serialization_failure and deadlock_detected. Postgres aborted the
// transaction only because another one ran at the same time; the same work succeeds on a later try.
const TRANSIENT_CONFLICTS = new Set(['40001', '40P01']);

/** True when Postgres rolled the transaction back over a concurrency conflict (walks the `cause` chain). */
export function isTransientConflict(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 8; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CONFLICTS.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
