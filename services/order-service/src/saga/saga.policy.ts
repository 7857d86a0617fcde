import type { OrderState } from './order.state';
import { stepsOf } from './order.steps';
import { stepOf, type PaymentAction } from './saga.table';

/** Timeouts and re-request limits; defaults come from configuration (SAGA_REPLY_TIMEOUT_MS, ...). */
export interface SagaPolicy {
  /** How long a request to another service may stay unanswered before it is re-sent. */
  replyTimeoutMs: number;
  /** How many times a forward step is requested before the order is compensated (reason TIMEOUT). */
  maxAttempts: number;
  /** Compensations are re-sent forever, but no more often than this. */
  maxCompensationBackoffMs: number;
  /** A confirmed order with no news of its parcel for this long asks shipping where it is. */
  deliveryDeadlineMs: number;
}

export const defaultSagaPolicy: SagaPolicy = {
  replyTimeoutMs: 30_000,
  maxAttempts: 3,
  maxCompensationBackoffMs: 300_000,
  deliveryDeadlineMs: 3 * 86_400_000,
};

/** Asked and asked again with no news: a person should look (saga step DELIVERY_OVERDUE, alert SagaDeliveryOverdue). */
export const deliveryOverdue = (state: OrderState, policy: SagaPolicy): boolean =>
  state.waiting?.for === 'DELIVERY' && state.waiting.attempts > policy.maxAttempts;

/** Compensation re-requests back off exponentially so a long outage does not flood the topic. */
export function replyDeadline(state: OrderState, policy: SagaPolicy): number | null {
  const { waiting } = state;
  if (!waiting) return null;
  if (waiting.for === 'DELIVERY') return waiting.since + policy.deliveryDeadlineMs;
  const compensating = waiting.for === 'RELEASE' || waiting.for === 'SHIPMENT_CANCELLATION';
  const wait = compensating
    ? Math.min(policy.maxCompensationBackoffMs, policy.replyTimeoutMs * 2 ** (waiting.attempts - 1))
    : policy.replyTimeoutMs;
  return waiting.since + wait;
}

/**
 * Work the order service itself owes the order: a payment step of the saga table (authorize, settle a
 * payment whose outcome a cancellation left unknown, refund), or checking an unanswered request.
 */
export type PendingAction = PaymentAction | 'CHECK_REPLY';

export interface PendingWork {
  action: PendingAction;
  dueAt: number;
}

/** What is due next for this order and when; null when the saga waits on nothing it owns. */
export function pendingWork(state: OrderState, policy: SagaPolicy): PendingWork | null {
  const move = stepOf(state.status, stepsOf(state))?.move;
  if (move?.by === 'scheduler') return { action: move.action, dueAt: move.dueAt(state) };
  const deadline = replyDeadline(state, policy);
  return deadline === null ? null : { action: 'CHECK_REPLY', dueAt: deadline };
}

/** What claimed work means now: a call to make, a deadline to check, or nothing (the order moved on). */
export type SagaWork =
  | { kind: 'check-deadline' }
  | { kind: 'authorize'; customerId: string; amountMinor: number; currency: string }
  | { kind: 'refund'; paymentId: string; amountMinor: number }
  | { kind: 'nothing'; why: string };

/**
 * Re-checks claimed work against the order as it is now, so a step that committed after the claim
 * (a cancel while a payment is due, a delivery) can never turn into a stale call. The call to make is
 * the one the order's step in the saga table names.
 */
export function workFor(state: OrderState, claimed: PendingAction, policy: SagaPolicy): SagaWork {
  const due = pendingWork(state, policy);
  if (due?.action !== claimed)
    return { kind: 'nothing', why: `${claimed} is no longer due (now ${due?.action ?? 'nothing'})` };
  const move = stepOf(state.status, stepsOf(state))?.move;
  if (move?.by !== 'scheduler') return { kind: 'check-deadline' };
  switch (move.call) {
    case 'authorize':
      return {
        kind: 'authorize',
        customerId: state.customer?.customerId ?? '',
        amountMinor: state.totalMinor,
        currency: state.currency,
      };
    case 'refund':
      return state.payment.paymentId
        ? { kind: 'refund', paymentId: state.payment.paymentId, amountMinor: state.totalMinor }
        : { kind: 'nothing', why: 'no payment id to refund' };
    default: {
      const exhaustive: never = move.call;
      return exhaustive;
    }
  }
}
