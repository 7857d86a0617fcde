// The machine's Kafka ceiling: kafkajs producing small messages (in batches, acks=all like the
// services' outbox relays) to a scratch topic `bench.ceiling.<ts>` on the same broker, then one
// consumer reading them all back. The topic is deleted afterwards.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { perSecond } from './stats';

export interface KafkaCeiling {
  topic: string;
  messages: number;
  bytesEach: number;
  producePerSecond: number | null;
  consumePerSecond: number | null;
  error?: string;
}

export async function measureKafkaCeiling(brokers: string[], messages: number, batchSize = 500): Promise<KafkaCeiling> {
  const topic = `bench.ceiling.${Date.now()}`;
  const bytesEach = 200;
  const kafka = new Kafka({ clientId: 'bench-ceiling', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const result: KafkaCeiling = { topic, messages, bytesEach, producePerSecond: null, consumePerSecond: null };
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6, replicationFactor: 1 }], waitForLeaders: true });
    result.producePerSecond = await produce(kafka, topic, messages, batchSize, bytesEach);
    result.consumePerSecond = await consume(kafka, topic, messages);
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return result;
}

async function produce(
  kafka: Kafka,
  topic: string,
  messages: number,
  batchSize: number,
  bytesEach: number,
): Promise<number> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const value = Buffer.alloc(bytesEach, 120);
  const started = Date.now();
  try {
    for (let sent = 0; sent < messages; sent += batchSize) {
      const count = Math.min(batchSize, messages - sent);
      await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, i) => ({ key: String((sent + i) % 1000), value })),
      });
    }
    return perSecond(messages, Date.now() - started);
  } finally {
    await producer.disconnect();
  }
}

async function consume(kafka: Kafka, topic: string, messages: number): Promise<number> {
  const consumer = kafka.consumer({ groupId: `bench-ceiling-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  let firstAt = 0;
  try {
    const elapsed = await new Promise<number>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`consumed ${received}/${messages} in 120 s`)), 120_000);
      void consumer.run({
        partitionsConsumedConcurrently: 6,
        eachBatch: async ({ batch }) => {
          if (firstAt === 0) firstAt = Date.now();
          received += batch.messages.length;
          if (received >= messages) {
            clearTimeout(timeout);
            resolve(Date.now() - firstAt);
          }
        },
      });
    });
    return perSecond(messages, elapsed);
  } finally {
    await consumer.disconnect();
  }
}
