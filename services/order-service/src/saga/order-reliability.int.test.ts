import { Client } from 'pg';
import { eventually, STACK } from '@kot/testing';
import { createDatabase } from '@kot/postgres';
import { rebuildProjections } from '../infrastructure/rebuild-projections';
import { getJson, orderRequest, postJson, startOrderHarness, type OrderHarness } from '../testing/order-harness';
import { keepStock, releaseStock, reply, reserveStock, scheduleShipment } from '../testing/participants';

let h: OrderHarness;
let db: Client;
beforeAll(async () => {
  h = await startOrderHarness('order-reliability', { SAGA_REPLY_TIMEOUT_MS: '1000', SAGA_MAX_ATTEMPTS: '2' });
  db = new Client({ connectionString: STACK.databaseUrl('order_service') });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await h?.stop();
});

async function place(url = h.url): Promise<string> {
  const response = await postJson(`${url}/api/v1/orders`, orderRequest());
  expect(response.status).toBe(201);
  return response.body.orderId as string;
}

describe('order saga reliability', () => {
  it('an unanswered step is re-requested, then compensated and cancelled with TIMEOUT', async () => {
    const orderId = await place();
    await eventually(
      () => h.tap.of(orderId, 'InventoryReservationRequested').length === 2,
      'a second reservation request',
    );
    expect(
      h.tap.of(orderId, 'InventoryReservationRequested').map((t) => (t.event.data as { attempt: number }).attempt),
    ).toEqual([1, 2]);
    await h.tap.waitFor(orderId, 'InventoryReleaseRequested');
    await releaseStock(h.tap, orderId);
    const cancelled = await h.tap.waitFor(orderId, 'OrderCancelled');
    expect(cancelled.event.data.reason).toBe('TIMEOUT');
  });

  it('a relay that dies between commit and publish loses nothing: a restarted instance publishes the rows', async () => {
    await h.service.messaging.relay.stop();
    const { server } = await h.startInstance({ start: false });
    const orderId = await place(server.url);
    const { rows } = await db.query(
      'SELECT event_type, published_at FROM order_service.outbox WHERE stream_key = $1 ORDER BY id',
      [orderId],
    );
    expect(rows.map((r) => [r.event_type, r.published_at])).toEqual([
      ['OrderPlaced', null],
      ['InventoryReservationRequested', null],
    ]);
    expect(h.tap.of(orderId)).toHaveLength(0);
    await h.service.messaging.relay.start();
    await h.tap.waitFor(orderId, 'InventoryReservationRequested');
    expect(h.tap.typesOf(orderId).slice(0, 2)).toEqual(['OrderPlaced', 'InventoryReservationRequested']);
  });

  it('two concurrent commands on one order never lose an update', async () => {
    const orderId = await place();
    await reserveStock(h.tap, orderId);
    await keepStock(h.tap, orderId);
    await h.tap.waitFor(orderId, 'ShipmentRequested');
    const [cancelA, cancelB] = await Promise.all([
      postJson(`${h.url}/api/v1/orders/${orderId}/cancel`, { reason: 'first' }),
      postJson(`${h.url}/api/v1/orders/${orderId}/cancel`, { reason: 'second' }),
    ]);
    expect([cancelA.status, cancelB.status]).toEqual([202, 202]);
    const { rows } = await db.query(
      'SELECT version, type FROM order_service.events WHERE stream_id = $1 ORDER BY version',
      [orderId],
    );
    expect(rows.map((r) => r.version)).toEqual(rows.map((_r, i) => i + 1));
    expect(rows.filter((r) => r.type === 'OrderCancellationRequested')).toHaveLength(1);
  });

  it('a payment provider outage delays payment without cancelling; the order proceeds when it is back', async () => {
    h.payment.faults.replace({ ...h.payment.faults.current(), outageUntil: Date.now() + 2500 });
    const orderId = await place();
    await reserveStock(h.tap, orderId);
    const view = await eventually(async () => {
      const order = await getJson(`${h.url}/api/v1/orders/${orderId}`);
      return order.pending?.failedAttempts > 0 ? order : undefined;
    }, 'a failed payment attempt to be recorded');
    expect(view.status).toBe('PAYING');
    await h.tap.waitFor(orderId, 'PaymentAuthorized', 30_000);
    expect(h.tap.of(orderId, 'OrderCancellationRequested')).toHaveLength(0);
  });

  it('rebuilding the read model from the event store reproduces the live rows', async () => {
    const confirmed = await place();
    await reserveStock(h.tap, confirmed);
    await keepStock(h.tap, confirmed);
    await scheduleShipment(h.tap, confirmed);
    await h.tap.waitFor(confirmed, 'OrderConfirmed');
    const rejected = await place();
    const request = await h.tap.waitFor(rejected, 'InventoryReservationRequested');
    await reply(
      h.tap,
      request,
      {
        type: 'InventoryReservationRejected',
        data: { orderId: rejected, productId: 'PROD-001', requested: 2, available: 1 },
      },
      'inventory-service',
    );
    await h.tap.waitFor(rejected, 'OrderCancelled');
    await eventually(
      async () =>
        (await db.query("SELECT 1 FROM order_service.orders WHERE order_id = $1 AND status = 'CANCELLED'", [rejected]))
          .rowCount === 1,
      'the cancelled row',
    );

    // Quiesce: the scheduler re-requests timed-out steps on its own, which would move rows under the comparison.
    await h.service.scheduler.stop();
    const snapshot = async () =>
      (
        await db.query(
          'SELECT order_id, customer_id, status, saga_step, total_minor, item_count, cancel_reason, pending_action, version, correlation_id, created_at, updated_at, state FROM order_service.orders ORDER BY order_id',
        )
      ).rows;
    const live = await snapshot();
    await db.query('UPDATE order_service.orders SET status = $1, state = $2', ['CORRUPTED', {}]);
    const sql = createDatabase({
      databaseUrl: STACK.databaseUrl('order_service'),
      poolSize: 2,
      applicationName: 'reliability-test',
      logger: h.service.logger,
    });
    const report = await rebuildProjections(sql, {
      replyTimeoutMs: 1000,
      maxAttempts: 2,
      maxCompensationBackoffMs: 300_000,
      deliveryDeadlineMs: 86_400_000,
    }).finally(() => sql.pool.end());
    expect(report.streams).toBe(live.length);
    expect(await snapshot()).toEqual(live);
  });
});
