import { eventually } from '@kot/testing';
import { getJson, orderBody, request } from '../support/http';
import { startSystem, type System } from '../support/system';

let sys: System;
beforeAll(async () => {
  sys = await startSystem('e2e-saga');
});
afterAll(async () => {
  await sys?.stop();
});

async function place(body = orderBody()): Promise<string> {
  const response = await request('POST', `${sys.urls.order}/api/v1/orders`, body);
  expect(response.status).toBe(201);
  return response.body.orderId;
}

const terminal = (orderId: string) =>
  eventually(
    async () => {
      const order = await getJson(`${sys.urls.order}/api/v1/orders/${orderId}`);
      return ['DELIVERED', 'CANCELLED'].includes(order.status) ? order : undefined;
    },
    `order ${orderId} to finish`,
    60_000,
  );

const stockOf = async (productId: string) => getJson(`${sys.urls.inventory}/api/v1/inventory/${productId}`);

describe('the order saga across all services (real Kafka, registry, Postgres; simulated payment and carrier)', () => {
  it('happy path: DELIVERED, paid once, stock committed, parcel tracked to the door', async () => {
    const before = await stockOf('PROD-001');
    const orderId = await place();
    const order = await terminal(orderId);
    expect(order.status).toBe('DELIVERED');
    expect(order.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'OrderPlaced',
        'InventoryReserved',
        'PaymentAuthorized',
        'ShipmentScheduled',
        'OrderConfirmed',
        'OrderShipped',
        'OrderDelivered',
      ]),
    );
    expect(sys.payment.ledger.list().filter((a) => a.orderId === orderId && a.status === 'AUTHORIZED')).toHaveLength(1);
    await sys.tap.waitFor(orderId, 'InventoryCommitted');
    const after = await stockOf('PROD-001');
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.reserved).toBe(before.reserved);
    const shipment = await getJson(`${sys.urls.shipping}/api/v1/shipments/${orderId}`);
    expect(shipment.history.map((h: { status: string }) => h.status)).toEqual(
      expect.arrayContaining(['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']),
    );
  });

  it('out of stock: cancelled naming the product, nothing charged, nothing held', async () => {
    const stock = await stockOf('PROD-003');
    const orderId = await place(
      orderBody({ lines: [{ productId: 'PROD-003', quantity: stock.available + 1, unitPrice: 24.95 }] }),
    );
    const order = await terminal(orderId);
    expect(order).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'OUT_OF_STOCK', productId: 'PROD-003' },
    });
    expect(sys.payment.ledger.list().filter((a) => a.orderId === orderId)).toHaveLength(0);
    expect((await stockOf('PROD-003')).reserved).toBe(stock.reserved);
  });

  it('payment declined: the reservation is released and the order cancelled', async () => {
    const before = await stockOf('PROD-001');
    const orderId = await place(orderBody({ customerId: 'DECLINE-e2e' }));
    const order = await terminal(orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'PAYMENT_DECLINED' } });
    await sys.tap.waitFor(orderId, 'InventoryReleased');
    expect(await stockOf('PROD-001')).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
  });

  it('shipping failure: refunded and released, cancelled with SHIPPING_FAILED', async () => {
    const orderId = await place(orderBody({ address: '404 UNDELIVERABLE Road' }));
    const order = await terminal(orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'SHIPPING_FAILED' } });
    const [authorization] = sys.payment.ledger.list().filter((a) => a.orderId === orderId);
    expect(authorization?.refunds.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(authorization?.amountMinor);
  });

  it('customer cancellation before shipping: shipment cancelled, refund, release, CANCELLED(CUSTOMER_REQUEST)', async () => {
    const before = await stockOf('PROD-001');
    const orderId = await place(orderBody({ address: '7 HOLD Street' }));
    await eventually(
      async () => (await getJson(`${sys.urls.order}/api/v1/orders/${orderId}`)).status === 'CONFIRMED',
      'the order to be confirmed',
      30_000,
    );
    const cancel = await request('POST', `${sys.urls.order}/api/v1/orders/${orderId}/cancel`, {
      reason: 'found it cheaper',
    });
    expect(cancel.status).toBe(202);
    const order = await terminal(orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'CUSTOMER_REQUEST' } });
    const types = order.timeline.map((e: { type: string }) => e.type);
    expect(types.indexOf('ShipmentCancelled')).toBeLessThan(types.indexOf('PaymentRefunded'));
    expect(types.indexOf('PaymentRefunded')).toBeLessThan(types.indexOf('InventoryReleaseRequested'));
    expect(await stockOf('PROD-001')).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
  });
});
