// The schema registry keeps its data in Postgres: a schema registered before a registry restart
// has the same id afterwards, and a message encoded before the restart decodes with a fresh client.
// Without SQL storage Apicurio forgets everything on restart and consumers would fail on old messages.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import { kafkaBroker, readStackEnv, registryUrl } from '../../infrastructure/native/stack-env';

const env = readStackEnv();
const STACK_SH = path.resolve(__dirname, '../../infrastructure/native/stack.sh');
const runId = randomUUID().slice(0, 8);
const topic = `test.stack-registry.${runId}`;
// TopicRecordNameStrategy, as in docs/conventions.md: <topic>-<record fullname>
const subject = `${topic}-kot.test.StackProbe`;
const schema = JSON.stringify({
  type: 'record',
  name: 'StackProbe',
  namespace: 'kot.test',
  fields: [
    { name: 'orderId', type: 'string' },
    { name: 'amountCents', type: 'long' },
  ],
});
const payload = { orderId: `order-${runId}`, amountCents: 4250 };

const kafka = new Kafka({ clientId: 'stack-registry-test', brokers: [kafkaBroker(env)], logLevel: logLevel.NOTHING });

async function consumeOne(fromTopic: string): Promise<Buffer> {
  const consumer = kafka.consumer({ groupId: `stack-registry-test-${runId}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: fromTopic, fromBeginning: true });
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message on ${fromTopic} within 30s`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          if (message.value) resolve(message.value);
          else reject(new Error('message without a value'));
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

async function deleteSubject(name: string): Promise<void> {
  // Soft delete, then permanent: test subjects must not pile up (ccompat lists at most 1000 subjects).
  for (const query of ['', '?permanent=true']) {
    await fetch(`${registryUrl(env)}/subjects/${encodeURIComponent(name)}${query}`, { method: 'DELETE' });
  }
}

describe('schema registry persistence', () => {
  const admin = kafka.admin();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
  });

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await deleteSubject(subject);
  });

  it('keeps schema ids across a registry restart', async () => {
    const before = new SchemaRegistry({ host: registryUrl(env) });
    const { id } = await before.register({ type: SchemaType.AVRO, schema }, { subject });
    const encoded = await before.encode(id, payload);
    expect(encoded.readUInt8(0)).toBe(0); // Confluent wire format: magic byte, then the schema id
    expect(encoded.readInt32BE(1)).toBe(id);

    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: payload.orderId, value: encoded }] });
    await producer.disconnect();

    const restart = execFileSync('bash', [STACK_SH, 'restart', 'registry'], { encoding: 'utf8', timeout: 300_000 });
    // stack.sh re-applies the global rule after a start; "unchanged" means it was still stored.
    expect(restart).toContain(`global compatibility ${env.REGISTRY_COMPATIBILITY} (unchanged)`);

    const after = new SchemaRegistry({ host: registryUrl(env) });
    const consumed = await consumeOne(topic);
    expect(consumed.readInt32BE(1)).toBe(id);
    await expect(after.decode(consumed)).resolves.toEqual(payload);
    await expect(after.getLatestSchemaId(subject)).resolves.toBe(id);
    await expect(after.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema })).resolves.toBe(id);
  });
});
