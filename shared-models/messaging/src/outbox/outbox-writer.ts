import type { OrderEvent } from '@kot/events';
import { assertIdentifier, type SqlTx } from '@kot/postgres';
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
 * its events commit together, or neither does; the relay publishes them afterwards. One prepared statement whatever the number of
 * events (the rows travel as one JSON array), and the NOTIFY that wakes the relay rides in it: one round trip per append.
 */
export async function appendToOutbox(tx: SqlTx, schema: string, events: readonly OutgoingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map(({ event, metadata }) => ({
    event_id: metadata.eventId,
    stream_key: keyOf(event),
    event_type: event.type,
    payload: event.data,
    headers: toKafkaHeaders(event, metadata),
  }));
  await tx.query(appendStatement(schema), [JSON.stringify(rows), outboxChannel(schema)], `${schema}.outbox.append`);
}

const appendStatement = (schema: string): string => `
  WITH appended AS (
    INSERT INTO "${assertIdentifier(schema)}"."outbox" (event_id, stream_key, event_type, payload, headers)
    SELECT (r->>'event_id')::uuid, r->>'stream_key', r->>'event_type', r->'payload', r->'headers'
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(r, n)
     ORDER BY n -- ids follow the caller's order, and the relay publishes by id
    RETURNING 1)
  SELECT pg_notify($2, '') FROM (SELECT count(*) FROM appended) AS n`;
