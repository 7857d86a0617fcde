import { assertIdentifier, type SqlTx } from '@kot/postgres';

/**
 * Records that this consumer group has processed an event, in the same transaction as the handler's
 * effects. Returns false when the event was already processed: a redelivery then changes nothing.
 */
export async function claimInbox(
  tx: SqlTx,
  schema: string,
  consumerGroup: string,
  eventId: string,
  eventType: string,
): Promise<boolean> {
  const table = `"${assertIdentifier(schema)}"."inbox"`;
  const inserted = await tx.execute(
    `INSERT INTO ${table} (consumer_group, event_id, event_type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
    [consumerGroup, eventId, eventType],
    `${schema}.inbox.claim`,
  );
  return inserted === 1;
}

/**
 * Claims several events at once (one statement instead of one per event). Returns the ids that were
 * new, lower-cased; an id repeated inside the batch is returned once, so only its first copy runs.
 */
export async function claimInboxBatch(
  tx: SqlTx,
  schema: string,
  consumerGroup: string,
  events: ReadonlyArray<{ eventId: string; eventType: string }>,
): Promise<Set<string>> {
  const table = `"${assertIdentifier(schema)}"."inbox"`;
  const rows = await tx.query<{ event_id: string }>(
    `INSERT INTO ${table} (consumer_group, event_id, event_type)
       SELECT $1, (e->>'id')::uuid, e->>'type' FROM jsonb_array_elements($2::jsonb) AS e
       ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
    [consumerGroup, JSON.stringify(events.map((e) => ({ id: e.eventId, type: e.eventType })))],
    `${schema}.inbox.claim-batch`,
  );
  return new Set(rows.map((row) => row.event_id.toLowerCase()));
}
