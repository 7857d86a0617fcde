import type { OrderState } from '../orders/order-state';

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

/**
 * Work the order service itself owes the order: a payment call, settling a payment whose outcome a
 * cancellation left unknown, a refund, or checking an unanswered request.
 */
export type PendingAction = 'AUTHORIZE_PAYMENT' | 'SETTLE_PAYMENT' | 'REFUND_PAYMENT' | 'CHECK_REPLY';

export interface PendingWork {
  action: PendingAction;
  dueAt: number;
}

const shipmentSettled = (state: OrderState): boolean =>
  !['REQUESTED', 'SCHEDULED', 'CANCEL_REQUESTED'].includes(state.shipment.step);

/**
 * Money is given back once the shipment is settled (newest step first), and also after the end: an
 * authorization that landed on an order already cancelled (older code let that happen) is still owed.
 */
export function refundIsNext(state: OrderState): boolean {
  if (state.payment.step !== 'AUTHORIZED') return false;
  return state.status === 'CANCELLED' || (state.status === 'COMPENSATING' && shipmentSettled(state));
}

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

/** What is due next for this order and when; null when the saga waits on nothing it owns. */
export function pendingWork(state: OrderState, policy: SagaPolicy): PendingWork | null {
  if (state.status === 'PAYING' && state.payment.step === 'NONE')
    return { action: 'AUTHORIZE_PAYMENT', dueAt: state.waiting?.since ?? 0 };
  if (state.status === 'COMPENSATING' && state.payment.step === 'UNSETTLED' && shipmentSettled(state))
    return { action: 'SETTLE_PAYMENT', dueAt: 0 };
  if (refundIsNext(state)) return { action: 'REFUND_PAYMENT', dueAt: 0 };
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
 * (a cancel while a payment is due, a delivery) can never turn into a stale call. Settling a payment
 * asks the provider to authorize again with the same idempotency key: it answers with the
 * authorization it already made, or makes it now; either way the saga then knows, and refunds it.
 */
export function workFor(state: OrderState, claimed: PendingAction, policy: SagaPolicy): SagaWork {
  const due = pendingWork(state, policy);
  if (due?.action !== claimed)
    return { kind: 'nothing', why: `${claimed} is no longer due (now ${due?.action ?? 'nothing'})` };
  switch (claimed) {
    case 'CHECK_REPLY':
      return { kind: 'check-deadline' };
    case 'AUTHORIZE_PAYMENT':
    case 'SETTLE_PAYMENT':
      return {
        kind: 'authorize',
        customerId: state.customer?.customerId ?? '',
        amountMinor: state.totalMinor,
        currency: state.currency,
      };
    case 'REFUND_PAYMENT':
      return state.payment.paymentId
        ? { kind: 'refund', paymentId: state.payment.paymentId, amountMinor: state.totalMinor }
        : { kind: 'nothing', why: 'no payment id to refund' };
    default: {
      const exhaustive: never = claimed;
      return exhaustive;
    }
  }
}
