import { randomUUID } from 'node:crypto';
import { HEADERS } from '@kot/events';
import { eventually } from '@kot/testing';
import {
  confirmationRequested,
  type InventoryHarness,
  newOrderId,
  readDeadLetters,
  reservationRequested,
  sendRaw,
  startInventoryHarness,
} from '../testing/inventory-harness';

let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness('inventory-reservations');
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

const stockOf = async (productId: string) =>
  h.service.prisma.product.findUniqueOrThrow({ where: { id: productId }, select: { onHand: true, reserved: true } });
const movementsOf = (orderId: string) =>
  h.service.prisma.stockMovement.findMany({ where: { orderId }, orderBy: { id: 'asc' } });

describe('inventory reservations over Kafka', () => {
  it('holds every line at once and answers InventoryReserved on the order key, caused by the request', async () => {
    const [a, b] = [await h.createProduct(10), await h.createProduct(4)];
    const orderId = newOrderId();
    const requestId = await h.publish(
      reservationRequested(orderId, [
        { productId: a, quantity: 3 },
        { productId: b, quantity: 4 },
      ]),
    );
    const answer = await h.tap.waitFor(orderId, 'InventoryReserved');
    expect(answer.event.data.items).toEqual([
      { productId: a, quantity: 3 },
      { productId: b, quantity: 4 },
    ]);
    expect(answer.key).toBe(orderId);
    expect(answer.headers).toMatchObject({
      producer: 'inventory-service',
      'causation-id': requestId,
      'correlation-id': requestId,
    });
    expect(await stockOf(a)).toEqual({ onHand: 10, reserved: 3 });
    expect(await stockOf(b)).toEqual({ onHand: 4, reserved: 4 });
    const movements = await movementsOf(orderId);
    expect(movements.map((m) => [m.productId, m.kind, m.onHandDelta, m.reservedDelta, m.actor])).toEqual([
      [a, 'RESERVE', 0, 3, 'order-service'],
      [b, 'RESERVE', 0, 4, 'order-service'],
    ]);
    const reservation = await h.service.prisma.reservation.findUniqueOrThrow({ where: { orderId } });
    expect(reservation.status).toBe('HELD');
    expect(reservation.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  });

  it('rejects all or nothing, naming the first short product and how many were available', async () => {
    const [a, b] = [await h.createProduct(5), await h.createProduct(2)];
    const orderId = newOrderId();
    await h.publish(
      reservationRequested(orderId, [
        { productId: a, quantity: 1 },
        { productId: b, quantity: 3 },
      ]),
    );
    const answer = await h.tap.waitFor(orderId, 'InventoryReservationRejected');
    expect(answer.event.data).toEqual({ orderId, productId: b, requested: 3, available: 2 });
    expect(await stockOf(a)).toEqual({ onHand: 5, reserved: 0 });
    expect(await movementsOf(orderId)).toEqual([]);
  });

  it('rejects an unknown product with 0 available', async () => {
    const orderId = newOrderId();
    await h.publish(
      reservationRequested(orderId, [
        { productId: 'PROD-001', quantity: 1 },
        { productId: 'NO-SUCH-PRODUCT', quantity: 2 },
      ]),
    );
    expect((await h.tap.waitFor(orderId, 'InventoryReservationRejected')).event.data).toEqual({
      orderId,
      productId: 'NO-SUCH-PRODUCT',
      requested: 2,
      available: 0,
    });
  });

  it('answers a re-request (the saga retrying) with InventoryReserved again, without holding twice', async () => {
    const product = await h.createProduct(10);
    const orderId = newOrderId();
    await h.publish(reservationRequested(orderId, [{ productId: product, quantity: 2 }]));
    await h.tap.waitFor(orderId, 'InventoryReserved');
    await h.publish(reservationRequested(orderId, [{ productId: product, quantity: 2 }], 2));
    await eventually(() => h.tap.of(orderId, 'InventoryReserved').length === 2, 'a second InventoryReserved');
    expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 2 });
    expect(await movementsOf(orderId)).toHaveLength(1);
  });

  it('the same event delivered twice has one effect and one answer', async () => {
    const product = await h.createProduct(10);
    const orderId = newOrderId();
    const event = reservationRequested(orderId, [{ productId: product, quantity: 1 }]);
    const eventId = await h.publish(event);
    await h.publish(event, eventId);
    const marker = newOrderId();
    await h.publish(reservationRequested(marker, [{ productId: product, quantity: 1 }]));
    await h.tap.waitFor(marker, 'InventoryReserved'); // same partition or not, give the duplicate time to be handled
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.tap.of(orderId, 'InventoryReserved')).toHaveLength(1);
    expect(await stockOf(product)).toEqual({ onHand: 10, reserved: 2 });
    expect(await h.service.prisma.inboxMessage.count({ where: { eventId } })).toBe(1);
  });

  it('releases a hold once; releasing again or an unknown order still answers, with no items', async () => {
    const product = await h.createProduct(6);
    const orderId = newOrderId();
    await h.publish(reservationRequested(orderId, [{ productId: product, quantity: 5 }]));
    await h.tap.waitFor(orderId, 'InventoryReserved');
    await h.publish({ type: 'InventoryReleaseRequested', data: { orderId, reason: 'PAYMENT_DECLINED' } });
    expect((await h.tap.waitFor(orderId, 'InventoryReleased')).event.data).toEqual({
      orderId,
      items: [{ productId: product, quantity: 5 }],
      reason: 'REQUESTED',
    });
    await h.publish({ type: 'InventoryReleaseRequested', data: { orderId, reason: 'PAYMENT_DECLINED' } });
    const second = await eventually(() => h.tap.of(orderId, 'InventoryReleased')[1], 'a second InventoryReleased');
    expect(second.event.data).toEqual({ orderId, items: [], reason: 'REQUESTED' });
    expect(await stockOf(product)).toEqual({ onHand: 6, reserved: 0 });
    expect((await movementsOf(orderId)).map((m) => [m.kind, m.reservedDelta, m.reason])).toEqual([
      ['RESERVE', 5, 'reservation requested (attempt 1)'],
      ['RELEASE', -5, 'PAYMENT_DECLINED'],
    ]);

    const unknown = newOrderId();
    await h.publish({ type: 'InventoryReleaseRequested', data: { orderId: unknown, reason: 'TIMEOUT' } });
    expect((await h.tap.waitFor(unknown, 'InventoryReleased')).event.data).toEqual({
      orderId: unknown,
      items: [],
      reason: 'REQUESTED',
    });
  });

  it('a confirmed order that is delivered commits its hold: the units leave on-hand', async () => {
    const product = await h.createProduct(8);
    const orderId = newOrderId();
    await h.publish(reservationRequested(orderId, [{ productId: product, quantity: 3 }]));
    await h.tap.waitFor(orderId, 'InventoryReserved');
    await h.publish(confirmationRequested(orderId, [{ productId: product, quantity: 3 }]));
    await eventually(
      async () => (await h.service.prisma.reservation.findUnique({ where: { orderId } }))?.status === 'CONFIRMED',
      'the hold to be confirmed',
    );
    expect((await h.service.prisma.reservation.findUniqueOrThrow({ where: { orderId } })).expiresAt).toBeNull();
    await h.publish({ type: 'OrderDelivered', data: { orderId, deliveredAt: Date.now() } });
    expect((await h.tap.waitFor(orderId, 'InventoryCommitted')).event.data.items).toEqual([
      { productId: product, quantity: 3 },
    ]);
    expect(await stockOf(product)).toEqual({ onHand: 5, reserved: 0 });
    expect((await movementsOf(orderId)).map((m) => [m.kind, m.onHandDelta, m.reservedDelta])).toEqual([
      ['RESERVE', 0, 3],
      ['COMMIT', -3, -3],
    ]);
  });

  // Last on purpose: the shared EventTap cannot decode garbage either and stalls on its partition,
  // so this test checks the service's recovery in the database instead of on the tap.
  it('parks poison (undecodable bytes, a malformed request) on the dead-letter topic and keeps working', async () => {
    const letters = await readDeadLetters(h.deadLetterTopic);
    try {
      const garbageId = randomUUID();
      await sendRaw(h.topic, Buffer.from('not avro at all'), { [HEADERS.eventId]: garbageId });
      const malformedId = await h.publish(reservationRequested(newOrderId(), [{ productId: 'PROD-001', quantity: 0 }]));
      await eventually(() => letters.seen.length >= 2, 'two dead letters', 30_000);
      expect(letters.seen).toEqual(
        expect.arrayContaining([
          { eventId: garbageId, reason: 'undecodable' },
          { eventId: malformedId, reason: 'handler-rejected' },
        ]),
      );
    } finally {
      await letters.stop();
    }
    const after = newOrderId();
    await h.publish(reservationRequested(after, [{ productId: 'PROD-001', quantity: 1 }]));
    await eventually(
      async () => (await h.service.prisma.reservation.findUnique({ where: { orderId: after } }))?.status === 'HELD',
      'a later request to be served',
    );
  });
});
