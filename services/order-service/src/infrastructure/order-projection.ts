import type { OrderState } from '../orders/order-state';
import { pendingWork, type SagaPolicy } from '../saga/saga.policy';
import type { OrderTx } from './prisma';

/** The saga step shown to people: what the order is waiting for right now. */
export function sagaStepOf(state: OrderState): string {
  if (state.status === 'COMPENSATING') {
    if (state.waiting?.for === 'SHIPMENT_CANCELLATION') return 'CANCELLING_SHIPMENT';
    if (state.payment.step === 'AUTHORIZED') return 'REFUNDING_PAYMENT';
    return 'RELEASING_INVENTORY';
  }
  const steps: Record<string, string> = {
    NEW: 'NEW', RESERVING: 'AWAITING_INVENTORY', PAYING: 'AUTHORIZING_PAYMENT', SCHEDULING: 'AWAITING_SHIPMENT',
    CONFIRMED: 'AWAITING_DISPATCH', SHIPPED: 'IN_DELIVERY', DELIVERED: 'COMPLETED', CANCELLED: 'COMPLETED',
  };
  return steps[state.status] ?? state.status;
}

/** `at` is the time of the stream's latest event: the row is a pure function of the stream, so a rebuild reproduces it. */
export interface ProjectionContext { policy: SagaPolicy; correlationId: string; at: number }

/**
 * Writes the order's read-model row in the same transaction as its events, including what the saga
 * owes next and when, so the scheduler finds due work with one indexed query (and survives restarts).
 */
export async function projectOrder(tx: OrderTx, state: OrderState, ctx: ProjectionContext): Promise<void> {
  const work = pendingWork(state, ctx.policy);
  const row = {
    status: state.status,
    sagaStep: sagaStepOf(state),
    totalMinor: BigInt(state.totalMinor),
    currency: state.currency,
    itemCount: state.items.reduce((n, line) => n + line.quantity, 0),
    cancelReason: state.status === 'CANCELLED' ? state.cancellation?.reason ?? null : null,
    pendingAction: work?.action ?? null,
    dueAt: work ? new Date(Math.max(work.dueAt, ctx.at)) : null,
    actionAttempts: 0,
    version: state.version,
    updatedAt: new Date(ctx.at),
    state: state as unknown as object,
  };
  await tx.orderView.upsert({
    where: { orderId: state.orderId },
    create: {
      ...row,
      orderId: state.orderId,
      customerId: state.customer?.customerId ?? '',
      customerEmail: state.customer?.email ?? '',
      correlationId: ctx.correlationId,
      createdAt: new Date(state.placedAt || ctx.at),
    },
    update: row,
  });
}
