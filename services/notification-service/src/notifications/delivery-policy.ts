// What follows a send that did not go through: retry later or give up. Pure, so the rules (how long
// to wait, when to give up) are tested without a mail server; the notification decider
// (notification.ts) applies them to a claimed email.
import { assertNever } from '@kot/service-kit';

export interface DeliveryPolicy {
  /** Sends that may fail before the notification is marked FAILED. */
  maxAttempts: number;
  /** Wait after the first failure; doubles with every further failure... */
  baseDelayMs: number;
  /** ...up to this ceiling. */
  maxDelayMs: number;
}

export type SendFailure =
  /** The server was unreachable, timed out or answered 4xx: it may work later. */
  | { kind: 'transient'; error: string }
  /** The server refused this message for good (5xx, no valid recipient): retrying cannot help. */
  | { kind: 'permanent'; error: string }
  /** Our circuit breaker refused without trying, so the attempt does not count against the email. */
  | { kind: 'not-attempted'; error: string; retryAfterMs: number };

/** Wait before the next send after `attempts` counted failures. */
export function retryDelayMs(policy: DeliveryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** The notification's events a failure leads to (the decider's other event is EmailSent). */
export type FailureOutcome =
  /** Back to PENDING until `nextAttemptAt`. */
  | { type: 'RetryScheduled'; attempts: number; nextAttemptAt: number; error: string; at: number }
  /** Retrying cannot help or the attempts are used up; support can reset it through the admin API. */
  | { type: 'EmailFailed'; attempts: number; error: string; at: number };

/** `attemptsBefore` counts the failed sends recorded before this one; `at` is when it failed. */
export function afterFailure(
  policy: DeliveryPolicy,
  attemptsBefore: number,
  failure: SendFailure,
  at: number,
): FailureOutcome {
  const { error } = failure;
  switch (failure.kind) {
    case 'not-attempted':
      return { type: 'RetryScheduled', attempts: attemptsBefore, nextAttemptAt: at + failure.retryAfterMs, error, at };
    case 'permanent':
      return { type: 'EmailFailed', attempts: attemptsBefore + 1, error, at };
    case 'transient': {
      const attempts = attemptsBefore + 1;
      if (attempts >= policy.maxAttempts) return { type: 'EmailFailed', attempts, error, at };
      return { type: 'RetryScheduled', attempts, nextAttemptAt: at + retryDelayMs(policy, attempts), error, at };
    }
    default:
      return assertNever(failure);
  }
}
