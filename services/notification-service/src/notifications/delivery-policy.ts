// What the dispatcher does after a send did not go through. Pure, so the rules (how long to wait,
// when to give up) are tested without a mail server.
import { assertNever } from './milestones';

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

export type FailureDecision =
  | { kind: 'retry'; attempts: number; nextAttemptAt: number; error: string }
  | { kind: 'give-up'; attempts: number; error: string };

export function retryDelayMs(policy: DeliveryPolicy, attempts: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** `attemptsBefore` counts the failed sends recorded before this one. */
export function decideAfterFailure(
  policy: DeliveryPolicy,
  attemptsBefore: number,
  failure: SendFailure,
  now: number,
): FailureDecision {
  switch (failure.kind) {
    case 'not-attempted':
      return {
        kind: 'retry',
        attempts: attemptsBefore,
        nextAttemptAt: now + failure.retryAfterMs,
        error: failure.error,
      };
    case 'permanent':
      return { kind: 'give-up', attempts: attemptsBefore + 1, error: failure.error };
    case 'transient': {
      const attempts = attemptsBefore + 1;
      if (attempts >= policy.maxAttempts) return { kind: 'give-up', attempts, error: failure.error };
      return { kind: 'retry', attempts, nextAttemptAt: now + retryDelayMs(policy, attempts), error: failure.error };
    }
    default:
      return assertNever(failure);
  }
}
