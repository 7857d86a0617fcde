import type { OrderEvent } from '@kot/events';
import type { EventMetadata, OutgoingEvent } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import { ConcurrencyError } from '@kot/service-kit';
import { schemaVersionOf, upcast } from '../orders/event-versions';
import { timed } from '../saga/order.events';
import { evolve } from '../saga/order.evolve';
import { initialState, ORDER_STATE_VERSION, type OrderState } from '../saga/order.state';

// The write side's event store: prepared pg statements (PgTx.query with a name). Reads that serve people
// (timeline, GET /orders/:id) read the same stream through Prisma in stream-queries.ts.

export interface RecordedEvent {
  version: number;
  event: OrderEvent;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface LoadedStream {
  state: OrderState;
  events: RecordedEvent[];
}

export type StreamRow = {
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
};

const SELECT_STREAM =
  'SELECT version, type, schema_version, data, metadata, recorded_at FROM order_service.events WHERE stream_id = $1::uuid ORDER BY version';

/** Older event shapes are upcast here, so everything downstream sees the current schema version. */
export function toRecorded(row: StreamRow): RecordedEvent {
  return {
    version: row.version,
    event: upcast(row.type, row.schema_version, row.data),
    metadata: row.metadata as EventMetadata,
    recordedAt: row.recorded_at,
  };
}

/** Each stored event is folded with the time it happened: its occurred_at, as when it was appended. */
export const fold = (orderId: string, events: readonly RecordedEvent[]): OrderState =>
  events.reduce((s, e) => evolve(s, timed(e.event, e.metadata.occurredAt)), initialState(orderId));

/** Reads an order's whole stream and folds it into its current state (timelines, projection rebuilds). */
export async function loadStream(tx: PgTx, orderId: string): Promise<LoadedStream> {
  const events = (await tx.query<StreamRow>(SELECT_STREAM, [orderId], 'order-load-stream')).map(toRecorded);
  return { state: fold(orderId, events), events };
}

type SnapshotRow = { state: OrderState; state_version: number; stream_version: number | null };

/**
 * The order's current state for a decision: the snapshot the projection wrote in the same transaction as
 * the stream's latest append (one row instead of replaying ~20 events per step, a measured saving, #9).
 * It is trusted only if the code that wrote it folds state the same way (state_version) and it covers the
 * whole stream (its version is the stream's latest); otherwise the stream is replayed, and the next
 * append writes a current snapshot.
 */
export async function loadState(tx: PgTx, orderId: string): Promise<OrderState> {
  const [row] = await tx.query<SnapshotRow>(
    `SELECT o.state, o.state_version, (SELECT max(e.version) FROM order_service.events e WHERE e.stream_id = o.order_id) AS stream_version
       FROM order_service.orders o WHERE o.order_id = $1::uuid`,
    [orderId],
    'order-load-snapshot',
  );
  if (!row) return initialState(orderId);
  if (row.state_version === ORDER_STATE_VERSION && row.state.version === row.stream_version) return row.state;
  return fold(orderId, (await tx.query<StreamRow>(SELECT_STREAM, [orderId], 'order-load-stream')).map(toRecorded));
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505';
}

/**
 * Appends events at the versions after `expectedVersion`. A concurrent writer that appended first makes
 * the (stream_id, version) constraint fail: that is a retriable ConcurrencyError, never a lost update.
 */
export async function appendToStream(
  tx: PgTx,
  orderId: string,
  expectedVersion: number,
  events: readonly OutgoingEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(({ event, metadata }, index) => ({
    version: expectedVersion + index + 1,
    eventId: metadata.eventId,
    type: event.type,
    schemaVersion: schemaVersionOf(event.type),
    data: event.data,
    metadata,
  }));
  try {
    await tx.query(
      `INSERT INTO order_service.events (stream_id, version, event_id, type, schema_version, data, metadata)
         SELECT $1::uuid, (e->>'version')::int, (e->>'eventId')::uuid, e->>'type', (e->>'schemaVersion')::int, e->'data', e->'metadata'
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
      [orderId, JSON.stringify(rows)],
      'order-append-events',
    );
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ConcurrencyError(`order ${orderId} was changed concurrently (expected version ${expectedVersion})`, {
        cause: error,
      });
    throw error;
  }
}

/** The metadata of the stream's latest event: the cause of follow-up work (keeps correlation and trace). */
export async function latestMetadata(tx: PgTx, orderId: string): Promise<EventMetadata | null> {
  const [row] = await tx.query<{ metadata: EventMetadata }>(
    'SELECT metadata FROM order_service.events WHERE stream_id = $1::uuid ORDER BY version DESC LIMIT 1',
    [orderId],
    'order-latest-metadata',
  );
  return row?.metadata ?? null;
}
