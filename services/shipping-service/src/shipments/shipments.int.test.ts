import { randomUUID } from 'node:crypto';
import { HEADERS } from '@kot/events';
import { eventually } from '@kot/testing';
import {
  dataOf,
  http,
  newOrderId,
  readDeadLetters,
  sendRaw,
  shipmentRequested,
  shipmentRow,
  useShippingHarness,
} from '../testing/shipping-harness';

const h = useShippingHarness('shipping-shipments');

interface ShipmentView {
  shipmentId: string;
  status: string;
  trackingNumber: string;
  carrier: string;
  pending: unknown;
  history: Array<{ status: string; source: string; location: string | null }>;
}

describe('booking shipments with the carrier', () => {
  it('books the carrier, answers ShipmentScheduled, then publishes every tracking step the carrier calls back with', async () => {
    const orderId = newOrderId();
    const requestId = await h.publish(shipmentRequested(orderId));
    const scheduled = await h.tap.waitFor(orderId, 'ShipmentScheduled');
    expect(scheduled.event.data).toMatchObject({
      orderId,
      carrier: 'SimExpress',
      trackingNumber: expect.stringMatching(/^SIM[0-9A-Z]{12}$/),
      estimatedDeliveryAt: expect.any(Number),
    });
    expect(scheduled.headers).toMatchObject({
      producer: 'shipping-service',
      'causation-id': requestId,
      'correlation-id': requestId,
    });
    const { shipmentId, trackingNumber } = scheduled.event.data;

    await eventually(() => h.tap.of(orderId, 'ShipmentStatusChanged').length === 4, 'four tracking steps', 20_000);
    const steps = dataOf(h.tap, orderId, 'ShipmentStatusChanged');
    expect(steps.map((s) => s.status)).toEqual(['SHIPPED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(steps.every((s) => s.shipmentId === shipmentId && s.trackingNumber === trackingNumber && s.location)).toBe(
      true,
    );
    expect(h.tap.typesOf(orderId).indexOf('ShipmentScheduled')).toBeLessThan(
      h.tap.typesOf(orderId).indexOf('ShipmentStatusChanged'),
    );

    const view = await http<ShipmentView>('GET', `${h.url}/api/v1/shipments/${orderId}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      shipmentId,
      status: 'DELIVERED',
      trackingNumber,
      carrier: 'SimExpress',
      pending: null,
    });
    expect(view.body.history.map((s) => [s.status, s.source])).toEqual([
      ['PENDING', 'service'],
      ['SCHEDULED', 'service'],
      ['SHIPPED', 'carrier'],
      ['IN_TRANSIT', 'carrier'],
      ['OUT_FOR_DELIVERY', 'carrier'],
      ['DELIVERED', 'carrier'],
    ]);
  });

  it("answers ShipmentFailed with the carrier's reason when the address is undeliverable", async () => {
    const orderId = newOrderId();
    await h.publish(shipmentRequested(orderId, '9 UNDELIVERABLE Road'));
    expect((await h.tap.waitFor(orderId, 'ShipmentFailed')).event.data).toEqual({
      orderId,
      reason: 'undeliverable_address',
    });
    const view = await http<ShipmentView & { failureReason: string }>('GET', `${h.url}/api/v1/shipments/${orderId}`);
    expect(view.body).toMatchObject({ status: 'FAILED', failureReason: 'undeliverable_address', pending: null });
    await h.publish(shipmentRequested(orderId, '9 UNDELIVERABLE Road', 2));
    await eventually(() => h.tap.of(orderId, 'ShipmentFailed').length === 2, 'the failure repeated for a re-request');
  });

  it('the same event delivered twice books the carrier once and answers once', async () => {
    const orderId = newOrderId();
    const booked = h.carrier.book.size;
    const event = shipmentRequested(orderId, '3 HOLD Lane');
    const eventId = await h.publish(event);
    await h.publish(event, eventId);
    await h.tap.waitFor(orderId, 'ShipmentScheduled');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(h.tap.of(orderId, 'ShipmentScheduled')).toHaveLength(1);
    expect(h.carrier.book.size).toBe(booked + 1);
    expect(await h.service.prisma.shipment.count({ where: { orderId } })).toBe(1);
  });

  it('a re-request (the saga retrying) repeats ShipmentScheduled for the same shipment without a second booking', async () => {
    const orderId = newOrderId();
    await h.publish(shipmentRequested(orderId, '4 HOLD Lane'));
    const first = await h.tap.waitFor(orderId, 'ShipmentScheduled');
    const booked = h.carrier.book.size;
    await h.publish(shipmentRequested(orderId, '4 HOLD Lane', 2));
    const second = await eventually(() => h.tap.of(orderId, 'ShipmentScheduled')[1], 'a repeated ShipmentScheduled');
    expect(second.event.data).toEqual(first.event.data);
    expect(h.carrier.book.size).toBe(booked);
  });

  // Last on purpose: the shared EventTap cannot decode garbage either and stalls on its partition,
  // so recovery is checked in the database instead of on the tap.
  it('parks poison on the dead-letter topic and keeps working', async () => {
    const letters = await readDeadLetters(h.deadLetterTopic);
    try {
      const garbageId = randomUUID();
      await sendRaw(h.topic, Buffer.from([0, 0, 0, 0, 1, 2, 3]), { [HEADERS.eventId]: garbageId });
      await sendRaw(h.topic, Buffer.from('no headers at all'), {});
      await eventually(() => letters.seen.length >= 2, 'two dead letters', 30_000);
      expect(letters.seen).toEqual(
        expect.arrayContaining([
          { eventId: garbageId, reason: 'undecodable' },
          { eventId: 'undefined', reason: 'missing-event-id' },
        ]),
      );
    } finally {
      await letters.stop();
    }
    const after = newOrderId();
    await h.publish(shipmentRequested(after, '5 HOLD Lane'));
    await eventually(async () => (await shipmentRow(h, after))?.status === 'SCHEDULED', 'a later request to be booked');
  });
});
