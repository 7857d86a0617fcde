// Writes the read model inside the consumer's transaction (with the inbox row), so an event's effects
// land exactly once: a redelivered event is dropped by the inbox, a failed one rolls back whole.
import { assertNever } from '@kot/service-kit';
import type { CancellationReason } from '@kot/events';

import { type FactChange, type OrderFact, type OrderStatus } from '../analytics/order-fact';
import type { PgTx } from '@kot/postgres';
import { countInMinute } from './counters';
import { ANALYTICS_SCHEMA } from '../service';

interface FactRow {
  order_id: string;
  customer_id: string;
  status: OrderStatus;
  currency: string;
  total_minor: bigint;
  placed_at: Date;
  finished_at: Date | null;
  cancel_reason: CancellationReason | null;
  saga_duration_ms: bigint | null;
}

/** Locks the order's row: two instances briefly sharing a partition during a rebalance cannot interleave. */
export async function loadFact(tx: PgTx, orderId: string): Promise<OrderFact | null> {
  const [row] = await tx.query<FactRow>(
    `SELECT * FROM ${ANALYTICS_SCHEMA}.orders WHERE order_id = $1::uuid FOR UPDATE`,
    [orderId],
    'analytics-load-fact',
  );
  if (!row) return null;
  return {
    orderId: row.order_id,
    customerId: row.customer_id,
    status: row.status,
    currency: row.currency,
    totalMinor: Number(row.total_minor),
    placedAt: row.placed_at.getTime(),
    finishedAt: row.finished_at?.getTime() ?? null,
    cancelReason: row.cancel_reason,
    durationMs: row.saga_duration_ms === null ? null : Number(row.saga_duration_ms),
  };
}

async function insertPlaced(tx: PgTx, change: Extract<FactChange, { kind: 'placed' }>): Promise<void> {
  const { fact, lines } = change;
  await tx.query(
    `INSERT INTO ${ANALYTICS_SCHEMA}.orders (order_id, customer_id, status, currency, total_minor, placed_at) VALUES ($1::uuid, $2, $3, $4, $5, $6)`,
    [fact.orderId, fact.customerId, fact.status, fact.currency, fact.totalMinor, new Date(fact.placedAt)],
    'analytics-insert-order',
  );
  await tx.query(
    `INSERT INTO ${ANALYTICS_SCHEMA}.order_lines (order_id, line_no, product_id, quantity, unit_price_minor)
       SELECT $1::uuid, n, l->>'productId', (l->>'quantity')::int, (l->>'unitPriceMinor')::bigint FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(l, n)`,
    [
      fact.orderId,
      JSON.stringify(
        lines.map((line) => ({
          productId: line.productId,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
        })),
      ),
    ],
    'analytics-insert-lines',
  );
  countInMinute(tx, fact.placedAt, 'placed');
}

async function updateFact(tx: PgTx, fact: OrderFact): Promise<void> {
  await tx.query(
    `UPDATE ${ANALYTICS_SCHEMA}.orders SET status = $2, cancel_reason = $3, finished_at = $4, saga_duration_ms = $5 WHERE order_id = $1::uuid`,
    [
      fact.orderId,
      fact.status,
      fact.cancelReason,
      fact.finishedAt === null ? null : new Date(fact.finishedAt),
      fact.durationMs,
    ],
    'analytics-update-fact',
  );
}

export async function applyChange(tx: PgTx, change: FactChange): Promise<void> {
  switch (change.kind) {
    case 'placed':
      return insertPlaced(tx, change);
    case 'progressed':
      return updateFact(tx, change.fact);
    case 'delivered':
      await updateFact(tx, change.fact);
      return countInMinute(tx, change.fact.finishedAt, 'delivered');
    case 'cancelled':
      await updateFact(tx, change.fact);
      return countInMinute(tx, change.fact.finishedAt, 'cancelled');
    case 'unchanged':
      return;
    default:
      return assertNever(change);
  }
}

/** Empties the read model and the inbox (every consumer group's), as the start of a rebuild. */
export async function resetReadModel(tx: PgTx): Promise<void> {
  await tx.execute(
    `TRUNCATE ${ANALYTICS_SCHEMA}.order_lines, ${ANALYTICS_SCHEMA}.orders, ${ANALYTICS_SCHEMA}.minute_buckets, ${ANALYTICS_SCHEMA}.event_counts`,
  );
  await tx.execute(`DELETE FROM ${ANALYTICS_SCHEMA}.inbox`);
}
