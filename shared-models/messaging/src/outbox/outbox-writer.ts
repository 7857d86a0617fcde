import type { OrderEvent } from '@kot/events';
import { assertIdentifier, type SqlTx } from '../db/sql';
import {
  keyOf,
  newMetadata,
  systemClock,
  toKafkaHeaders,
  uuidGenerator,
  type Cause,
  type Clock,
  type IdGenerator,
  type OutgoingEvent,
} from '../envelope';

/** The Postgres channel the relay listens on; NOTIFY is delivered only when the transaction commits. */
export function outboxChannel(schema: string): string {
  return `outbox_${assertIdentifier(schema)}`;
}

/** A service's one way to emit events: `append(tx, cause, events)`, in the caller's transaction. */
export interface OutboxWriter {
  /** Gives each event fresh metadata (id, time, this service, the cause's correlation and trace), writes them, returns them as written. */
  append(tx: SqlTx, cause: Cause, events: readonly OrderEvent[]): Promise<OutgoingEvent[]>;
}

export interface OutboxIdentity {
  schema: string;
  service: string;
  clock?: Clock;
  ids?: IdGenerator;
}

export function outboxWriter({
  schema,
  service,
  clock = systemClock,
  ids = uuidGenerator,
}: OutboxIdentity): OutboxWriter {
  return {
    async append(tx, cause, events) {
      const outgoing = events.map((event) => ({ event, metadata: newMetadata(cause, service, clock, ids) }));
      await appendToOutbox(tx, schema, outgoing);
      return outgoing;
    },
  };
}

/**
 * Appends events to the service's outbox inside the caller's transaction (the writer above builds on it). Either the state change and
 * its events commit together, or neither does; the relay publishes them afterwards.
 */
export async function appendToOutbox(tx: SqlTx, schema: string, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map(({ event, metadata }, index) => {
    values.push(
      metadata.eventId,
      keyOf(event),
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(toKafkaHeaders(event, metadata)),
    );
    const base = index * 5;
    return `($${base + 1}::uuid, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5}::jsonb)`;
  });
  const table = `"${assertIdentifier(schema)}"."outbox"`;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} (event_id, stream_key, event_type, payload, headers) VALUES ${rows.join(', ')}`,
    ...values,
  );
  await tx.$executeRawUnsafe(`SELECT pg_notify($1, '')`, outboxChannel(schema));
}
