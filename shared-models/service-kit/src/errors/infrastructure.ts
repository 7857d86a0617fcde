// Failures of our own infrastructure (database or broker away, pool exhausted) are not the request's
// or the message's fault: HTTP answers them with 503 + Retry-After, consumers hand the message back
// to Kafka instead of dead-lettering it. One classification serves both.

/**
 * Node socket errors, Postgres connection/shutdown SQLSTATEs, and Prisma's "cannot reach the database",
 * "pool timeout" (P2024) and "unable to start a transaction in time" (P2028) codes.
 */
const INFRASTRUCTURE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
  '08006',
  '08001',
  '08003',
  'P1001',
  'P1002',
  'P1017',
  'P2024',
  'P2028',
]);
const INFRASTRUCTURE_MESSAGE =
  /connection (terminated|refused|closed)|Can't reach database|ECONNREFUSED|Unable to start a transaction in the given time|timeout exceeded when trying to connect/i;

/** True when the failure is our own infrastructure being away or saturated, walking the `cause` chain. */
export function isInfrastructureFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && INFRASTRUCTURE_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string' && INFRASTRUCTURE_MESSAGE.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
