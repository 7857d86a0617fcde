// The life of one queued email once a dispatcher holds it, in the decider shape: a send's outcome
// (accepted, or failed and classified by the sender) is a command, and what it leads to is an event
// (SENT, a retry later, or FAILED for good). Pure, so the rules (how long to wait, when to give up,
// who may record) are tested without a mail server or a database.
//
// Two transitions are not here. Queueing is an INSERT … ON CONFLICT DO NOTHING on (order, milestone),
// and claiming (PENDING, or SENDING with an expired lease, → SENDING under a new token) is one UPDATE
// that picks a batch of due rows across the whole queue (oldest unsent email of each order first,
// SKIP LOCKED between dispatchers): a choice over many rows that no per-notification decider sees.
// Deciding them here would mean reading every candidate row first and writing each back, only to
// repeat what the statement already guarantees. So the decider starts from a claimed notification.
import { assertNever, type Decider } from '@kot/service-kit';
import { afterFailure, type DeliveryPolicy, type FailureOutcome, type SendFailure } from './delivery-policy';
import type { NotificationStatus } from './milestones';

/** What a decision needs of a notification row. */
export interface NotificationState {
  status: NotificationStatus;
  /** Sends that failed (or, once SENT, all sends); a send the circuit breaker refused does not count. */
  attempts: number;
  /** The claim of the dispatcher sending it; null unless SENDING. */
  claimToken: string | null;
}

/** Each command comes from the dispatcher holding `claimToken`; `now` becomes the event's time. */
export type NotificationCommand =
  /** The mail server accepted the email ("250"). */
  | { type: 'RecordSent'; claimToken: string; response: string; providerMessageId: string | null; now: number }
  /** The send did not go through. */
  | { type: 'RecordSendFailure'; claimToken: string; failure: SendFailure; now: number };

/** What can happen to a claimed email; the infrastructure maps each onto the row (and a public event). */
export type NotificationEvent =
  | { type: 'EmailSent'; attempts: number; response: string; providerMessageId: string | null; at: number }
  | FailureOutcome;

/** What the consumer queues: PENDING with a fresh attempt budget. */
export const initialState = (): NotificationState => ({ status: 'PENDING', attempts: 0, claimToken: null });

/** A notification as the claim leaves it: SENDING under the claiming dispatcher's token. */
export const claimed = (attempts: number, claimToken: string): NotificationState => ({
  status: 'SENDING',
  attempts,
  claimToken,
});

/**
 * Only the current claim may record an outcome: a dispatcher whose lease ran out (and whose email
 * another one took over, or already finished) has nothing to say about it any more.
 */
const holds = (state: NotificationState, claimToken: string) =>
  state.status === 'SENDING' && state.claimToken === claimToken;

function decide(policy: DeliveryPolicy, command: NotificationCommand, state: NotificationState): NotificationEvent[] {
  if (!holds(state, command.claimToken)) return [];
  switch (command.type) {
    case 'RecordSent': {
      const { response, providerMessageId, now: at } = command;
      return [{ type: 'EmailSent', attempts: state.attempts + 1, response, providerMessageId, at }];
    }
    case 'RecordSendFailure':
      return [afterFailure(policy, state.attempts, command.failure, command.now)];
    default:
      return assertNever(command);
  }
}

/** Every outcome releases the claim. */
export function evolve(state: NotificationState, event: NotificationEvent): NotificationState {
  switch (event.type) {
    case 'EmailSent':
      return { status: 'SENT', attempts: event.attempts, claimToken: null };
    case 'RetryScheduled':
      return { status: 'PENDING', attempts: event.attempts, claimToken: null };
    case 'EmailFailed':
      return { status: 'FAILED', attempts: event.attempts, claimToken: null };
    default:
      return assertNever(event);
  }
}

/** One decider per configured policy (how often and how long to retry). */
export function notificationDecider(
  policy: DeliveryPolicy,
): Decider<NotificationCommand, NotificationState, NotificationEvent> {
  return { decide: (command, state) => decide(policy, command, state), evolve, initialState };
}
