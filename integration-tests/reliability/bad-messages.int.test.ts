// A corpus of bad Kafka messages produced straight to the topic the real services consume: each one
// ends on the dead-letter topic with a reason (from every consumer group that could not use it), no
// row in any service schema changes, and valid events produced after them on the same partition are
// still processed.
import { randomUUID } from 'node:crypto';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { Message } from 'kafkajs';
import { Pool } from 'pg';
import { avroTypeOf, createEventCodec, encodeWireFormat, HEADERS, sampleEvent, type OrderEvent } from '@kot/events';
import { readDeadLetters, type DeadLetterEntry } from '@kot/messaging';
import { eventually, STACK, testKafka } from '@kot/testing';
import { getJson, orderBody, request } from '../support/http';
import { startSystem, type System } from '../support/system';
import { snapshotAllSchemas } from './schema-snapshot';

const CASE = 'corpus-case';
const kafka = testKafka('bad-messages');
const producer = kafka.producer();
let sys: System;
let partition: number;

beforeAll(async () => {
  sys = await startSystem('bad-messages');
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await sys?.stop();
});

const codec = () => createEventCodec({ registryUrl: STACK.registryUrl, topic: sys.topic });
const headersFor = (event: OrderEvent, eventId: string = randomUUID()) => ({
  [HEADERS.eventId]: eventId,
  [HEADERS.eventType]: event.type,
  [HEADERS.correlationId]: eventId,
  [HEADERS.producer]: 'bad-messages-test',
  [HEADERS.occurredAt]: new Date().toISOString(),
});

async function send(name: string, message: Omit<Message, 'partition'>): Promise<void> {
  await producer.send({
    topic: sys.topic,
    acks: -1,
    messages: [{ ...message, partition, headers: { ...message.headers, [CASE]: name } }],
  });
}

/** Which consumer groups must dead-letter each case, and with which reason. */
type Expectation = Record<string, { groups: string[]; reason: string }>;
const ALL = ['order', 'inventory', 'shipping'];

async function produceCorpus(duplicateOf: { eventId: string; orderId: string }): Promise<Expectation> {
  const c = codec();
  const unknownOrder = `ord-unknown-${randomUUID().slice(0, 8)}`;
  const reserved = sampleEvent('InventoryReserved', { orderId: unknownOrder });
  const good = await c.encode(reserved);
  const request = sampleEvent('InventoryReservationRequested', {
    orderId: unknownOrder,
    items: [{ productId: 'PROD-001', quantity: 1 }],
  });
  const foreign = {
    type: 'record',
    name: 'Invoice',
    namespace: 'com.elsewhere',
    fields: [{ name: 'total', type: 'long' }],
  };
  const { id: foreignId } = await new SchemaRegistry({ host: STACK.registryUrl }).register(
    { type: SchemaType.AVRO, schema: JSON.stringify(foreign) },
    { subject: `${sys.topic}-com.elsewhere.Invoice` },
  );
  const negative = { ...request.data, items: [{ productId: 'PROD-001', quantity: -5 }] };
  const plain = { key: unknownOrder, headers: headersFor(reserved) };

  await send('not-avro', { ...plain, value: Buffer.from('{"orderId":"ord-1","note":"json, not avro"}') });
  await send('empty-value', { ...plain, value: Buffer.alloc(0) });
  await send('tombstone', { ...plain, value: null });
  await send('wrong-magic-byte', { ...plain, value: Buffer.concat([Buffer.from([1]), good.subarray(1)]) });
  await send('truncated-avro', { ...plain, value: good.subarray(0, good.length - 4) });
  await send('unknown-schema-id', { ...plain, value: encodeWireFormat(1_999_999_999, good.subarray(5)) });
  await send('foreign-schema', { ...plain, value: encodeWireFormat(foreignId, Buffer.from([0x02])) });
  await send('giant-key', { ...plain, key: Buffer.alloc(64 * 1024, 'k'), value: Buffer.from('not avro either') });
  await send('missing-event-id', { key: unknownOrder, value: good, headers: { [HEADERS.eventType]: reserved.type } });
  await send('event-id-not-uuid', { key: unknownOrder, value: good, headers: headersFor(reserved, 'not-a-uuid') });
  await send('unknown-order-id', { key: unknownOrder, value: good, headers: headersFor(reserved) });
  await send('negative-quantity', {
    key: unknownOrder,
    value: encodeWireFormat(await c.schemaIdOf(request.type), avroTypeOf(request.type).toBuffer(negative)),
    headers: headersFor(request),
  });
  // Same event id as a request inventory already handled, different payload: the inbox absorbs it.
  const altered = sampleEvent('InventoryReservationRequested', {
    orderId: duplicateOf.orderId,
    items: [{ productId: 'PROD-001', quantity: 99 }],
  });
  await send('duplicate-event-id', {
    key: duplicateOf.orderId,
    value: await c.encode(altered),
    headers: headersFor(altered, duplicateOf.eventId),
  });

  const undecodable = { groups: ALL, reason: 'undecodable' };
  return {
    'not-avro': undecodable,
    'empty-value': undecodable,
    tombstone: undecodable,
    'wrong-magic-byte': undecodable,
    'truncated-avro': undecodable,
    'unknown-schema-id': undecodable,
    'foreign-schema': undecodable,
    'giant-key': undecodable,
    'missing-event-id': { groups: ALL, reason: 'missing-event-id' },
    // Parked at decode by every group, without retries: the inbox keys on a uuid, so it could never be recorded.
    'event-id-not-uuid': { groups: ALL, reason: 'invalid-event-id' },
    // Not a UUID: Postgres refuses it (22P02), the same way on every try, so it is parked at once.
    'unknown-order-id': { groups: ['order'], reason: 'handler-rejected' },
    'negative-quantity': { groups: ['inventory'], reason: 'handler-rejected' },
  };
}

const serviceOf = (group: string | null) => (group ?? '?').split('_service-')[0] as string;

type Parked = { group: string; reason: string; error: string; partition: number | null };
function byCase(entries: DeadLetterEntry[]): Record<string, Parked[]> {
  const out: Record<string, Parked[]> = {};
  for (const e of entries)
    (out[e.headers[CASE] ?? '?'] ??= []).push({
      group: serviceOf(e.consumerGroup),
      reason: e.reason,
      error: e.error,
      partition: e.sourcePartition,
    });
  return out;
}

async function placeDeliveredOrder(): Promise<string> {
  const response = await request('POST', `${sys.urls.order}/api/v1/orders`, orderBody());
  expect(response.status).toBe(201);
  const orderId: string = response.body.orderId;
  await eventually(
    async () => (await getJson(`${sys.urls.order}/api/v1/orders/${orderId}`)).status === 'DELIVERED',
    'the order to be delivered',
    180_000,
  );
  await sys.tap.waitFor(orderId, 'InventoryCommitted');
  return orderId;
}

describe('bad messages produced straight to the topic', () => {
  it('all end in the DLQ with a reason, change no state, and do not stop the partition', async () => {
    const orderId = await placeDeliveredOrder();
    const requested = await sys.tap.waitFor(orderId, 'InventoryReservationRequested');
    partition = requested.partition;
    const before = await snapshotAllSchemas();

    const expected = await produceCorpus({ eventId: requested.headers[HEADERS.eventId] as string, orderId });
    // Redelivery after a rebalance may park a message twice (at least once), so pairs are compared as sets.
    const pairsOf = (entries: DeadLetterEntry[]) => byCase(entries.filter((e) => e.headers[CASE]));
    const complete = (found: ReturnType<typeof byCase>) =>
      Object.entries(expected).every(([name, { groups }]) =>
        groups.every((g) => found[name]?.some((p) => p.group === g)),
      );
    const found = await eventually(
      async () => {
        const pairs = pairsOf(await readDeadLetters({ kafka, topic: `${sys.topic}.dlq` }));
        return complete(pairs) ? pairs : undefined;
      },
      'every bad message to be parked by every consumer group it reached',
      240_000,
      3000,
    );

    for (const [name, { groups, reason }] of Object.entries(expected)) {
      const unique = [...new Set((found[name] ?? []).map((p) => `${p.group} ${p.reason}`))].sort();
      expect({ name, parked: unique }).toEqual({ name, parked: groups.map((g) => `${g} ${reason}`).sort() });
      for (const p of found[name] ?? []) expect(p.error).not.toBe('');
    }
    expect(found['duplicate-event-id']).toBeUndefined();
    expect(
      Object.values(found)
        .flat()
        .every((p) => p.partition === partition),
    ).toBe(true);
    expect(await snapshotAllSchemas()).toEqual(before);
    expect((await getJson(`${sys.urls.order}/api/v1/orders/${orderId}`)).status).toBe('DELIVERED');

    await expectPartitionStillFlows(before);
  }, 600_000); // one order end to end, ~30 dead letters, then three more events
});

/** Valid events on the same partition, after the corpus: inventory and shipping act, order answers. */
async function expectPartitionStillFlows(before: Record<string, number>): Promise<void> {
  const c = codec();
  const fresh = `ord-after-${randomUUID().slice(0, 8)}`;
  const unknownReserved = sampleEvent('InventoryReserved', {
    orderId: `ord-unknown-after-${randomUUID().slice(0, 8)}`,
  });
  const unknownReservedId = randomUUID();
  const later: Array<[OrderEvent, string]> = [
    [
      sampleEvent('InventoryReservationRequested', { orderId: fresh, items: [{ productId: 'PROD-001', quantity: 1 }] }),
      randomUUID(),
    ],
    [sampleEvent('ShipmentRequested', { orderId: fresh }), randomUUID()],
    [unknownReserved, unknownReservedId], // the order service's answer to an unknown order is to dead-letter it
  ];
  for (const [event, id] of later)
    await producer.send({
      topic: sys.topic,
      acks: -1,
      messages: [{ partition, key: event.data.orderId, value: await c.encode(event), headers: headersFor(event, id) }],
    });
  const inventory = new Pool({ connectionString: STACK.databaseUrl('inventory_service'), max: 1 });
  const shipping = new Pool({ connectionString: STACK.databaseUrl('shipping_service'), max: 1 });
  try {
    await eventually(
      async () =>
        (await inventory.query('SELECT 1 FROM inventory_service.reservations WHERE order_id = $1', [fresh]))
          .rowCount === 1,
      'inventory to hold stock for the later request',
      180_000,
    );
    await eventually(
      async () =>
        (await shipping.query('SELECT 1 FROM shipping_service.shipments WHERE order_id = $1', [fresh])).rowCount === 1,
      'shipping to record the later request',
      180_000,
    );
  } finally {
    await Promise.all([inventory.end(), shipping.end()]);
  }
  const answered = await eventually(
    async () =>
      (await readDeadLetters({ kafka, topic: `${sys.topic}.dlq` })).find((e) => e.eventId === unknownReservedId),
    'the order service to consume the later event',
    180_000,
    2000,
  );
  expect({
    group: serviceOf(answered.consumerGroup),
    reason: answered.reason,
    partition: answered.sourcePartition,
  }).toEqual({ group: 'order', reason: 'handler-rejected', partition });
  expect((await snapshotAllSchemas())['inventory_service.reservations']).toBe(
    (before['inventory_service.reservations'] ?? 0) + 1,
  );
}
