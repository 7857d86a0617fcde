// Writes the read model inside the consumer's transaction (with the inbox row), so an event's effects
// land exactly once: a redelivered event is dropped by the inbox, a failed one rolls back whole.
import type { CancellationReason, EventType } from '@kot/events';
import { AppError } from '@kot/service-kit';
import { assertNever, type FactChange, type OrderFact, type OrderStatus } from '../analytics/order-fact';
import { ANALYTICS_SCHEMA, type AnalyticsTx } from './prisma';

interface FactRow {
  order_id: string; customer_id: string; status: OrderStatus; currency: string; total_minor: bigint;
  placed_at: Date; finished_at: Date | null; cancel_reason: CancellationReason | null; saga_duration_ms: bigint | null;
}

/** Locks the order's row: two instances briefly sharing a partition during a rebalance cannot interleave. */
export async function loadFact(tx: AnalyticsTx, orderId: string): Promise<OrderFact | null> {
  const [row] = await tx.$queryRawUnsafe<FactRow[]>(`SELECT * FROM ${ANALYTICS_SCHEMA}.orders WHERE order_id = $1::uuid FOR UPDATE`, orderId);
  if (!row) return null;
  return {
    orderId: row.order_id, customerId: row.customer_id, status: row.status, currency: row.currency, totalMinor: Number(row.total_minor),
    placedAt: row.placed_at.getTime(), finishedAt: row.finished_at?.getTime() ?? null, cancelReason: row.cancel_reason,
    durationMs: row.saga_duration_ms === null ? null : Number(row.saga_duration_ms),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Order ids are UUIDs everywhere; anything else is a broken producer, so dead-letter it at once. */
export function assertOrderId(orderId: string): void {
  if (UUID.test(orderId)) return;
  throw new AppError({ code: 'INVALID_ORDER_ID', status: 422, title: 'Invalid event', detail: `order id "${orderId.slice(0, 80)}" is not a UUID`, retriable: false });
}

type Counter = 'placed' | 'delivered' | 'cancelled';

/** Adds one to a per-minute counter; the minute is when the thing happened, not when we heard of it. */
async function bump(tx: AnalyticsTx, at: number | null, counter: Counter): Promise<void> {
  if (at === null) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${ANALYTICS_SCHEMA}.minute_buckets (minute, ${counter}) VALUES (date_trunc('minute', $1::timestamptz), 1)
       ON CONFLICT (minute) DO UPDATE SET ${counter} = minute_buckets.${counter} + 1`,
    new Date(at).toISOString(),
  );
}

async function insertPlaced(tx: AnalyticsTx, change: Extract<FactChange, { kind: 'placed' }>): Promise<void> {
  const { fact, lines } = change;
  await tx.orderFact.create({
    data: {
      orderId: fact.orderId, customerId: fact.customerId, status: fact.status, currency: fact.currency, totalMinor: BigInt(fact.totalMinor), placedAt: new Date(fact.placedAt),
      lines: { create: lines.map((line, index) => ({ lineNo: index + 1, productId: line.productId, quantity: line.quantity, unitPriceMinor: BigInt(line.unitPriceMinor) })) },
    },
  });
  await bump(tx, fact.placedAt, 'placed');
}

async function updateFact(tx: AnalyticsTx, fact: OrderFact): Promise<void> {
  await tx.orderFact.update({
    where: { orderId: fact.orderId },
    data: {
      status: fact.status, cancelReason: fact.cancelReason, finishedAt: fact.finishedAt === null ? null : new Date(fact.finishedAt),
      sagaDurationMs: fact.durationMs === null ? null : BigInt(fact.durationMs),
    },
  });
}

export async function applyChange(tx: AnalyticsTx, change: FactChange): Promise<void> {
  switch (change.kind) {
    case 'placed':
      return insertPlaced(tx, change);
    case 'progressed':
      return updateFact(tx, change.fact);
    case 'delivered':
      await updateFact(tx, change.fact);
      return bump(tx, change.fact.finishedAt, 'delivered');
    case 'cancelled':
      await updateFact(tx, change.fact);
      return bump(tx, change.fact.finishedAt, 'cancelled');
    case 'unchanged':
      return;
    default:
      return assertNever(change);
  }
}

export async function countEvent(tx: AnalyticsTx, type: EventType): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ${ANALYTICS_SCHEMA}.event_counts (event_type, count) VALUES ($1, 1) ON CONFLICT (event_type) DO UPDATE SET count = event_counts.count + 1`,
    type,
  );
}

/** Empties the read model and the inbox (every consumer group's), as the start of a rebuild. */
export async function resetReadModel(tx: AnalyticsTx): Promise<void> {
  await tx.$executeRawUnsafe(`TRUNCATE ${ANALYTICS_SCHEMA}.order_lines, ${ANALYTICS_SCHEMA}.orders, ${ANALYTICS_SCHEMA}.minute_buckets, ${ANALYTICS_SCHEMA}.event_counts`);
  await tx.$executeRawUnsafe(`DELETE FROM ${ANALYTICS_SCHEMA}.inbox`);
}
