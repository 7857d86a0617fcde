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

const INFRASTRUCTURE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003', 'P1001', 'P1002', 'P1017', 'P2024']);

/**
 * True when the failure is our own infrastructure being away (database or registry down), not the
 * message. Such an event must not be dead-lettered: the consumer stops and resumes from the same offset.
 */
export function isInfrastructureFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && INFRASTRUCTURE_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && /connection (terminated|refused|closed)|Can't reach database|ECONNREFUSED/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
