import { eventually } from '@kot/testing';
import { ORDER_STATE_VERSION } from '../saga/order.state';
import { orderRequest, postJson, useOrderHarness } from '../testing/order-harness';
import { keepStock, moveParcel, releaseStock, reply, reserveStock, scheduleShipment } from '../testing/participants';

// Issue 15 (versioned state), written with issue 14's state changes: a snapshot written by older code, or
// one that lags its stream, is never decided on; events stored in an older schema version are upcast.

const { h, db } = useOrderHarness('order-versioned-state');

async function confirmedOrder(): Promise<string> {
  const response = await postJson(`${h.url}/api/v1/orders`, orderRequest());
  expect(response.status).toBe(201);
  const orderId = response.body.orderId as string;
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
  return orderId;
}

describe('versioned state', () => {
  it('an old-shape cancellation event and an old-shape snapshot still lead to the right decision', async () => {
    const orderId = await confirmedOrder();
    expect((await postJson(`${h.url}/api/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(
      202,
    );
    const request = await h.tap.waitFor(orderId, 'ShipmentCancellationRequested');
    await eventually(
      async () =>
        (
          await db.query("SELECT 1 FROM order_service.orders WHERE order_id = $1 AND status = 'COMPENSATING'", [
            orderId,
          ])
        ).rowCount === 1,
      'the compensating row',
    );
    // As code before version 2 wrote them: the reason packed in one string, a snapshot without `confirmed`
    // (shape 1), here also deliberately wrong about the cancellation so that trusting it would show.
    await db.query(
      `UPDATE order_service.events SET schema_version = 1, data = jsonb_build_object('orderId', data->>'orderId', 'reason', data->>'reason')
                     WHERE stream_id = $1 AND type = 'OrderCancellationRequested'`,
      [orderId],
    );
    await db.query(
      `UPDATE order_service.orders SET state_version = 1,
                     state = (state - 'confirmed') || '{"cancellation": {"reason": "TIMEOUT", "detail": "wrong", "productId": null}}'::jsonb
                     WHERE order_id = $1`,
      [orderId],
    );

    await reply(h.tap, request, { type: 'ShipmentCancelled', data: { orderId, shipmentId: null } }, 'shipping-service');
    await releaseStock(h.tap, orderId);
    const cancelled = await h.tap.waitFor(orderId, 'OrderCancelled', 30_000);
    expect(cancelled.event.data).toMatchObject({ reason: 'CUSTOMER_REQUEST', detail: 'changed my mind' });
    expect(h.tap.typesOf(orderId)).toContain('PaymentRefunded');
    const {
      rows: [row],
    } = await db.query('SELECT state_version, state FROM order_service.orders WHERE order_id = $1', [orderId]);
    expect(row.state_version).toBe(ORDER_STATE_VERSION);
    expect(row.state.cancellation).toEqual({ reason: 'CUSTOMER_REQUEST', detail: 'changed my mind', productId: null });
  });

  it('a snapshot behind its stream is replayed, so the next step appends at the right version instead of failing forever', async () => {
    const orderId = await confirmedOrder();
    // The snapshot of one event earlier (what an interrupted or buggy writer could leave behind).
    await db.query(
      `UPDATE order_service.orders SET state = jsonb_set(jsonb_set(state, '{status}', '"SCHEDULING"'), '{version}', to_jsonb((state->>'version')::int - 1))
                     WHERE order_id = $1`,
      [orderId],
    );
    await moveParcel(h.tap, orderId, 'IN_TRANSIT');
    await h.tap.waitFor(orderId, 'OrderShipped');
    const { rows } = await db.query('SELECT version FROM order_service.events WHERE stream_id = $1 ORDER BY version', [
      orderId,
    ]);
    expect(rows.map((r) => r.version)).toEqual(rows.map((_r, i) => i + 1));
  });
});
