import { eventually } from '@kot/testing';
import { getJson, orderRequest, postJson, useOrderHarness } from '../testing/order-harness';
import { keepStock, releaseStock, reserveStock, scheduleShipment } from '../testing/participants';

// Issue 14, findings 1 and 4, against the real Kafka, Postgres and the payment simulator on a socket.

const { h, db } = useOrderHarness('order-payment-races');
afterEach(() => {
  h.payment.faults.replace({ ...h.payment.faults.current(), latencyMs: 0 });
});

interface Authorization {
  orderId: string;
  status: string;
  amountMinor: number;
  refunds: Array<{ amountMinor: number }>;
}
const books = async (orderId: string): Promise<Authorization[]> =>
  (await fetch(`${h.payment.url}/v1/authorizations?orderId=${orderId}`)).json() as Promise<Authorization[]>;
const netCharge = (auths: Authorization[]) =>
  auths
    .filter((a) => a.status === 'AUTHORIZED')
    .reduce((sum, a) => sum + a.amountMinor - a.refunds.reduce((s, r) => s + r.amountMinor, 0), 0);

async function place(): Promise<string> {
  const response = await postJson(`${h.url}/api/v1/orders`, orderRequest());
  expect(response.status).toBe(201);
  return response.body.orderId as string;
}

describe('payment races', () => {
  it('a cancel while the authorization is in flight (provider answering in 1.5 s) leaves the customer charged nothing', async () => {
    h.payment.faults.replace({ ...h.payment.faults.current(), latencyMs: 1500 });
    const orderId = await place();
    await reserveStock(h.tap, orderId);
    // The scheduler has claimed the payment (its lease pushes due_at ahead) and the call is under way. Not
    // just any due_at ahead: while RESERVING, the reply deadline is 30 s ahead too, and a cancel then never pays.
    await eventually(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM order_service.orders WHERE order_id = $1 AND status = 'PAYING'
               AND pending_action = 'AUTHORIZE_PAYMENT' AND due_at > now() + interval '10 seconds'`,
            [orderId],
          )
        ).rowCount === 1,
      'the payment call to start',
    );
    const cancel = await postJson(`${h.url}/api/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' });
    expect(cancel.status).toBe(202);

    await releaseStock(h.tap, orderId);
    await h.tap.waitFor(orderId, 'OrderCancelled', 30_000);
    // The in-flight call lands at the provider whatever the order did meanwhile.
    const auths = await eventually(async () => {
      const all = await books(orderId);
      return all.length > 0 ? all : undefined;
    }, 'the authorization at the provider');
    expect(auths.filter((a) => a.status === 'AUTHORIZED')).toHaveLength(1);
    expect(netCharge(auths)).toBe(0);
    expect(h.tap.typesOf(orderId).filter((t) => t === 'OrderCancelled')).toHaveLength(1);
    // Newest first: the money came back before the stock was released.
    const types = h.tap.typesOf(orderId);
    expect(types.indexOf('PaymentRefunded')).toBeLessThan(types.indexOf('InventoryReleaseRequested'));
    expect((await getJson(`${h.url}/api/v1/orders/${orderId}`)).status).toBe('CANCELLED');
  });

  it('a stale backoff left on a confirmed order (due, but owing nothing) never turns into a refund', async () => {
    const orderId = await place();
    await reserveStock(h.tap, orderId);
    await keepStock(h.tap, orderId);
    await scheduleShipment(h.tap, orderId);
    await h.tap.waitFor(orderId, 'OrderConfirmed');
    await eventually(
      async () =>
        (await db.query("SELECT 1 FROM order_service.orders WHERE order_id = $1 AND status = 'CONFIRMED'", [orderId]))
          .rowCount === 1,
      'the confirmed row',
    );
    // What the old backoff could leave behind: a due time written after a step had cleared the work.
    await db.query(
      "UPDATE order_service.orders SET pending_action = NULL, due_at = now() - interval '1 second' WHERE order_id = $1",
      [orderId],
    );

    await new Promise((resolve) => setTimeout(resolve, 1500)); // 15 scheduler ticks
    expect(h.tap.of(orderId, 'PaymentRefunded')).toHaveLength(0);
    expect(netCharge(await books(orderId))).toBeGreaterThan(0);
    expect((await getJson(`${h.url}/api/v1/orders/${orderId}`)).status).toBe('CONFIRMED');
  });
});
