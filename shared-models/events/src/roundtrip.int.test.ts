// End to end through the real registry and broker: every event type is encoded, produced with the
// standard headers (key = orderId), consumed by a fresh group, decoded and compared with what was
// sent. A unique topic per run keeps subjects and offsets fresh.
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { createEventCodec } from './codec';
import { subjectOf } from './avro-runtime';
import { EVENT_TYPES, type OrderEvent } from './generated/events';
import { sampleEvent } from './testing/samples';
import { HEADERS } from './topics';
import { within } from '@kot/testing';

const REGISTRY_URL = process.env.KOT_REGISTRY_URL ?? 'http://127.0.0.1:8080/apis/ccompat/v7';
const BROKERS = (process.env.KOT_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const runId = `${Date.now()}-${randomUUID().slice(0, 8)}`;
const topic = `test.events.roundtrip.${runId}`;
const kafka = new Kafka({ clientId: 'kot-events-roundtrip-test', brokers: BROKERS, logLevel: logLevel.NOTHING });

interface Received {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: IHeaders;
  readonly partition: number;
}

/** One sample per type, each for its own order (so keys spread over partitions), plus null optionals. */
function eventsToSend(): OrderEvent[] {
  const all: OrderEvent[] = EVENT_TYPES.map((type, i) => sampleEvent(type, { orderId: `ord-${runId}-${i}` }));
  all.push(sampleEvent('ShipmentCancelled', { orderId: `ord-${runId}-nulls-1`, shipmentId: null }));
  all.push(
    sampleEvent('ShipmentStatusChanged', { orderId: `ord-${runId}-nulls-2`, location: null, status: 'DELIVERED' }),
  );
  all.push(
    sampleEvent('OrderCancelled', { orderId: `ord-${runId}-nulls-3`, reason: 'CUSTOMER_REQUEST', productId: null }),
  );
  all.push(sampleEvent('InventoryReleased', { orderId: `ord-${runId}-nulls-4`, items: [], reason: 'EXPIRED' }));
  return all;
}

function headersFor(event: OrderEvent, eventId: string): Record<string, string> {
  return {
    [HEADERS.eventId]: eventId,
    [HEADERS.eventType]: event.type,
    [HEADERS.correlationId]: event.data.orderId,
    [HEADERS.causationId]: randomUUID(),
    [HEADERS.traceparent]: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`,
    [HEADERS.producer]: 'events-roundtrip-test',
    [HEADERS.occurredAt]: new Date().toISOString(),
  };
}

function text(headers: IHeaders, name: string): string | undefined {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

async function consumeAll(consumer: Consumer, expected: number, timeoutMs: number): Promise<Received[]> {
  const received: Received[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      received.push({
        key: message.key?.toString() ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers: message.headers ?? {},
        partition,
      });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (received.length < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  return received;
}

describe('event round trip through the registry and Kafka', () => {
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer;

  beforeAll(async () => {
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    consumer = kafka.consumer({ groupId: `test.events.roundtrip.${runId}` });
    await Promise.all([admin.connect(), producer.connect(), consumer.connect()]);
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await Promise.allSettled([consumer?.disconnect(), producer?.disconnect()]);
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('delivers every event type intact, keyed by orderId, with our headers and registered schema ids', async () => {
    const codec = createEventCodec({ registryUrl: REGISTRY_URL, topic });
    const sent = new Map<string, OrderEvent>(eventsToSend().map((event) => [randomUUID(), event] as const));
    // Each step has its own deadline, so a hang names the step (registry, broker or group join).
    const messages = await within(
      'encoding (registering the schemas)',
      30_000,
      Promise.all(
        [...sent].map(async ([eventId, event]) => ({
          key: event.data.orderId,
          value: await codec.encode(event),
          headers: headersFor(event, eventId),
        })),
      ),
    );
    await within('producing', 20_000, producer.send({ topic, messages }));

    const received = await consumeAll(consumer, sent.size, 40_000);
    expect(received).toHaveLength(sent.size);

    const registry = new SchemaRegistry({ host: REGISTRY_URL });
    for (const message of received) {
      const eventId = text(message.headers, HEADERS.eventId) ?? '';
      const original = sent.get(eventId);
      const decoded = await codec.decode(message.value);
      expect(decoded).toStrictEqual(original);
      expect(message.key).toBe(decoded.data.orderId);
      expect(text(message.headers, HEADERS.eventType)).toBe(decoded.type);
      expect(Object.values(HEADERS).filter((name) => text(message.headers, name) === undefined)).toEqual([]);
      expect(message.value[0]).toBe(0);
      // 30 s like the encoding step: once in a full CI run a single read took over 10 s (the registry
      // client retries a failed request three times with up to 5 s between tries; not reproduced here).
      const registeredId = await within(
        'reading the latest schema id',
        30_000,
        registry.getLatestSchemaId(subjectOf(topic, decoded.type)),
      );
      expect(message.value.readInt32BE(1)).toBe(registeredId);
      expect(await codec.schemaIdOf(decoded.type)).toBe(registeredId);
    }
    // 28 distinct keys over 3 partitions: all landing on one would mean the key is not used.
    expect(new Set(received.map((message) => message.partition)).size).toBeGreaterThan(1);
  });

  it('decodes with a second codec instance that has never seen these schemas (ids resolved via the registry)', async () => {
    const producerSide = createEventCodec({ registryUrl: REGISTRY_URL, topic });
    const consumerSide = createEventCodec({ registryUrl: REGISTRY_URL, topic });
    const event = sampleEvent('OrderPlaced', { orderId: `ord-${runId}-fresh` });
    expect(await consumerSide.decode(await producerSide.encode(event))).toStrictEqual(event);
  });
});
