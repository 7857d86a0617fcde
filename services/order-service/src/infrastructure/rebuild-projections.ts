import type { SagaPolicy } from '../saga/saga.policy';
import { loadStream } from './event-store';
import { projectOrder } from './order-projection';
import type { Database, PgTx } from '@kot/postgres';

export interface RebuildReport {
  streams: number;
  removed: number;
}

/**
 * Rebuilds one order's row from its stream. A saga step reads the row's snapshot, appends events and
 * rewrites the row in one transaction; holding the row lock from before our read of the stream until our
 * commit means no step can commit in between, so the rebuild never writes back an older snapshot (which
 * would make every later append of that order collide on its version, forever). A step already holding
 * the lock makes us wait for its commit, and we then read its events. An order without a row takes no
 * steps (they start from its snapshot), so there is nothing to race there.
 */
async function rebuildOrder(tx: PgTx, orderId: string, policy: SagaPolicy): Promise<void> {
  await tx.query(
    'SELECT 1 FROM order_service.orders WHERE order_id = $1::uuid FOR UPDATE',
    [orderId],
    'order-rebuild-lock-row',
  );
  const { state, events } = await loadStream(tx, orderId);
  const first = events[0];
  const last = events[events.length - 1];
  if (!first || !last) return;
  await projectOrder(tx, state, { policy, correlationId: first.metadata.correlationId, at: last.metadata.occurredAt });
}

/**
 * Rebuilds the orders read model from the event store, stream by stream, each in its own short
 * transaction, so it can run while the service does. Rows whose stream no longer exists are removed.
 */
export async function rebuildProjections(sql: Database, policy: SagaPolicy, batchSize = 200): Promise<RebuildReport> {
  let streams = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const batch = await sql.session.query<{ stream_id: string }>(
      'SELECT DISTINCT stream_id FROM order_service.events WHERE stream_id > $1::uuid ORDER BY stream_id LIMIT $2',
      [after, batchSize],
    );
    for (const { stream_id: orderId } of batch) {
      await sql.transaction((tx) => rebuildOrder(tx, orderId, policy));
    }
    streams += batch.length;
    const last = batch[batch.length - 1];
    if (!last) break;
    after = last.stream_id;
  }
  const removed = await sql.session.execute(
    'DELETE FROM order_service.orders o WHERE NOT EXISTS (SELECT 1 FROM order_service.events e WHERE e.stream_id = o.order_id)',
  );
  return { streams, removed };
}
