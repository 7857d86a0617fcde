import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createEventCodec, sampleEvent, type EventType, type OrderEvent } from '@kot/events';
import { createTestTopics, eventually, readDeadLetters, stackEnv, testKafka } from '@kot/testing';
import { newMetadata, systemClock, toKafkaHeaders, uuidGenerator } from '../envelope';
import { pgTransactions, withoutSchemaParam, type SqlTx } from '@kot/postgres';
import { runConsumer } from './run-consumer';

// Real Kafka, registry and Postgres (the inventory schema of this file's own database): a backlog
// fetched as one batch is handled in a few transactions, one failing event is parked without taking its
// neighbours down, a redelivered event id inside the batch runs once, and offsets end past everything.
const SCHEMA = 'inventory_service';
// Built in beforeAll: this file's own database exists only once the integration setup created it.
let env: ReturnType<typeof stackEnv>;
let pool: Pool;
const kafka = testKafka('batching-test');

function placed(orderId: string): OrderEvent {
  return sampleEvent('OrderPlaced', { orderId });
}

beforeAll(() => {
  env = stackEnv(SCHEMA);
  pool = new Pool({ connectionString: withoutSchemaParam(env.DATABASE_URL), max: 2 });
});
afterAll(() => pool.end());

describe('runConsumer batching (real Kafka and Postgres)', () => {
  it('handles a backlog in few transactions, parks only the failing event, runs a repeated id once, and commits past all', async () => {
    const { topic, deadLetterTopic } = await createTestTopics('batching', 1);
    const codec = createEventCodec({ registryUrl: env.SCHEMA_REGISTRY_URL, topic });
    const events = Array.from({ length: 30 }, (_, i) => ({
      event: placed(`ord-batch-${i}`),
      metadata: newMetadata(
        { correlationId: `c-${i}`, causationId: null, traceparent: null },
        'test',
        systemClock,
        uuidGenerator,
      ),
    }));
    const repeated = events[5]!;
    const producer = kafka.producer();
    await producer.connect();
    const messages = await Promise.all(
      [...events, repeated].map(async ({ event, metadata }) => ({
        key: event.data.orderId,
        value: await codec.encode(event),
        headers: toKafkaHeaders(event, metadata),
      })),
    );
    await producer.send({ topic, messages });
    await producer.disconnect();

    const transactions = new Set<string>();
    const committedTypes: EventType[] = [];
    const groupId = `batching-${randomUUID().slice(0, 8)}`;
    const dlqProducer = await connectedProducer();
    const running = await runConsumer<SqlTx>({
      kafka,
      groupId,
      topic,
      deadLetterTopic,
      codec,
      producer: dlqProducer,
      schema: SCHEMA,
      service: 'batching-test',
      retry: { attempts: 2, baseMs: 1, maxMs: 1 },
      isRetriable: () => false,
      onCommitted: (types) => committedTypes.push(...types),
      subscriptions: {
        OrderPlaced: async (event, ctx) => {
          if (event.data.orderId === 'ord-batch-7')
            throw Object.assign(new Error('order 7 is refused'), { retriable: false });
          transactions.add(String((await ctx.tx.query<{ id: string }>('SELECT txid_current()::text AS id'))[0]?.id));
          await ctx.emit(sampleEvent('InventoryReleased', { orderId: event.data.orderId }));
        },
      },
      transaction: pgTransactions(pool),
    });
    const dlq = await readDeadLetters(deadLetterTopic);
    try {
      await eventually(
        async () => (await outboxCount()) === 29 && dlq.seen.length === 1,
        '29 handled events and one dead letter',
        60_000,
      );
      const rows = await pool.query<{ order_id: string; n: string }>(
        `SELECT payload->>'orderId' AS order_id, count(*) AS n FROM ${SCHEMA}.outbox WHERE payload->>'orderId' LIKE 'ord-batch-%' GROUP BY 1`,
      );
      expect(rows.rows).toHaveLength(29);
      expect(rows.rows.every((r) => r.n === '1')).toBe(true);
      expect(rows.rows.map((r) => r.order_id)).not.toContain('ord-batch-7');
      expect(dlq.seen).toEqual([{ eventId: events[7]!.metadata.eventId, reason: 'handler-rejected' }]);
      // 29 handled events: a batch that failed at event 7, then 0–6 together, 7 alone (parked), 8–30
      // together; far fewer transactions than events means batching happened and survived the failure.
      expect(transactions.size).toBeLessThanOrEqual(6);
      expect(committedTypes).toContain('OrderPlaced');
      await eventually(
        async () => (await committedOffset(groupId, topic)) === '31',
        'offsets committed past the batch',
        30_000,
      );
    } finally {
      await dlq.stop();
      await running.stop();
      await dlqProducer.disconnect();
    }
  });
});

async function connectedProducer() {
  const producer = kafka.producer();
  await producer.connect();
  return producer;
}

async function outboxCount(): Promise<number> {
  const result = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE payload->>'orderId' LIKE 'ord-batch-%'`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

async function committedOffset(groupId: string, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets?.partitions[0]?.offset;
  } finally {
    await admin.disconnect();
  }
}
