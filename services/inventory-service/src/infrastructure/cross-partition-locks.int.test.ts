import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { Client } from 'pg';
import type { OrderEvent } from '@kot/events';
import { withoutSchemaParam } from '@kot/postgres';
import { createTestTopics, eventually, EventTap, readDeadLetters, stackEnv } from '@kot/testing';
import { createInventoryService, type InventoryService } from '../app';
import { loadInventoryServiceConfig } from '../config';

// Two partitions' batches reserve the same two products in opposite orders:
//   partition p: order A holds P1, then order B holds P2
//   partition q: order C holds P2, then order D holds P1
// To make the interleaving certain rather than lucky, the test holds the advisory locks of orders B and D
// (the lock every inventory transaction takes per order) until both batch transactions wait on them, and
// only then lets both go on at once. Every event is produced before the service starts, so its first
// fetch carries both partitions and two consumer workers handle them side by side.
const PARTITIONS = 6;
const env = () => stackEnv('inventory_service');
const partitionOf = Partitioners.DefaultPartitioner();
const metadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
  partitionId,
  leader: 0,
  partitionErrorCode: 0,
  replicas: [0],
  isr: [0],
}));

/** A fresh order id that the topic's key hashing puts on `partition`. */
function orderOn(partition: number): string {
  for (;;) {
    const id = randomUUID();
    if (partitionOf({ topic: 't', partitionMetadata: metadata, message: { key: id, value: null } }) === partition)
      return id;
  }
}

const reserve = (orderId: string, productId: string): OrderEvent => ({
  type: 'InventoryReservationRequested',
  data: { orderId, items: [{ productId, quantity: 1 }], attempt: 1 },
});

async function query<T>(client: Client, text: string, values: unknown[] = []): Promise<T> {
  return (await client.query(text, values)).rows[0] as T;
}

let service: InventoryService | undefined;
let observer: Client;
let tap: EventTap;
beforeAll(async () => {
  observer = new Client({ connectionString: withoutSchemaParam(env().DATABASE_URL) });
  await observer.connect();
});
afterAll(async () => {
  await service?.stop().catch(() => undefined);
  await tap?.stop();
  await observer?.end();
});

describe('inventory batches of different partitions touching the same products', () => {
  it('lock them in one global order: no deadlock, no retry, no dead letter, and the stock adds up', async () => {
    const { topic, deadLetterTopic } = await createTestTopics('inventory-lock-order', PARTITIONS);
    const config = loadInventoryServiceConfig({
      ...env(),
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: deadLetterTopic,
      KAFKA_GROUP_ID: `inventory-service-${randomUUID().slice(0, 8)}`,
      SERVICE_PORT: '0',
      LOG_LEVEL: 'silent',
      DB_POOL_SIZE: '5',
      SEED_ON_START: 'false',
      EXPIRY_INTERVAL_MS: '60000',
    });
    const inventory = await createInventoryService(config);
    service = inventory;
    const [p1, p2] = [`TEST-${randomUUID().slice(0, 12)}`, `TEST-${randomUUID().slice(0, 12)}`] as const;
    for (const id of [p1, p2])
      await inventory.prisma.product.create({ data: { id, name: `Test product ${id}`, priceMinor: 1234, onHand: 10 } });
    const [a, b, c, d] = [orderOn(0), orderOn(0), orderOn(1), orderOn(1)];
    tap = await new EventTap(topic).start();
    for (const [orderId, productId] of [
      [a, p1],
      [b, p2],
      [c, p2],
      [d, p1],
    ] as const)
      await tap.publish(reserve(orderId, productId), { producer: 'order-service' });
    const deadlocksBefore = await deadlocks();
    const dlq = await readDeadLetters(deadLetterTopic);

    await observer.query('BEGIN');
    for (const orderId of [b, d])
      await observer.query(`SELECT pg_advisory_xact_lock(hashtext('inventory_service.reservations'), hashtext($1))`, [
        orderId,
      ]);
    await inventory.start();
    await eventually(
      async () => (await waitingOnAdvisoryLocks()) === 2,
      'both batch transactions waiting on the held orders',
      60_000,
      50,
    );
    await observer.query('COMMIT');

    await eventually(
      () => [a, b, c, d].every((o) => tap.of(o, 'InventoryReserved').length === 1),
      'all four orders reserved',
      30_000,
    );
    const stock = await inventory.prisma.product.findMany({
      where: { id: { in: [p1, p2] } },
      select: { id: true, reserved: true },
      orderBy: { id: 'asc' },
    });
    service = undefined;
    await inventory.stop();
    await dlq.stop();
    expect(stock.map((s) => s.reserved)).toEqual([2, 2]);
    expect(dlq.seen).toEqual([]);
    expect((await deadlocksOnceServiceLeft()) - deadlocksBefore).toBe(0);
  });
});

async function deadlocks(): Promise<number> {
  return Number(
    (
      await query<{ n: string }>(
        observer,
        'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
      )
    ).n,
  );
}

async function waitingOnAdvisoryLocks(): Promise<number> {
  const row = await query<{ n: string }>(
    observer,
    `SELECT count(*) AS n FROM pg_locks l JOIN pg_database db ON db.oid = l.database
    WHERE l.locktype = 'advisory' AND NOT l.granted AND db.datname = current_database()`,
  );
  return Number(row.n);
}

/** A backend reports its pending statistics (the deadlock count among them) when it exits, at the latest. */
async function deadlocksOnceServiceLeft(): Promise<number> {
  await eventually(
    async () =>
      Number(
        (
          await query<{ n: string }>(
            observer,
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
          )
        ).n,
      ) === 0,
    'the service to close its connections',
    10_000,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  return deadlocks();
}
