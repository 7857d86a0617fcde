import { eventually } from '@kot/testing';
import { getJson, orderRequest, postJson, startOrderHarness, type OrderHarness } from '../testing/order-harness';
import { keepStock, moveParcel, releaseStock, reply, reserveStock, scheduleShipment } from '../testing/participants';

let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness('order-saga');
});
afterAll(async () => {
  await h?.stop();
});

async function place(body = orderRequest(), headers: Record<string, string> = {}): Promise<string> {
  const response = await postJson(`${h.url}/api/v1/orders`, body, headers);
  expect(response.status).toBe(201);
  return response.body.orderId as string;
}

async function order(orderId: string): Promise<any> {
  return getJson(`${h.url}/api/v1/orders/${orderId}`);
}

const statusIs = (orderId: string, status: string) =>
  eventually(
    async () => ((await order(orderId)).status === status ? true : undefined),
    `order ${orderId} to be ${status}`,
  );

describe('order saga against real Kafka, registry, Postgres and the payment simulator', () => {
  it('happy path: placed → reserved → paid → scheduled → shipped → delivered, with one correlation id throughout', async () => {
    const orderId = await place(orderRequest(), { 'X-Correlation-ID': 'corr-happy-path-1' });
    await reserveStock(h.tap, orderId);
    const authorized = await h.tap.waitFor(orderId, 'PaymentAuthorized');
    expect(h.payment.ledger.list().filter((a) => a.orderId === orderId)).toHaveLength(1);
    expect(authorized.event.data.amountMinor).toBe(2 * 1999 + 550);
    await keepStock(h.tap, orderId);
    await scheduleShipment(h.tap, orderId);
    await h.tap.waitFor(orderId, 'OrderConfirmed');
    await moveParcel(h.tap, orderId, 'SHIPPED');
    await h.tap.waitFor(orderId, 'OrderShipped');
    await moveParcel(h.tap, orderId, 'DELIVERED');
    await h.tap.waitFor(orderId, 'OrderDelivered');
    await statusIs(orderId, 'DELIVERED');

    const view = await order(orderId);
    expect(view.timeline.map((e: { type: string }) => e.type)).toEqual([
      'OrderPlaced',
      'InventoryReservationRequested',
      'InventoryReserved',
      'PaymentAuthorized',
      'InventoryConfirmationRequested',
      'InventoryConfirmed',
      'ShipmentRequested',
      'ShipmentScheduled',
      'OrderConfirmed',
      'ShipmentStatusChanged',
      'OrderShipped',
      'ShipmentStatusChanged',
      'OrderDelivered',
    ]);
    expect(new Set(view.timeline.map((e: { correlationId: string }) => e.correlationId))).toEqual(
      new Set(['corr-happy-path-1']),
    );
    expect(view.timeline.find((e: { type: string }) => e.type === 'InventoryReserved').producer).toBe(
      'inventory-service',
    );
    const ownEvents = h.tap.of(orderId).filter((t) => t.headers.producer === 'order-service');
    expect(ownEvents.every((t) => t.headers['correlation-id'] === 'corr-happy-path-1' && t.key === orderId)).toBe(true);
    expect(ownEvents.every((t) => /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(t.headers.traceparent ?? ''))).toBe(true);
  });

  it('the same event delivered twice changes nothing', async () => {
    const orderId = await place();
    const request = await h.tap.waitFor(orderId, 'InventoryReservationRequested');
    const reserved = { type: 'InventoryReserved' as const, data: { orderId, items: request.event.data.items } };
    const eventId = await reply(h.tap, request, reserved, 'inventory-service');
    await h.tap.publish(reserved, { producer: 'inventory-service', eventId });
    await keepStock(h.tap, orderId);
    await h.tap.waitFor(orderId, 'ShipmentRequested');
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.tap.of(orderId, 'PaymentAuthorized')).toHaveLength(1);
    expect(
      (await order(orderId)).timeline.filter((e: { type: string }) => e.type === 'InventoryReserved'),
    ).toHaveLength(1);
  });

  it('out of stock cancels with the product named', async () => {
    const orderId = await place();
    const request = await h.tap.waitFor(orderId, 'InventoryReservationRequested');
    await reply(
      h.tap,
      request,
      { type: 'InventoryReservationRejected', data: { orderId, productId: 'PROD-002', requested: 1, available: 0 } },
      'inventory-service',
    );
    const cancelled = await h.tap.waitFor(orderId, 'OrderCancelled');
    expect(cancelled.event.data).toMatchObject({ reason: 'OUT_OF_STOCK', productId: 'PROD-002' });
    expect(h.payment.ledger.list().filter((a) => a.orderId === orderId)).toHaveLength(0);
  });

  it('a declined payment releases the stock and cancels with PAYMENT_DECLINED', async () => {
    const orderId = await place(orderRequest({ customerId: 'DECLINE-4242' }));
    await reserveStock(h.tap, orderId);
    await h.tap.waitFor(orderId, 'PaymentDeclined');
    await releaseStock(h.tap, orderId);
    expect((await h.tap.waitFor(orderId, 'OrderCancelled')).event.data.reason).toBe('PAYMENT_DECLINED');
    expect(h.tap.of(orderId, 'ShipmentRequested')).toHaveLength(0);
  });

  it('a failed shipment refunds the payment and releases the stock, then cancels with SHIPPING_FAILED', async () => {
    const orderId = await place();
    await reserveStock(h.tap, orderId);
    await keepStock(h.tap, orderId);
    const request = await h.tap.waitFor(orderId, 'ShipmentRequested');
    await reply(
      h.tap,
      request,
      { type: 'ShipmentFailed', data: { orderId, reason: 'undeliverable_address' } },
      'shipping-service',
    );
    const refunded = await h.tap.waitFor(orderId, 'PaymentRefunded');
    const [authorization] = h.payment.ledger.list().filter((a) => a.orderId === orderId);
    expect(authorization?.refunds).toHaveLength(1);
    expect(refunded.event.data.paymentId).toBe(authorization?.paymentId);
    await releaseStock(h.tap, orderId);
    expect((await h.tap.waitFor(orderId, 'OrderCancelled')).event.data.reason).toBe('SHIPPING_FAILED');
    const types = h.tap.typesOf(orderId);
    expect(types.indexOf('PaymentRefunded')).toBeLessThan(types.indexOf('InventoryReleaseRequested'));
  });

  it('a customer cancel before shipping cancels the shipment, refunds, releases; after shipping it is refused with 409', async () => {
    const orderId = await place();
    await reserveStock(h.tap, orderId);
    await keepStock(h.tap, orderId);
    await scheduleShipment(h.tap, orderId);
    await h.tap.waitFor(orderId, 'OrderConfirmed');
    const cancel = await postJson(`${h.url}/api/v1/orders/${orderId}/cancel`, { reason: 'ordered the wrong size' });
    expect(cancel.status).toBe(202);
    const request = await h.tap.waitFor(orderId, 'ShipmentCancellationRequested');
    await reply(
      h.tap,
      request,
      { type: 'ShipmentCancelled', data: { orderId, shipmentId: 'shp-x' } },
      'shipping-service',
    );
    await h.tap.waitFor(orderId, 'PaymentRefunded');
    await releaseStock(h.tap, orderId);
    const cancelled = await h.tap.waitFor(orderId, 'OrderCancelled');
    expect(cancelled.event.data).toMatchObject({ reason: 'CUSTOMER_REQUEST', detail: 'ordered the wrong size' });

    const shippedId = await place();
    await reserveStock(h.tap, shippedId);
    await keepStock(h.tap, shippedId);
    await scheduleShipment(h.tap, shippedId);
    await moveParcel(h.tap, shippedId, 'SHIPPED');
    await statusIs(shippedId, 'SHIPPED');
    const refused = await postJson(`${h.url}/api/v1/orders/${shippedId}/cancel`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/only until it is shipped/);
  });
});
