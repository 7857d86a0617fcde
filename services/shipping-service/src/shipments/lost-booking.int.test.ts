import { eventually } from '@kot/testing';
import {
  cancelRequested,
  dataOf,
  http,
  newOrderId,
  shipmentRequested,
  shipmentRow,
  useShippingHarness,
} from '../testing/shipping-harness';

// The harness gives the carrier client 1 s per call; a latency fault above that lets the carrier book
// while the client gives up: the booking exists, its reply is lost. HOLD addresses keep the parcel at
// SCHEDULED (a label not yet handed over), so only the booking's fate is under test.
const LOST_REPLY = { latencyMs: 1500 };

const h = useShippingHarness('shipping-lost-booking', { clearFaultsAfterEach: true });

interface CarrierParcel {
  trackingNumber: string;
  orderId: string;
  status: string;
}
/** What the carrier holds for the order, as its lookup by order reference lists it. */
const carrierParcels = async (orderId: string): Promise<CarrierParcel[]> =>
  (await http<CarrierParcel[]>('GET', `${h.carrier.url}/v1/shipments?orderId=${orderId}`)).body;

describe('a booking whose reply was lost', () => {
  it('is found and cancelled at the carrier before the cancellation is answered, and no second parcel is booked', async () => {
    const orderId = newOrderId();
    await http('PUT', `${h.carrier.url}/admin/faults`, LOST_REPLY);
    await h.publish(shipmentRequested(orderId, '4 HOLD Street'));
    await eventually(
      async () => (await carrierParcels(orderId)).length > 0 && ((await shipmentRow(h, orderId))?.attempts ?? 0) > 0,
      'a booking made at the carrier whose reply timed out',
    );
    expect((await shipmentRow(h, orderId))?.status).toBe('PENDING');

    await h.publish(cancelRequested(orderId));
    await http('PUT', `${h.carrier.url}/admin/faults`, {});
    const answer = await h.tap.waitFor(orderId, 'ShipmentCancelled');

    const settled = await eventually(
      async () => {
        const row = await shipmentRow(h, orderId);
        return row?.pendingAction === null ? row : undefined;
      },
      'the shipment to owe the carrier nothing',
      20_000,
    );
    const parcels = await carrierParcels(orderId);
    expect(parcels.map((p) => p.status)).toEqual(['CANCELLED']);
    expect(settled).toMatchObject({ status: 'CANCELLED', trackingNumber: parcels[0]?.trackingNumber });
    // The found booking is announced before the answer, so the saga knows which parcel was cancelled.
    expect(dataOf(h.tap, orderId, 'ShipmentScheduled')).toHaveLength(1);
    expect(answer.event.data).toEqual({ orderId, shipmentId: settled?.id });
    const view = await http<{ history: Array<{ status: string }> }>('GET', `${h.url}/api/v1/shipments/${orderId}`);
    expect(view.body.history.map((s) => s.status)).toEqual(['PENDING', 'SCHEDULED', 'CANCELLED']);
  });

  it('is cancelled too when the cancellation comes while the carrier is unreachable: the answer waits for it', async () => {
    const orderId = newOrderId();
    await http('PUT', `${h.carrier.url}/admin/faults`, LOST_REPLY);
    await h.publish(shipmentRequested(orderId, '5 HOLD Street'));
    await eventually(async () => (await carrierParcels(orderId)).length > 0, 'a booking made at the carrier');
    await http('PUT', `${h.carrier.url}/admin/faults`, { outageUntil: Date.now() + 2000 });

    await h.publish(cancelRequested(orderId));
    await eventually(
      async () => (await shipmentRow(h, orderId))?.pendingAction === 'CANCEL',
      'the cancellation to wait for the booking',
    );
    expect(h.tap.of(orderId, 'ShipmentCancelled')).toHaveLength(0);
    expect((await carrierParcels(orderId)).map((p) => p.status)).toEqual(['SCHEDULED']);

    await h.tap.waitFor(orderId, 'ShipmentCancelled');
    await eventually(
      async () => (await shipmentRow(h, orderId))?.pendingAction === null,
      'the cancel to be done once the carrier is back',
      20_000,
    );
    expect((await carrierParcels(orderId)).map((p) => p.status)).toEqual(['CANCELLED']);
  });
});
