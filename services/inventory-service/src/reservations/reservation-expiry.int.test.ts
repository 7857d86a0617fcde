import { eventually } from '@kot/testing';
import {
  newOrderId,
  reservationRequested,
  startInventoryHarness,
  type InventoryHarness,
} from '../testing/inventory-harness';

// A short TTL through the real configuration variable; the expiry job runs every 200 ms.
let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness('inventory-expiry', { env: { RESERVATION_TTL_MS: '1500ms' } });
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

describe('reservations that nobody confirms or releases expire', () => {
  it('gives the stock back after the TTL with InventoryReleased (EXPIRED) on the order trace, and records EXPIRE movements', async () => {
    const productId = await h.createProduct(4);
    const orderId = newOrderId();
    const requestId = await h.publish(reservationRequested(orderId, [{ productId, quantity: 3 }]));
    const reservedAt = Date.now();
    await h.tap.waitFor(orderId, 'InventoryReserved');

    const released = await h.tap.waitFor(orderId, 'InventoryReleased');
    expect(Date.now() - reservedAt).toBeGreaterThanOrEqual(1400);
    expect(released.event.data).toEqual({ orderId, items: [{ productId, quantity: 3 }], reason: 'EXPIRED' });
    expect(released.headers).toMatchObject({
      producer: 'inventory-service',
      'correlation-id': requestId,
      'causation-id': requestId,
    });
    expect(
      await h.service.prisma.product.findUniqueOrThrow({
        where: { id: productId },
        select: { onHand: true, reserved: true },
      }),
    ).toEqual({ onHand: 4, reserved: 0 });
    const movements = await h.service.prisma.stockMovement.findMany({ where: { orderId }, orderBy: { id: 'asc' } });
    expect(movements.map((m) => [m.kind, m.reservedDelta, m.actor])).toEqual([
      ['RESERVE', 3, 'order-service'],
      ['EXPIRE', -3, 'reservation-expiry'],
    ]);
    expect((await h.service.prisma.reservation.findUniqueOrThrow({ where: { orderId } })).status).toBe('EXPIRED');

    // A late release request for the expired hold is harmless and still answered.
    await h.publish({ type: 'InventoryReleaseRequested', data: { orderId, reason: 'TIMEOUT' } });
    const answer = await eventually(() => h.tap.of(orderId, 'InventoryReleased')[1], 'an answer to the late release');
    expect(answer.event.data).toEqual({ orderId, items: [], reason: 'REQUESTED' });
  });

  it('a confirmed reservation does not expire', async () => {
    const productId = await h.createProduct(2);
    const orderId = newOrderId();
    await h.publish(reservationRequested(orderId, [{ productId, quantity: 2 }]));
    await h.tap.waitFor(orderId, 'InventoryReserved');
    await h.publish({ type: 'OrderConfirmed', data: { orderId } });
    await eventually(
      async () => (await h.service.prisma.reservation.findUnique({ where: { orderId } }))?.status === 'CONFIRMED',
      'the hold to be confirmed',
    );
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(h.tap.of(orderId, 'InventoryReleased')).toHaveLength(0);
    expect((await h.service.prisma.product.findUniqueOrThrow({ where: { id: productId } })).reserved).toBe(2);
  });
});
