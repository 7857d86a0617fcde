import type { OrderState } from '../orders/order-state';

/** Timeouts and re-request limits; defaults come from configuration (SAGA_REPLY_TIMEOUT_MS, ...). */
export interface SagaPolicy {
  /** How long a request to another service may stay unanswered before it is re-sent. */
  replyTimeoutMs: number;
  /** How many times a forward step is requested before the order is compensated (reason TIMEOUT). */
  maxAttempts: number;
  /** Compensations are re-sent forever, but no more often than this. */
  maxCompensationBackoffMs: number;
}

export const defaultSagaPolicy: SagaPolicy = { replyTimeoutMs: 30_000, maxAttempts: 3, maxCompensationBackoffMs: 300_000 };

/** Work the order service itself owes the order: a payment call, or checking an unanswered request. */
export type PendingAction = 'AUTHORIZE_PAYMENT' | 'REFUND_PAYMENT' | 'CHECK_REPLY';

export interface PendingWork { action: PendingAction; dueAt: number }

/** The compensation the saga is waiting on, newest step first: shipment, then payment, then stock. */
export function refundIsNext(state: OrderState): boolean {
  const shipmentSettled = !['REQUESTED', 'SCHEDULED', 'CANCEL_REQUESTED'].includes(state.shipment.step);
  return state.status === 'COMPENSATING' && shipmentSettled && state.payment.step === 'AUTHORIZED';
}

/** Compensation re-requests back off exponentially so a long outage does not flood the topic. */
export function replyDeadline(state: OrderState, policy: SagaPolicy): number | null {
  const { waiting } = state;
  if (!waiting) return null;
  const compensating = waiting.for === 'RELEASE' || waiting.for === 'SHIPMENT_CANCELLATION';
  const wait = compensating ? Math.min(policy.maxCompensationBackoffMs, policy.replyTimeoutMs * 2 ** (waiting.attempts - 1)) : policy.replyTimeoutMs;
  return waiting.since + wait;
}

/** What is due next for this order and when; null when the saga waits on nothing it owns. */
export function pendingWork(state: OrderState, policy: SagaPolicy): PendingWork | null {
  if (state.status === 'PAYING' && state.payment.step === 'NONE') return { action: 'AUTHORIZE_PAYMENT', dueAt: state.waiting?.since ?? 0 };
  if (refundIsNext(state)) return { action: 'REFUND_PAYMENT', dueAt: 0 };
  const deadline = replyDeadline(state, policy);
  return deadline === null ? null : { action: 'CHECK_REPLY', dueAt: deadline };
}
