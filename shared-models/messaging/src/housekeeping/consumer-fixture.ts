// Test support for the consumer suites (batching, dead letters, housekeeping): the real runConsumer (inbox, retries,
// dead-lettering) on a test topic, with a handler that records its effect in a table of its own.
import { randomUUID } from 'node:crypto';
import type { Kafka, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { createEventCodec, sampleEvent } from '@kot/events';
import { toKafkaHeaders } from '../envelope';
import { runConsumer, type RunningConsumer } from '../consumer/run-consumer';
// The production pg transaction runner (the order service's write side) serves the fixture too.
import { pgTransactions } from '@kot/postgres';

export interface FixtureOptions {
  kafka: Kafka;
  topic: string;
  deadLetterTopic: string;
  registryUrl: string;
  databaseUrl: string;
  schema: string;
  /** Thrown (non-retriable) instead of handling, while it answers true for the order. */
  refuse?: (orderId: string) => boolean;
}

export interface ConsumerFixture {
  pool: Pool;
  groupId: string;
  /** Publishes an OrderCancelled for the order (with the given event id); returns the event id. */
  publish(orderId: string, eventId?: string): Promise<string>;
  /** Event ids the handler committed an effect for, for one order, in order. */
  effects(orderId: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startConsumerFixture(options: FixtureOptions): Promise<ConsumerFixture> {
  const { kafka, topic, schema } = options;
  const table = `${schema}.fixture_effects_${randomUUID().slice(0, 8)}`;
  const pool = new Pool({ connectionString: options.databaseUrl, max: 3 });
  await pool.query(`CREATE TABLE ${table} (seq serial PRIMARY KEY, order_id text NOT NULL, event_id uuid NOT NULL)`);
  const codec = createEventCodec({ registryUrl: options.registryUrl, topic });
  const producers: Producer[] = [kafka.producer(), kafka.producer()];
  await Promise.all(producers.map((p) => p.connect()));
  const [publisher, dlqProducer] = producers as [Producer, Producer];
  const groupId = `fixture-${randomUUID().slice(0, 8)}`;
  const consumer: RunningConsumer = await runConsumer({
    kafka,
    groupId,
    topic,
    deadLetterTopic: options.deadLetterTopic,
    producer: dlqProducer,
    schema,
    service: 'test',
    codec,
    transaction: pgTransactions(pool),
    retry: { attempts: 2, baseMs: 10, maxMs: 20 },
    subscriptions: {
      OrderCancelled: async (event, { tx, metadata }) => {
        if (options.refuse?.(event.data.orderId))
          throw Object.assign(new Error('downstream refused'), { retriable: false });
        await tx.execute(`INSERT INTO ${table} (order_id, event_id) VALUES ($1, $2::uuid)`, [
          event.data.orderId,
          metadata.eventId,
        ]);
      },
    },
  });
  return {
    pool,
    groupId,
    async publish(orderId, eventId = randomUUID()) {
      const event = sampleEvent('OrderCancelled', { orderId });
      const headers = toKafkaHeaders(event, {
        eventId,
        correlationId: eventId,
        causationId: null,
        traceparent: null,
        producer: 'test',
        occurredAt: Date.now(),
      });
      await publisher.send({
        topic,
        acks: -1,
        messages: [{ key: orderId, value: await codec.encode(event), headers }],
      });
      return eventId;
    },
    async effects(orderId) {
      return (
        await pool.query<{ event_id: string }>(`SELECT event_id FROM ${table} WHERE order_id = $1 ORDER BY seq`, [
          orderId,
        ])
      ).rows.map((r) => r.event_id);
    },
    async stop() {
      await consumer.stop();
      await Promise.all(producers.map((p) => p.disconnect()));
      await pool.end();
    },
  };
}
