import { assertIdentifier, type SqlTx } from '../db/sql';
import { keyOf, toKafkaHeaders, type OutgoingEvent } from '../envelope';

/** The Postgres channel the relay listens on; NOTIFY is delivered only when the transaction commits. */
export function outboxChannel(schema: string): string {
  return `outbox_${assertIdentifier(schema)}`;
}

/**
 * Appends events to the service's outbox inside the caller's transaction. Either the state change and
 * its events commit together, or neither does; the relay publishes them afterwards.
 */
export async function appendToOutbox(tx: SqlTx, schema: string, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const values: unknown[] = [];
  const rows = events.map(({ event, metadata }, index) => {
    values.push(metadata.eventId, keyOf(event), event.type, JSON.stringify(event.data), JSON.stringify(toKafkaHeaders(event, metadata)));
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
