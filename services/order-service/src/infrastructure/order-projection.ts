import { ORDER_STATE_VERSION, type OrderState } from '../saga/order.state';
import { deliveryOverdue, pendingWork, type SagaPolicy } from '../saga/saga.policy';
import type { PgTx } from '@kot/postgres';

/** The saga step shown to people: what the order is waiting for right now. */
export function sagaStepOf(state: OrderState): string {
  if (state.status === 'COMPENSATING') {
    if (state.waiting?.for === 'SHIPMENT_CANCELLATION') return 'CANCELLING_SHIPMENT';
    if (state.payment.step === 'AUTHORIZED') return 'REFUNDING_PAYMENT';
    if (state.payment.step === 'UNSETTLED') return 'SETTLING_PAYMENT';
    return 'RELEASING_INVENTORY';
  }
  const steps: Record<string, string> = {
    NEW: 'NEW',
    RESERVING: 'AWAITING_INVENTORY',
    PAYING: 'AUTHORIZING_PAYMENT',
    SCHEDULING: 'AWAITING_SHIPMENT',
    CONFIRMED: 'AWAITING_DISPATCH',
    SHIPPED: 'IN_DELIVERY',
    DELIVERED: 'COMPLETED',
    CANCELLED: 'COMPLETED',
  };
  return steps[state.status] ?? state.status;
}

/** `at` is the time of the stream's latest event: the row is a pure function of the stream, so a rebuild reproduces it. */
export interface ProjectionContext {
  policy: SagaPolicy;
  correlationId: string;
  at: number;
}

// Column order of the upsert below; customer, correlation and creation time are set once, on insert.
const UPSERT_ORDER = `
  INSERT INTO order_service.orders (order_id, customer_id, customer_email, correlation_id, created_at, status, saga_step, total_minor,
      currency, item_count, cancel_reason, pending_action, due_at, action_attempts, version, updated_at, state, state_version)
    VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15, $16::jsonb, $17)
  ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status, saga_step = EXCLUDED.saga_step, total_minor = EXCLUDED.total_minor,
      currency = EXCLUDED.currency, item_count = EXCLUDED.item_count, cancel_reason = EXCLUDED.cancel_reason,
      pending_action = EXCLUDED.pending_action, due_at = EXCLUDED.due_at, action_attempts = 0, version = EXCLUDED.version,
      updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, state_version = EXCLUDED.state_version`;

/**
 * Writes the order's read-model row in the same transaction as its events, including what the saga
 * owes next and when, so the scheduler finds due work with one indexed query (and survives restarts).
 * The row's `state` is also the snapshot the next decision starts from (event-store loadState).
 */
export async function projectOrder(tx: PgTx, state: OrderState, ctx: ProjectionContext): Promise<void> {
  const work = pendingWork(state, ctx.policy);
  await tx.query(
    UPSERT_ORDER,
    [
      state.orderId,
      state.customer?.customerId ?? '',
      state.customer?.email ?? '',
      ctx.correlationId,
      new Date(state.placedAt || ctx.at),
      state.status,
      deliveryOverdue(state, ctx.policy) ? 'DELIVERY_OVERDUE' : sagaStepOf(state),
      state.totalMinor,
      state.currency,
      state.items.reduce((n, line) => n + line.quantity, 0),
      state.status === 'CANCELLED' ? (state.cancellation?.reason ?? null) : null,
      work?.action ?? null,
      work ? new Date(Math.max(work.dueAt, ctx.at)) : null,
      state.version,
      new Date(ctx.at),
      JSON.stringify(state),
      ORDER_STATE_VERSION,
    ],
    'order-project',
  );
}
