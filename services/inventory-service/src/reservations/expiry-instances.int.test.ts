// Issue 17: several inventory instances expire holds from the same table. Each due hold is claimed by
// one of them (a try of the order's advisory lock): an instance never queues behind a hold another one
// is expiring, and every hold is given back exactly once.
import { Client } from 'pg';
import { STACK } from '@kot/testing';
import {
  newOrderId,
  reservationRequested,
  startInventoryHarness,
  type InventoryHarness,
} from '../testing/inventory-harness';

// The expiry jobs' own timers are pushed out of the way: the tests run the rounds themselves.
let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness('inventory-expiry-instances', {
    instances: 2,
    env: { RESERVATION_TTL_MS: '300ms', EXPIRY_INTERVAL_MS: '1h' },
  });
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds `count` one-unit reservations of a new product and waits until all of them are due. */
async function dueHolds(count: number): Promise<{ productId: string; orderIds: string[] }> {
  const productId = await h.createProduct(count);
  const orderIds = Array.from({ length: count }, () => newOrderId());
  for (const orderId of orderIds) await h.publish(reservationRequested(orderId, [{ productId, quantity: 1 }]));
  for (const orderId of orderIds) await h.tap.waitFor(orderId, 'InventoryReserved');
  await sleep(400);
  return { productId, orderIds };
}

const statusOf = async (orderId: string) =>
  (await h.service.prisma.reservation.findUniqueOrThrow({ where: { orderId } })).status;

/** The round's result, or a failure when it is still waiting after `ms` (a round that queues on a lock). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

describe('reservation expiry with two instances', () => {
  it('skips a hold whose order is locked elsewhere instead of waiting for it, and expires it later', async () => {
    const { orderIds } = await dueHolds(3);
    const [busy, ...free] = orderIds as [string, ...string[]];
    // Another instance expiring `busy` (or a handler deciding on it) holds the order's lock as lockReservation takes it.
    const other = new Client({ connectionString: STACK.databaseUrl('inventory_service') });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtext('inventory_service.reservations'), hashtext($1))`, [
        busy,
      ]);
      const [first] = h.instances;
      expect(await within(3000, first!.service.expiry.tick())).toBe(free.length);
      expect(await statusOf(busy)).toBe('HELD');
      for (const orderId of free) expect(await statusOf(orderId)).toBe('EXPIRED');
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
    }
    expect(await h.instances[1]!.service.expiry.tick()).toBe(1);
    expect(await statusOf(busy)).toBe('EXPIRED');
  });

  it('two instances expiring at the same time give every due hold back exactly once', async () => {
    const { productId, orderIds } = await dueHolds(20);
    const rounds = await Promise.all(h.instances.map(({ service }) => service.expiry.tick()));
    expect(rounds.reduce((sum, n) => sum + n, 0)).toBe(orderIds.length);
    for (const orderId of orderIds) expect(await statusOf(orderId)).toBe('EXPIRED');
    const movements = await h.service.prisma.stockMovement.findMany({ where: { productId, kind: 'EXPIRE' } });
    expect(movements.map((m) => m.orderId).sort()).toEqual([...orderIds].sort());
    expect(
      (await h.service.prisma.product.findUniqueOrThrow({ where: { id: productId }, select: { reserved: true } }))
        .reserved,
    ).toBe(0);
    for (const orderId of orderIds) await h.tap.waitFor(orderId, 'InventoryReleased');
    expect(orderIds.map((orderId) => h.tap.of(orderId, 'InventoryReleased').length)).toEqual(orderIds.map(() => 1));
  });
});
