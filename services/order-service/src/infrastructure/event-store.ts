import type { OrderEvent } from '@kot/events';
import type { EventMetadata, OutgoingEvent, PgTx, SqlTx } from '@kot/messaging';
import { ConcurrencyError } from '@kot/service-kit';
import { evolve, initialState, type OrderState } from '../orders/order-state';

// The write path talks to Postgres through prepared pg statements (PgTx.query with a name); reads that
// serve people (timeline, GET /orders/:id) go through any SqlTx, Prisma's included.

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

type Row = { version: number; type: string; data: unknown; metadata: unknown; recorded_at: Date };

function toRecorded(row: Row): RecordedEvent {
  return { version: row.version, event: { type: row.type, data: row.data } as OrderEvent, metadata: row.metadata as EventMetadata, recordedAt: row.recorded_at };
}

/** Reads an order's whole stream and folds it into its current state (timelines, projection rebuilds). */
export async function loadStream(db: SqlTx, orderId: string): Promise<LoadedStream> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    'SELECT version, type, data, metadata, recorded_at FROM order_service.events WHERE stream_id = $1::uuid ORDER BY version', orderId,
  );
  const events = rows.map(toRecorded);
  const state = events.reduce((s, e) => evolve(s, e.event, e.metadata.occurredAt), initialState(orderId));
  return { state, events };
}

/**
 * The order's current state for a decision: the snapshot the projection wrote in the same transaction as
 * the stream's latest append, so it is exactly the fold of the stream (rebuildProjections recomputes it).
 * Reading one row instead of replaying ~20 events per step was a measured saving (#9).
 */
export async function loadState(tx: PgTx, orderId: string): Promise<OrderState> {
  const [row] = await tx.query<{ state: OrderState }>('SELECT state FROM order_service.orders WHERE order_id = $1::uuid', [orderId], 'order-load-state');
  return row?.state ?? initialState(orderId);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505';
}

/**
 * Appends events at the versions after `expectedVersion`. A concurrent writer that appended first makes
 * the (stream_id, version) constraint fail: that is a retriable ConcurrencyError, never a lost update.
 */
export async function appendToStream(tx: PgTx, orderId: string, expectedVersion: number, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(({ event, metadata }, index) => ({ version: expectedVersion + index + 1, eventId: metadata.eventId, type: event.type, data: event.data, metadata }));
  try {
    await tx.query(
      `INSERT INTO order_service.events (stream_id, version, event_id, type, data, metadata)
         SELECT $1::uuid, (e->>'version')::int, (e->>'eventId')::uuid, e->>'type', e->'data', e->'metadata'
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
      [orderId, JSON.stringify(rows)], 'order-append-events',
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConcurrencyError(`order ${orderId} was changed concurrently (expected version ${expectedVersion})`, { cause: error });
    throw error;
  }
}

/** The metadata of the stream's latest event: the cause of follow-up work (keeps correlation and trace). */
export async function latestMetadata(tx: PgTx, orderId: string): Promise<EventMetadata | null> {
  const [row] = await tx.query<{ metadata: EventMetadata }>(
    'SELECT metadata FROM order_service.events WHERE stream_id = $1::uuid ORDER BY version DESC LIMIT 1', [orderId], 'order-latest-metadata',
  );
  return row?.metadata ?? null;
}
