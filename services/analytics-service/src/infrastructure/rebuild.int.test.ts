// Rebuilding analytics from a topic that no longer holds its whole history (issue 14, finding 10).
// The topic keeps 7 days (broker log.retention.hours=168); retention deletes the oldest records, which is
// what deleteTopicRecords does here. A rebuild that empties the read model and replays what is left
// would silently drop every order placed before the log start.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { sampleEvent } from '@kot/events';
import { createLogger } from '@kot/service-kit';
import { eventually, STACK, testKafka } from '@kot/testing';
import { AnalyticsHarness } from '../testing/analytics-harness';
import { rebuildReadModel } from './rebuild';

const logger = createLogger({ service: 'analytics-rebuild-retention-test', level: 'silent' });
const OLD_ORDERS = 6;
const RECENT_ORDERS = 4;
let h: AnalyticsHarness;
let db: Client;
beforeAll(async () => {
  h = await AnalyticsHarness.start('analytics-retention');
  db = new Client({ connectionString: STACK.databaseUrl('analytics_service') });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await h?.stop();
});

async function placeOrders(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1)
    await h.tap.publish(sampleEvent('OrderPlaced', { orderId: randomUUID() }), { producer: 'test-saga' });
}

const orderCount = async () => Number((await db.query('SELECT count(*) AS n FROM analytics_service.orders')).rows[0].n);

async function withAdmin<T>(
  work: (admin: ReturnType<ReturnType<typeof testKafka>['admin']>) => Promise<T>,
): Promise<T> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Per partition that has records, the end of the log now: everything before it is "old". */
async function logEnds(): Promise<Record<number, string>> {
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(h.config.KAFKA_TOPIC));
  return Object.fromEntries(offsets.filter((o) => o.high !== '0').map((o) => [o.partition, o.high]));
}

/** What retention does once the oldest records are older than retention.ms. */
async function deleteRecordsBefore(ends: Record<number, string>): Promise<void> {
  const partitions = Object.entries(ends).map(([partition, offset]) => ({ partition: Number(partition), offset }));
  await withAdmin(async (admin) => {
    await admin.fetchTopicMetadata({ topics: [h.config.KAFKA_TOPIC] }); // kafkajs finds partition leaders only in fetched metadata
    await admin.deleteTopicRecords({ topic: h.config.KAFKA_TOPIC, partitions });
  });
}

const rebuildWaitsOnALock = async () =>
  (
    await db.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
  ).rows[0].n > 0;

describe('analytics rebuild past topic retention', () => {
  let deletedBefore: Record<number, string>;

  it('fails loudly when retention deletes records while the rebuild replays the topic', async () => {
    await placeOrders(2);
    await eventually(async () => (await orderCount()) === 2, 'the live read model to hold both orders', 30_000);
    await h.stopService();
    // An open transaction that has read the read model holds the rebuild at its reset, after it captured the offsets.
    const holder = new Client({ connectionString: STACK.databaseUrl('analytics_service') });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT count(*) FROM analytics_service.orders');
    const rebuild = rebuildReadModel({ config: h.config, logger, pollIntervalMs: 200 });
    rebuild.catch(() => undefined); // asserted below
    await eventually(rebuildWaitsOnALock, 'the rebuild to wait for the read model');
    await deleteRecordsBefore(await logEnds());
    await holder.query('COMMIT').finally(() => holder.end());
    await expect(rebuild).rejects.toThrow(/while the rebuild replayed it: partition \d+ starts at offset/);
    expect(await orderCount()).toBe(0);
    await h.startService();
  });

  it('refuses to rebuild when retention has deleted the oldest records, naming the gap, and changes nothing', async () => {
    await placeOrders(OLD_ORDERS);
    deletedBefore = await logEnds();
    await placeOrders(RECENT_ORDERS);
    await eventually(
      async () => (await orderCount()) === OLD_ORDERS + RECENT_ORDERS,
      'the live read model to hold every order',
      30_000,
    );
    await h.stopService();
    await deleteRecordsBefore(deletedBefore);

    const [partition, offset] = Object.entries(deletedBefore)[0] as [string, string];
    const rebuild = rebuildReadModel({ config: h.config, logger, pollIntervalMs: 200 });
    await expect(rebuild).rejects.toThrow(
      new RegExp(`partition ${partition} starts at offset ${offset}.*--accept-history-loss`, 's'),
    );
    expect(await orderCount()).toBe(OLD_ORDERS + RECENT_ORDERS);
    expect(Number((await db.query('SELECT count(*) AS n FROM analytics_service.inbox')).rows[0].n)).toBe(
      OLD_ORDERS + RECENT_ORDERS,
    );
  });

  it('rebuilds from what the topic still holds when the loss is accepted, and reports what was not replayed', async () => {
    const report = await rebuildReadModel({ config: h.config, logger, pollIntervalMs: 200, acceptHistoryLoss: true });
    expect(report.deletedBefore).toEqual(deletedBefore);
    expect(report.events).toBe(RECENT_ORDERS);
    expect(await orderCount()).toBe(RECENT_ORDERS);
  });
});
