import { systemClock, uuidGenerator } from '@kot/messaging';
import { eventually } from '@kot/testing';
import { handleCommand } from '../infrastructure/inventory-commands';
import {
  ADMIN_TOKEN,
  http,
  newOrderId,
  reservationRequested,
  startInventoryHarness,
  type InventoryHarness,
} from '../testing/inventory-harness';

const ORDERS = 300;
const STOCK = 25;

// Two instances in one consumer group share the topic's 6 partitions, so requests for one scarce
// product are decided concurrently by two processes (and several partitions within each).
let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness('inventory-oversell', { instances: 2 });
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

interface Movement {
  kind: string;
  onHandDelta: number;
  reservedDelta: number;
}

async function processedBy(instance: InventoryHarness['instances'][number]): Promise<number> {
  const metric = await instance.service.metrics.registry.getSingleMetric('events_consumed_total')?.get();
  return (metric?.values ?? [])
    .filter((v) => v.labels.type === 'InventoryReservationRequested' && v.labels.outcome === 'processed')
    .reduce((sum, v) => sum + v.value, 0);
}

describe('no overselling under concurrency', () => {
  it(`${ORDERS} concurrent requests for ${STOCK} units: exactly ${STOCK} reserved, the rest rejected, and the stock adds up`, async () => {
    const productId = await h.createProduct(0);
    const put = await http(
      'PUT',
      `${h.url}/api/v1/inventory/${productId}/stock`,
      { quantity: STOCK, reason: 'goods received' },
      { authorization: `Bearer ${ADMIN_TOKEN}` },
    );
    expect(put.status).toBe(200);

    const orders = Array.from({ length: ORDERS }, () => newOrderId());
    const started = Date.now();
    await Promise.all(orders.map((orderId) => h.publish(reservationRequested(orderId, [{ productId, quantity: 1 }]))));
    const answered = () =>
      orders.filter(
        (o) => h.tap.of(o, 'InventoryReserved').length + h.tap.of(o, 'InventoryReservationRejected').length > 0,
      );
    await eventually(() => answered().length === ORDERS, `answers to all ${ORDERS} requests`, 90_000, 250);
    const elapsedMs = Date.now() - started;

    const reserved = orders.filter((o) => h.tap.of(o, 'InventoryReserved').length === 1);
    const rejected = orders.filter((o) => h.tap.of(o, 'InventoryReservationRejected').length === 1);
    expect(reserved).toHaveLength(STOCK);
    expect(rejected).toHaveLength(ORDERS - STOCK);
    const rejections = rejected.map((o) => h.tap.of(o, 'InventoryReservationRejected')[0]?.event.data);
    expect(rejections.every((data) => data && 'available' in data && data.available === 0)).toBe(true);
    const [first, second] = h.instances;
    expect(await processedBy(first!)).toBeGreaterThan(0);
    expect(await processedBy(second!)).toBeGreaterThan(0);
    expect((await processedBy(first!)) + (await processedBy(second!))).toBe(ORDERS);

    // Deliver some, release some: on-hand falls by what was committed, and nothing is lost or invented.
    for (const orderId of reserved.slice(0, 5))
      await h.publish({ type: 'OrderDelivered', data: { orderId, deliveredAt: Date.now() } });
    for (const orderId of reserved.slice(5, 8))
      await h.publish({ type: 'InventoryReleaseRequested', data: { orderId, reason: 'CUSTOMER_REQUEST' } });
    await eventually(
      () =>
        reserved.slice(0, 5).every((o) => h.tap.of(o, 'InventoryCommitted').length === 1) &&
        reserved.slice(5, 8).every((o) => h.tap.of(o, 'InventoryReleased').length === 1),
      'commits and releases',
    );

    const product = (
      await http<{ onHand: number; reserved: number; available: number }>(
        'GET',
        `${h.url}/api/v1/inventory/${productId}`,
      )
    ).body;
    const ledger = (
      await http<{ movements: Movement[] }>('GET', `${h.url}/api/v1/inventory/${productId}/movements?limit=100`)
    ).body.movements;
    const committed = -ledger.filter((m) => m.kind === 'COMMIT').reduce((sum, m) => sum + m.onHandDelta, 0);
    const putIn = ledger.filter((m) => m.kind === 'RESTOCK').reduce((sum, m) => sum + m.onHandDelta, 0);
    expect({ reserved: product.reserved, available: product.available, committed, putIn }).toEqual({
      reserved: STOCK - 8,
      available: 3,
      committed: 5,
      putIn: STOCK,
    });
    expect(product.reserved + product.available + committed).toBe(putIn);
    expect(ledger.filter((m) => m.kind === 'RESERVE')).toHaveLength(STOCK);
    console.info(`no-oversell: ${ORDERS} requests answered in ${elapsedMs} ms by 2 instances`);
  });

  it('the first requests for one order, decided at the same moment, hold its stock once', async () => {
    const productId = await h.createProduct(10);
    const orderId = newOrderId();
    const inTransaction = h.service.sql.transaction;
    const deps = { policy: { ttlMs: 60_000 }, clock: systemClock, ids: uuidGenerator };
    const command = { type: 'Reserve' as const, orderId, items: [{ productId, quantity: 3 }], now: Date.now() };
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        inTransaction((tx) =>
          handleCommand(
            tx,
            deps,
            command,
            { actor: 'test', reason: `racer ${i}` },
            { correlationId: orderId, causationId: uuidGenerator.next(), traceparent: null },
          ),
        ),
      ),
    );
    expect(outcomes.every((o) => o.events[0]?.type === 'InventoryReserved')).toBe(true);
    expect(outcomes.filter((o) => o.changes.length > 0)).toHaveLength(1);
    expect(
      await h.service.prisma.product.findUniqueOrThrow({ where: { id: productId }, select: { reserved: true } }),
    ).toEqual({ reserved: 3 });
  });
});
