import { Client, Pool } from 'pg';
import { Registry } from 'prom-client';
import type { Producer } from 'kafkajs';
import { createEventCodec, sampleCustomer, sampleEvent, type OrderEvent } from '@kot/events';
import { createTestTopics, eventually, EventTap, stackEnv, testKafka, testRunId } from '@kot/testing';
import { newMetadata, systemClock, uuidGenerator } from '../envelope';
import { pgTransactions, withoutSchemaParam } from '@kot/postgres';
import { messagingMetrics } from '../metrics';
import { appendToOutbox } from './outbox-writer';
import { OutboxRelay } from './outbox-relay';

// Real Kafka, registry and Postgres: events that can never be published (Avro refuses the value, the
// message is larger than the broker takes) sit between good ones. The good ones must still go out, in
// order per order id; the bad ones are parked in their rows, with the reason, and counted.
const SCHEMA = 'shipping_service';
let pool: Pool;
let producer: Producer;

beforeAll(async () => {
  pool = new Pool({ connectionString: withoutSchemaParam(stackEnv(SCHEMA).DATABASE_URL), max: 3 });
  producer = testKafka('outbox-parking').producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await pool.end();
});
beforeEach(() => pool.query(`DELETE FROM ${SCHEMA}.outbox`));

/** Writes the events through the production writer, one transaction, and returns their event ids. */
async function enqueue(events: OrderEvent[]): Promise<string[]> {
  const outgoing = events.map((event) => ({
    event,
    metadata: newMetadata(
      { correlationId: 'parking', causationId: null, traceparent: null },
      'test',
      systemClock,
      uuidGenerator,
    ),
  }));
  await pgTransactions(pool)((tx) => appendToOutbox(tx, SCHEMA, outgoing));
  return outgoing.map((o) => o.metadata.eventId);
}

interface RowState {
  event_id: string;
  published: boolean;
  parked: boolean;
  park_reason: string | null;
}

async function rowStates(): Promise<Map<string, RowState>> {
  const { rows } = await pool.query<RowState>(
    `SELECT event_id, published_at IS NOT NULL AS published, parked_at IS NOT NULL AS parked, park_reason FROM ${SCHEMA}.outbox`,
  );
  return new Map(rows.map((r) => [r.event_id, r]));
}

function parkedCount(registry: Registry, reason: string): Promise<number> {
  return registry
    .getSingleMetric('outbox_events_parked_total')!
    .get()
    .then((m) => m.values.filter((v) => v.labels.reason === reason).reduce((sum, v) => sum + v.value, 0));
}

async function withRelay(
  topic: string,
  test: (tap: EventTap, registry: Registry) => Promise<void>,
  registryUrl = stackEnv(SCHEMA).SCHEMA_REGISTRY_URL,
): Promise<void> {
  const registry = new Registry();
  const codec = createEventCodec({ registryUrl, topic, requestTimeoutMs: 1_000 });
  const relay = new OutboxRelay({
    pool,
    listenConnection: () => new Client({ connectionString: withoutSchemaParam(stackEnv(SCHEMA).DATABASE_URL) }),
    schema: SCHEMA,
    producer,
    codec,
    topic,
    metrics: messagingMetrics(registry),
    pollIntervalMs: 100,
  });
  const tap = await new EventTap(topic).start();
  await relay.start();
  try {
    await test(tap, registry);
  } finally {
    await relay.stop();
    await tap.stop();
  }
}

const scheduled = (orderId: string, estimatedDeliveryAt: number): OrderEvent =>
  sampleEvent('ShipmentScheduled', { orderId, estimatedDeliveryAt });
const cancelled = (orderId: string): OrderEvent => sampleEvent('OrderCancelled', { orderId });
/** An order placed with an address of that many characters (a burst of large orders, in one event). */
const sized = (orderId: string, addressLength: number): OrderEvent =>
  sampleEvent('OrderPlaced', { orderId, customer: sampleCustomer({ address: 'x'.repeat(addressLength) }) });
/** Over the broker's default message.max.bytes (1,048,588) on its own. */
const huge = (orderId: string): OrderEvent => sized(orderId, 1_100_000);

describe('outbox relay with events that can never be published (real Kafka, registry, Postgres)', () => {
  it('publishes the good events around an unencodable and a too-large one, parks those (and what follows them on the same key) and counts them', async () => {
    const { topic } = await createTestTopics('outbox-parking', 6);
    const ids = await enqueue([
      scheduled('ord-a', 1_700_000_000_000), // good
      scheduled('ord-b', 1_700_000_000_000.5), // a carrier's fractional estimate: Avro long refuses it
      cancelled('ord-a'), // good, after the bad one in the table
      huge('ord-c'), // larger than the broker accepts
      cancelled('ord-b'), // fine on its own, but behind a parked event of its order
      cancelled('ord-d'), // good
    ]);
    const [goodA1, badB, goodA2, hugeC, laterB, goodD] = ids as [string, string, string, string, string, string];
    await withRelay(topic, async (tap, registry) => {
      await eventually(() => tap.seen.length >= 3, 'the three good events on the topic', 20_000);
      await eventually(
        async () => [...(await rowStates()).values()].every((r) => r.published || r.parked),
        'every row published or parked',
        10_000,
      );
      expect(tap.seen.map((t) => t.headers['event-id'])).toEqual(expect.arrayContaining([goodA1, goodA2, goodD]));
      expect(tap.of('ord-a').map((t) => t.headers['event-id'])).toEqual([goodA1, goodA2]);
      expect(tap.of('ord-b')).toEqual([]);
      expect(tap.of('ord-c')).toEqual([]);
      const states = await rowStates();
      expect([goodA1, goodA2, goodD].map((id) => states.get(id)?.published)).toEqual([true, true, true]);
      expect(states.get(badB)).toMatchObject({
        published: false,
        parked: true,
        park_reason: expect.stringMatching(/^unencodable: .*estimatedDeliveryAt/),
      });
      expect(states.get(hugeC)).toMatchObject({
        published: false,
        parked: true,
        park_reason: expect.stringMatching(/^too-large: /),
      });
      expect(states.get(laterB)).toMatchObject({
        published: false,
        parked: true,
        park_reason: `blocked: event ${badB} of the same key is parked`,
      });
      expect([
        await parkedCount(registry, 'unencodable'),
        await parkedCount(registry, 'too-large'),
        await parkedCount(registry, 'blocked'),
      ]).toEqual([1, 1, 1]);
      // Later events of a parked key stay parked too, even when they arrive after the parking.
      const [afterwards] = await enqueue([cancelled('ord-b')]);
      await eventually(
        async () => (await rowStates()).get(afterwards!)?.parked,
        'a new event of the parked order parked as well',
        10_000,
      );
      expect(tap.of('ord-b')).toEqual([]);
    });
  });

  it('parks an event the broker itself refuses as too large (topic limit below the relay bound) and keeps publishing the rest', async () => {
    const topic = `test.${testRunId()}.outbox-topic-limit.${Date.now().toString(36)}.orders.events`;
    const admin = testKafka('outbox-parking').admin();
    await admin.connect();
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: '20000' }] }],
      })
      .finally(() => admin.disconnect());
    // 30 kB fits the relay's bound but not this topic; the twelve 2 kB events fit one by one, not together.
    const ids = await enqueue([
      cancelled('ord-e'),
      sized('ord-f', 30_000),
      ...Array.from({ length: 12 }, (_, i) => sized(`ord-g${i}`, 2_000)),
    ]);
    await withRelay(topic, async (tap, registry) => {
      await eventually(() => tap.seen.length >= 13, 'the thirteen good events on the topic', 20_000);
      const states = await rowStates();
      expect(states.get(ids[1]!)).toMatchObject({
        parked: true,
        park_reason: expect.stringMatching(/^too-large: broker answered MESSAGE_TOO_LARGE/),
      });
      expect(ids.filter((id) => states.get(id)?.published)).toHaveLength(13);
      expect(await parkedCount(registry, 'too-large')).toBe(1);
    });
  });

  it('never parks on a transient failure: with the schema registry unreachable it retries, and publishes once it is back', async () => {
    const { topic } = await createTestTopics('outbox-transient', 1);
    const ids = await enqueue([cancelled('ord-h'), cancelled('ord-i')]);
    await withRelay(
      topic,
      async (tap, registry) => {
        await new Promise((resolve) => setTimeout(resolve, 3_000)); // several failed rounds of the relay
        expect([...(await rowStates()).values()].map((r) => [r.published, r.parked])).toEqual([
          [false, false],
          [false, false],
        ]);
        expect(tap.seen).toEqual([]);
        expect(await parkedCount(registry, 'unencodable')).toBe(0);
      },
      'http://127.0.0.1:9/apis/ccompat/v7',
    ); // port 9 (discard): nothing listens, connections are refused
    await withRelay(topic, async (tap) => {
      await eventually(() => tap.seen.length === 2, 'both events once the registry answers', 20_000);
      expect(tap.seen.map((t) => t.headers['event-id'])).toEqual(ids);
    });
  });
});
