import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createEventCodec, sampleEvent } from '@kot/events';
import { createTestTopics, eventually, readDeadLetters, stackEnv, testKafka } from '@kot/testing';
import { newMetadata, systemClock, toKafkaHeaders, uuidGenerator } from '../envelope';
import { pgTransactions, withoutSchemaParam, type SqlTx } from '@kot/postgres';
import { runConsumer } from './run-consumer';

// A deadlock (40P01) or serialization failure (40001) says nothing about the event: the same work succeeds
// once the other transaction is out of the way. The handler here gets a real 40P01 from Postgres more
// times in a row than the retry policy allows; the event must still be handled, once, and never parked.
const SCHEMA = 'inventory_service';
const kafka = testKafka('transient-conflicts-test');
let pool: Pool;

beforeAll(() => {
  pool = new Pool({ connectionString: withoutSchemaParam(stackEnv(SCHEMA).DATABASE_URL), max: 2 });
});
afterAll(() => pool.end());

/** Raises the error Postgres raises for a deadlock, from Postgres itself. */
const deadlock = (tx: SqlTx) =>
  tx.execute(`DO $$ BEGIN RAISE EXCEPTION 'deadlock detected (test)' USING ERRCODE = 'deadlock_detected'; END $$`);

describe('runConsumer and transient conflicts (real Kafka and Postgres)', () => {
  it('retries a deadlocked handler past its attempts instead of dead-lettering it, and handles the event once', async () => {
    const { topic, deadLetterTopic } = await createTestTopics('transient-conflicts', 1);
    const codec = createEventCodec({ registryUrl: stackEnv(SCHEMA).SCHEMA_REGISTRY_URL, topic });
    const orderId = `ord-conflict-${randomUUID().slice(0, 8)}`;
    const event = sampleEvent('OrderPlaced', { orderId });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        {
          key: orderId,
          value: await codec.encode(event),
          headers: toKafkaHeaders(
            event,
            newMetadata(
              { correlationId: orderId, causationId: null, traceparent: null },
              'test',
              systemClock,
              uuidGenerator,
            ),
          ),
        },
      ],
    });

    let calls = 0;
    const running = await runConsumer<SqlTx>({
      kafka,
      groupId: `conflicts-${randomUUID().slice(0, 8)}`,
      topic,
      deadLetterTopic,
      codec,
      producer,
      schema: SCHEMA,
      service: 'conflicts-test',
      retry: { attempts: 2, baseMs: 1, maxMs: 5 },
      subscriptions: {
        OrderPlaced: async (placed, ctx) => {
          calls += 1;
          if (calls <= 3) await deadlock(ctx.tx);
          await ctx.emit(sampleEvent('InventoryReleased', { orderId: placed.data.orderId }));
        },
      },
      transaction: pgTransactions(pool),
    });
    const dlq = await readDeadLetters(deadLetterTopic);
    try {
      await eventually(
        async () => (await outboxRows(orderId)) > 0 || dlq.seen.length > 0,
        'the event handled or parked',
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(dlq.seen).toEqual([]);
      expect(await outboxRows(orderId)).toBe(1);
      expect(calls).toBe(4);
    } finally {
      await dlq.stop();
      await running.stop();
      await producer.disconnect();
    }
  });
});

async function outboxRows(orderId: string): Promise<number> {
  const result = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM ${SCHEMA}.outbox WHERE payload->>'orderId' = $1`,
    [orderId],
  );
  return Number(result.rows[0]?.n ?? 0);
}
