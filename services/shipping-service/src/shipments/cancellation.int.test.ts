import { eventually } from '@kot/testing';
import {
  cancelRequested,
  http,
  newOrderId,
  shipmentRequested,
  shipmentRow,
  useShippingHarness,
} from '../testing/shipping-harness';

// A generous carrier timeout so the latency fault below delays calls without failing them.
const h = useShippingHarness('shipping-cancellation', {
  env: { CARRIER_TIMEOUT_MS: '5000' },
  clearFaultsAfterEach: true,
});

describe('cancelling shipments', () => {
  it('before the parcel ships: cancels the booking at the carrier and answers ShipmentCancelled with the shipment id', async () => {
    const orderId = newOrderId();
    await h.publish(shipmentRequested(orderId, '1 HOLD Street'));
    const { shipmentId, trackingNumber } = (await h.tap.waitFor(orderId, 'ShipmentScheduled')).event.data;
    await h.publish(cancelRequested(orderId));
    expect((await h.tap.waitFor(orderId, 'ShipmentCancelled')).event.data).toEqual({ orderId, shipmentId });
    expect(h.carrier.book.get(trackingNumber)?.status).toBe('CANCELLED');
    const view = await http<{ status: string; history: Array<{ status: string }> }>(
      'GET',
      `${h.url}/api/v1/shipments/${orderId}`,
    );
    expect(view.body.status).toBe('CANCELLED');
    expect(view.body.history.map((s) => s.status)).toEqual(['PENDING', 'SCHEDULED', 'CANCELLED']);
  });

  it('after the parcel shipped: answers ShipmentCancellationRejected with the status and already_shipped', async () => {
    const orderId = newOrderId();
    await h.publish(shipmentRequested(orderId, '2 HOLD Street'));
    const { shipmentId, trackingNumber } = (await h.tap.waitFor(orderId, 'ShipmentScheduled')).event.data;
    expect((await http('POST', `${h.carrier.url}/admin/shipments/${trackingNumber}/advance`)).status).toBe(200);
    await h.tap.waitFor(orderId, 'ShipmentStatusChanged');
    await h.publish(cancelRequested(orderId));
    expect((await h.tap.waitFor(orderId, 'ShipmentCancellationRejected')).event.data).toEqual({
      orderId,
      shipmentId,
      status: 'SHIPPED',
      reason: 'already_shipped',
    });
    expect(h.carrier.book.get(trackingNumber)?.status).toBe('SHIPPED');
    expect(h.tap.of(orderId, 'ShipmentCancelled')).toHaveLength(0);
  });

  it('with no shipment yet: answers ShipmentCancelled (no shipment id), and a request arriving afterwards books nothing', async () => {
    const orderId = newOrderId();
    const booked = h.carrier.book.size;
    await h.publish(cancelRequested(orderId));
    expect((await h.tap.waitFor(orderId, 'ShipmentCancelled')).event.data).toEqual({ orderId, shipmentId: null });
    const lateRequest = await h.publish(shipmentRequested(orderId));
    await eventually(
      async () => (await h.service.prisma.inboxMessage.count({ where: { eventId: lateRequest } })) === 1,
      'the late request to be consumed',
    );
    expect((await shipmentRow(h, orderId))?.status).toBe('CANCELLED');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(h.carrier.book.size).toBe(booked);
    expect(h.tap.of(orderId, 'ShipmentScheduled')).toHaveLength(0);
    expect((await shipmentRow(h, orderId))?.pendingAction).toBeNull();
  });

  // A failed attempt cannot tell "never reached the carrier" from "booked, reply lost" (lost-booking.int.test.ts),
  // so the void asks again under the same key once the carrier is back: at most one label, voided at once.
  it('while the booking waits out a carrier outage: answers once the carrier is back, leaving no live parcel', async () => {
    const orderId = newOrderId();
    await http('PUT', `${h.carrier.url}/admin/faults`, { outageUntil: Date.now() + 2500 });
    await h.publish(shipmentRequested(orderId, '4 HOLD Street'));
    await eventually(async () => ((await shipmentRow(h, orderId))?.attempts ?? 0) > 0, 'a failed booking attempt');
    await h.publish(cancelRequested(orderId));
    await h.tap.waitFor(orderId, 'ShipmentCancelled');
    await eventually(
      async () => (await shipmentRow(h, orderId))?.pendingAction === null,
      'the shipment to owe the carrier nothing',
      20_000,
    );
    const parcels = (await http<Array<{ status: string }>>('GET', `${h.carrier.url}/v1/shipments?orderId=${orderId}`))
      .body;
    expect(parcels.filter((p) => p.status !== 'CANCELLED')).toEqual([]);
    expect(parcels.length).toBeLessThanOrEqual(1);
    expect(h.tap.of(orderId, 'ShipmentCancellationRejected')).toHaveLength(0);
  });

  it('while the booking call is in flight: answers only after the booking landed and was cancelled at the carrier', async () => {
    const orderId = newOrderId();
    await http('PUT', `${h.carrier.url}/admin/faults`, { latencyMs: 1500 });
    await h.publish(shipmentRequested(orderId, '3 HOLD Street'));
    // A claimed row is leased: due_at jumps ahead while the worker waits for the carrier.
    await eventually(
      async () => ((await shipmentRow(h, orderId))?.dueAt?.getTime() ?? 0) > Date.now() + 10_000,
      'the booking call to start',
    );
    await h.publish(cancelRequested(orderId));
    const answer = await h.tap.waitFor(orderId, 'ShipmentCancelled');
    const voided = await eventually(
      async () => {
        const row = await shipmentRow(h, orderId);
        return row?.trackingNumber && row.pendingAction === null ? row : undefined;
      },
      'the late booking to be cancelled',
      20_000,
    );
    expect(voided.status).toBe('CANCELLED');
    expect(h.carrier.book.get(voided.trackingNumber!)?.status).toBe('CANCELLED');
    expect(answer.event.data).toEqual({ orderId, shipmentId: voided.id });
  });
});
