// Issue 14 end to end: all five services against the real Kafka, registry and Postgres, with partners
// that behave like real ones (a payment provider answering in 1.5 s, a carrier that skips, repeats and
// reorders its news). Each order is judged by what the outside world saw: the provider's books, the
// carrier's parcels, stock levels, the customer's inbox, and the order's own timeline.
import { eventually } from '@kot/testing';
import { getJson, orderBody, request } from '../support/http';
import {
  milestonesMailed,
  netCharge,
  parcelsOf,
  paymentBooks,
  setFaults,
  stockOf,
  type Authorization,
  type Stock,
} from '../support/outside-world';
import { startSystem, type System } from '../support/system';

let sys: System;
beforeAll(async () => {
  sys = await startSystem('e2e-races', { notifications: true });
});
afterAll(async () => {
  await sys?.stop();
});
afterEach(async () => {
  await setFaults(sys.payment.url, {});
  await setFaults(sys.carrier.url, {});
});

/** Under the order service's payment timeout (2 s): every call succeeds, only late. */
const PAYMENT_LATENCY = { latencyMs: 1_500 };
const QUANTITY = 2;
const AMOUNT_MINOR = 2_000;

const mailUrl = () => sys.mail?.url ?? '';
const orderOf = (orderId: string) => getJson(`${sys.urls.order}/api/v1/orders/${orderId}`);
const typesOf = (order: { timeline: Array<{ type: string }> }) => order.timeline.map((entry) => entry.type);
const count = (types: string[], type: string) => types.filter((t) => t === type).length;
/** `first` happened, and before `second` if that happened at all. */
const before = (types: string[], first: string, second: string) =>
  types.includes(first) && (!types.includes(second) || types.indexOf(first) < types.indexOf(second));

/** One product per scenario, so each scenario's stock check is exact. */
async function place(productId: string, address?: string): Promise<string> {
  const response = await request(
    'POST',
    `${sys.urls.order}/api/v1/orders`,
    orderBody({ address, lines: [{ productId, quantity: QUANTITY, unitPrice: AMOUNT_MINOR / QUANTITY / 100 }] }),
  );
  expect(response.status).toBe(201);
  return response.body.orderId;
}

/** Polls fast (some saga steps last only as long as one partner call); a timeout says where the order stood. */
async function reach(orderId: string, what: string, probe: (order: any) => boolean, timeoutMs = 20_000): Promise<any> {
  let last: any;
  try {
    return await eventually(
      async () => {
        last = await orderOf(orderId);
        return probe(last) ? last : undefined;
      },
      `order ${orderId}: ${what}`,
      timeoutMs,
      20,
    );
  } catch (error) {
    const where = last
      ? `${last.status}/${last.sagaStep}, pending ${JSON.stringify(last.pending)}, timeline ${typesOf(last).join(' > ')}`
      : 'never read';
    throw new Error(`${(error as Error).message}; it stood at ${where}`);
  }
}

async function cancel(orderId: string): Promise<void> {
  const response = await request('POST', `${sys.urls.order}/api/v1/orders/${orderId}/cancel`, {
    reason: 'changed my mind',
  });
  expect(response.status).toBe(202);
}

const sagaSteps = (types: string[]): string[] => types.filter((t) => !t.startsWith('Notification'));

/**
 * A cancelled order as the world sees it: the provider ends with `charges` authorizations and the
 * customer is out nothing, the stock is as before, the timeline ends in its only OrderCancelled, and
 * the customer got exactly one cancellation email.
 */
async function expectCancelledCleanly(
  orderId: string,
  productId: string,
  stock: Stock,
  charges: number,
): Promise<{ types: string[]; books: Authorization[] }> {
  const order = await reach(orderId, 'CANCELLED', (o) => o.status === 'CANCELLED', 30_000);
  expect(order.cancellation).toMatchObject({ reason: 'CUSTOMER_REQUEST' });
  // A call in flight at the cancel lands at the provider whatever the order did meanwhile: wait for it.
  const books = await eventually(
    async () => {
      const b = await paymentBooks(sys.payment.url, orderId);
      return b.length === charges ? b : undefined;
    },
    `${charges} authorizations of ${orderId} at the provider`,
    10_000,
  );
  expect(books.filter((a) => a.status === 'AUTHORIZED')).toHaveLength(charges);
  expect(netCharge(books)).toBe(0);
  expect(await stockOf(sys.urls.inventory, productId)).toMatchObject({
    onHand: stock.onHand,
    reserved: stock.reserved,
  });
  const types = typesOf(order);
  expect(count(types, 'OrderCancelled')).toBe(1);
  // The saga ends with the cancellation; the emails' NotificationSent facts may land after it (the
  // cancellation email always does), so they are left out of "last".
  expect(sagaSteps(types).at(-1)).toBe('OrderCancelled');
  const timeline = await getJson(`${sys.urls.order}/api/v1/orders/${orderId}/timeline`);
  expect(timeline).toMatchObject({ status: 'CANCELLED', terminal: true });
  expect(sagaSteps(timeline.steps.map((s: { type: string }) => s.type)).at(-1)).toBe('OrderCancelled');
  const mailed = await eventually(async () => {
    const m = await milestonesMailed(mailUrl(), orderId);
    return m.includes('ORDER_CANCELLED') ? m : undefined;
  }, 'the cancellation email');
  expect(count(mailed, 'ORDER_CANCELLED')).toBe(1);
  return { types, books };
}

describe('a customer cancels at every step while the payment provider answers in 1.5 s', () => {
  beforeEach(async () => {
    await setFaults(sys.payment.url, PAYMENT_LATENCY);
  });

  it('while RESERVING: released, nothing ever charged', async () => {
    const stock = await stockOf(sys.urls.inventory, 'PROD-004');
    const orderId = await place('PROD-004');
    await cancel(orderId);
    const { types } = await expectCancelledCleanly(orderId, 'PROD-004', stock, 0);
    // The cancel was decided before inventory's answer came back, so no payment was ever started.
    expect(before(types, 'OrderCancellationRequested', 'InventoryReserved')).toBe(true);
  });

  it('while PAYING, the authorization in flight: it lands, is refunded before the stock is released, one OrderCancelled', async () => {
    const stock = await stockOf(sys.urls.inventory, 'PROD-005');
    const orderId = await place('PROD-005');
    // The scheduler has claimed the payment (its lease pushes the due time ahead) and the call is under way.
    await reach(
      orderId,
      'the payment call under way',
      (o) => o.status === 'PAYING' && o.pending !== null && Date.parse(o.pending.dueAt) > Date.now() + 10_000,
      10_000,
    );
    await cancel(orderId);
    const { types, books } = await expectCancelledCleanly(orderId, 'PROD-005', stock, 1);
    expect(books[0]?.refunds.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(AMOUNT_MINOR);
    expect(before(types, 'PaymentRefunded', 'InventoryReleaseRequested')).toBe(true);
  });

  it('while SCHEDULING (paid, the carrier booking slow): the parcel voided, refunded, released', async () => {
    await setFaults(sys.carrier.url, { latencyMs: 1_500 });
    const stock = await stockOf(sys.urls.inventory, 'PROD-006');
    // HOLD: the harness carrier moves a parcel every 50 ms, so an unheld one would have left before the
    // slow cancel call arrived, and the saga rightly withdraws a cancellation the carrier refuses.
    const orderId = await place('PROD-006', '8 HOLD Road');
    await reach(orderId, 'SCHEDULING', (o) => o.status === 'SCHEDULING', 10_000);
    await cancel(orderId);
    const { types } = await expectCancelledCleanly(orderId, 'PROD-006', stock, 1);
    expect((await parcelsOf(sys.carrier.url, orderId)).map((p) => p.status).filter((s) => s !== 'CANCELLED')).toEqual(
      [],
    );
    expect(before(types, 'PaymentRefunded', 'InventoryReleaseRequested')).toBe(true);
  });

  it('once CONFIRMED (parcel booked, not yet left): parcel cancelled, then refund, then release', async () => {
    const stock = await stockOf(sys.urls.inventory, 'PROD-007');
    const orderId = await place('PROD-007', '9 HOLD Lane');
    await reach(orderId, 'CONFIRMED', (o) => o.status === 'CONFIRMED');
    await cancel(orderId);
    const { types } = await expectCancelledCleanly(orderId, 'PROD-007', stock, 1);
    expect((await parcelsOf(sys.carrier.url, orderId)).map((p) => p.status)).toEqual(['CANCELLED']);
    expect(before(types, 'ShipmentCancelled', 'PaymentRefunded')).toBe(true);
    expect(before(types, 'PaymentRefunded', 'InventoryReleaseRequested')).toBe(true);
  });
});

/**
 * Delivered as the world sees it: charged once, the stock gone for good, OrderShipped and OrderDelivered
 * once each on the timeline, and one email per milestone.
 */
async function expectDelivered(orderId: string, productId: string, stock: Stock): Promise<void> {
  const order = await reach(orderId, 'DELIVERED', (o) => o.status === 'DELIVERED', 30_000);
  const types = typesOf(order);
  expect([count(types, 'OrderShipped'), count(types, 'OrderDelivered')]).toEqual([1, 1]);
  expect(before(types, 'OrderShipped', 'OrderDelivered')).toBe(true);
  expect(netCharge(await paymentBooks(sys.payment.url, orderId))).toBe(AMOUNT_MINOR);
  await sys.tap.waitFor(orderId, 'InventoryCommitted');
  expect(await stockOf(sys.urls.inventory, productId)).toMatchObject({
    onHand: stock.onHand - QUANTITY,
    reserved: stock.reserved,
  });
  const mailed = await eventually(async () => {
    const m = await milestonesMailed(mailUrl(), orderId);
    return m.length >= 4 ? m : undefined;
  }, 'four emails');
  expect(mailed).toEqual(['ORDER_CONFIRMED', 'ORDER_DELIVERED', 'ORDER_RECEIVED', 'ORDER_SHIPPED']);
}

describe('a carrier whose news skips, repeats and arrives out of order', () => {
  it('skips every status it can (skipRate 1): IN_TRANSIT, then DELIVERED, and the order still ends DELIVERED', async () => {
    await setFaults(sys.carrier.url, { skipRate: 1 });
    const stock = await stockOf(sys.urls.inventory, 'PROD-008');
    const orderId = await place('PROD-008');
    await expectDelivered(orderId, 'PROD-008', stock);
    const [parcel] = await parcelsOf(sys.carrier.url, orderId);
    expect(parcel?.history.map((h) => h.status)).toEqual(['SCHEDULED', 'IN_TRANSIT', 'DELIVERED']);
  });

  it('a held parcel advanced straight to DELIVERED, its news posted newest first and twice: DELIVERED, older news refused', async () => {
    await setFaults(sys.carrier.url, { reorderCallbacks: true, duplicateRate: 1 });
    const rejectedBefore = (await getJson(`${sys.carrier.url}/health`)).callbacks.rejected;
    const stock = await stockOf(sys.urls.inventory, 'PROD-009');
    const orderId = await place('PROD-009', '3 HOLD Court');
    const confirmed = await reach(orderId, 'CONFIRMED', (o) => o.status === 'CONFIRMED');
    const advanced = await request(
      'POST',
      `${sys.carrier.url}/admin/shipments/${confirmed.shipment.trackingNumber}/advance?to=DELIVERED`,
    );
    expect(advanced.status).toBe(200);
    await expectDelivered(orderId, 'PROD-009', stock);
    // Shipping took DELIVERED first and answered 409 to the three older statuses and their copies.
    await eventually(
      async () => (await getJson(`${sys.carrier.url}/health`)).callbacks.rejected === rejectedBefore + 6,
      'six refused callbacks',
    );
  });

  it('answers a booking with a fractional estimatedDeliveryAt: ShipmentScheduled carries it cut to whole ms, the order is confirmed', async () => {
    await setFaults(sys.carrier.url, { fractionalEstimate: true });
    const orderId = await place('PROD-010', '5 HOLD Square');
    await reach(orderId, 'CONFIRMED', (o) => o.status === 'CONFIRMED');
    const [parcel] = await parcelsOf(sys.carrier.url, orderId);
    const estimate = parcel?.estimatedDeliveryAt ?? 0;
    expect(Number.isInteger(estimate)).toBe(false);
    const scheduled = await sys.tap.waitFor(orderId, 'ShipmentScheduled');
    expect(scheduled.event.data.estimatedDeliveryAt).toBe(Math.trunc(estimate));
  });
});
