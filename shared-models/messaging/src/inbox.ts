import { assertIdentifier, type SqlTx } from './db/sql';

/**
 * Records that this consumer group has processed an event, in the same transaction as the handler's
 * effects. Returns false when the event was already processed: a redelivery then changes nothing.
 */
export async function claimInbox(tx: SqlTx, schema: string, consumerGroup: string, eventId: string, eventType: string): Promise<boolean> {
  const table = `"${assertIdentifier(schema)}"."inbox"`;
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO ${table} (consumer_group, event_id, event_type) VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`,
    consumerGroup,
    eventId,
    eventType,
  );
  return inserted === 1;
}
