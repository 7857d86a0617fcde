// The purge on a real Postgres schema: old published outbox rows and old inbox ids go, in batches;
// unpublished rows and recent ids stay; and an event redelivered inside the inbox retention window
// still has no second effect through the real consumer.
import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createTestTopics, eventually, STACK, testKafka } from '@kot/testing';
import { silentLogger } from '../logger';
import { startConsumerFixture } from './consumer-fixture';
import { HousekeepingWorker, type HousekeepingSettings } from './housekeeping';
import { housekeepingLockKey } from './pass-lock';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-22T04:00:00.000Z');
const settings: HousekeepingSettings = {
  outboxRetentionMs: 7 * DAY,
  inboxRetentionMs: 30 * DAY,
  intervalMs: 60_000,
  batchSize: 3,
};
const clock = { now: () => NOW };
const ago = (ms: number) => new Date(NOW - ms);

async function addOutbox(pool: Pool, createdAt: Date, publishedAt: Date | null): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO inventory_service.outbox (event_id, stream_key, event_type, payload, headers, created_at, published_at)
     VALUES ($1, 'ord-h', 'InventoryReserved', '{}', '{}', $2, $3) RETURNING id`,
    [randomUUID(), createdAt, publishedAt],
  );
  return (rows[0] as { id: string }).id;
}

async function addInbox(pool: Pool, processedAt: Date): Promise<string> {
  const eventId = randomUUID();
  await pool.query(
    `INSERT INTO inventory_service.inbox (consumer_group, event_id, event_type, processed_at) VALUES ('g', $1, 'OrderPlaced', $2)`,
    [eventId, processedAt],
  );
  return eventId;
}

const ids = async (pool: Pool, sql: string): Promise<string[]> =>
  (await pool.query<{ id: string }>(sql)).rows.map((r) => r.id).sort();

describe('housekeeping purge (real Postgres)', () => {
  it('deletes only old published outbox rows and old inbox ids, in batches, over as many rounds as it takes', async () => {
    const pool = new Pool({ connectionString: STACK.databaseUrl('inventory_service'), max: 2 });
    try {
      const times = (n: number, make: () => Promise<string>) => Promise.all(Array.from({ length: n }, make));
      await times(7, () => addOutbox(pool, ago(11 * DAY), ago(10 * DAY)));
      const keptOutbox = [
        ...(await times(2, () => addOutbox(pool, ago(2 * DAY), ago(1 * HOUR)))),
        ...(await times(2, () => addOutbox(pool, ago(20 * DAY), null))), // never published: never purged, however old
      ];
      await times(7, () => addInbox(pool, ago(40 * DAY)));
      const keptInbox = await times(2, () => addInbox(pool, ago(29 * DAY)));

      const worker = new HousekeepingWorker({
        ...settings,
        pool,
        schema: 'inventory_service',
        logger: silentLogger,
        clock,
        maxBatchesPerTick: 2,
      });
      expect(await worker.tick()).toEqual({ outbox: 6, inbox: 6, batches: 4, skipped: false });
      expect(await worker.tick()).toEqual({ outbox: 1, inbox: 1, batches: 2, skipped: false });
      expect(await worker.tick()).toEqual({ outbox: 0, inbox: 0, batches: 2, skipped: false });

      expect(await ids(pool, 'SELECT id::text AS id FROM inventory_service.outbox')).toEqual(keptOutbox.sort());
      expect(await ids(pool, 'SELECT event_id::text AS id FROM inventory_service.inbox')).toEqual(keptInbox.sort());
    } finally {
      await pool.end();
    }
  });

  // Issue 17: every instance of a service runs this worker on the one schema; a pass is one instance's at a time.
  it("skips a pass while another instance holds the schema's housekeeping lock, and lets the lock go after its own", async () => {
    const pool = new Pool({ connectionString: STACK.databaseUrl('inventory_service'), max: 3 });
    const key = housekeepingLockKey('inventory_service');
    try {
      for (let i = 0; i < 2; i += 1) await addOutbox(pool, ago(11 * DAY), ago(10 * DAY));
      const worker = new HousekeepingWorker({
        ...settings,
        pool,
        schema: 'inventory_service',
        logger: silentLogger,
        clock,
      });
      const other = await pool.connect(); // another instance, in the middle of its pass
      try {
        await other.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
        expect(await worker.tick()).toEqual({ outbox: 0, inbox: 0, batches: 0, skipped: true });
      } finally {
        await other.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
        other.release();
      }
      expect(await worker.tick()).toMatchObject({ outbox: 2, skipped: false });
      // The pass's pooled connection did not keep the lock: a session of its own (a try in the same
      // session would succeed anyway, advisory locks being re-entrant) takes it at once.
      const probe = new Client({ connectionString: STACK.databaseUrl('inventory_service') });
      await probe.connect();
      const free = await probe.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      await probe.end();
      expect(free.rows[0]?.locked).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('keeps deduplicating an event redelivered inside the retention window, and forgets it only after', async () => {
    const { topic, deadLetterTopic } = await createTestTopics('housekeeping', 1);
    const fixture = await startConsumerFixture({
      kafka: testKafka('housekeeping-test'),
      topic,
      deadLetterTopic,
      registryUrl: STACK.registryUrl,
      databaseUrl: STACK.databaseUrl('analytics_service'),
      schema: 'analytics_service',
    });
    const orderId = `ord-h-${randomUUID().slice(0, 8)}`;
    const worker = new HousekeepingWorker({
      ...settings,
      inboxRetentionMs: 1 * HOUR,
      pool: fixture.pool,
      schema: 'analytics_service',
      logger: silentLogger,
    });
    const settled = async (): Promise<void> => {
      const sentinel = await fixture.publish(`sentinel-${orderId}`); // one partition: handled after everything before it
      await eventually(
        async () => (await fixture.effects(`sentinel-${orderId}`)).includes(sentinel),
        'the sentinel to be handled',
        60_000,
      );
    };
    try {
      const eventId = await fixture.publish(orderId);
      await settled();
      expect(await fixture.effects(orderId)).toEqual([eventId]);

      expect((await worker.tick()).inbox).toBe(0); // everything was processed seconds ago
      await fixture.publish(orderId, eventId);
      await settled();
      expect(await fixture.effects(orderId)).toEqual([eventId]);

      // The documented limit: once an id is older than the retention it is purged, and a redelivery
      // would count as new. That is why INBOX_RETENTION_MS must exceed how long Kafka keeps events.
      await fixture.pool.query(
        "UPDATE analytics_service.inbox SET processed_at = now() - interval '2 hours' WHERE event_id = $1",
        [eventId],
      );
      expect((await worker.tick()).inbox).toBe(1);
      await fixture.publish(orderId, eventId);
      await settled();
      expect(await fixture.effects(orderId)).toEqual([eventId, eventId]);
    } finally {
      await fixture.stop();
    }
  });
});
