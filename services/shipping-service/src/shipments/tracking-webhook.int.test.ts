import { eventually } from '@kot/testing';
import {
  cancelRequested,
  dataOf,
  http,
  newOrderId,
  shipmentRequested,
  useShippingHarness,
} from '../testing/shipping-harness';

const h = useShippingHarness('shipping-webhook');

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string }>;
}
interface Ack {
  shipmentId: string;
  status: string;
  changed: boolean;
}

/** A shipment the carrier holds (HOLD address), so only the test's own callbacks move it. */
async function heldShipment(): Promise<{
  orderId: string;
  shipmentId: string;
  trackingNumber: string;
  requestId: string;
}> {
  const orderId = newOrderId();
  const requestId = await h.publish(shipmentRequested(orderId, '7 HOLD Avenue'));
  const { shipmentId, trackingNumber } = (await h.tap.waitFor(orderId, 'ShipmentScheduled')).event.data;
  return { orderId, shipmentId, trackingNumber, requestId };
}

const callback = (id: string, body: unknown) =>
  http<Ack & Problem>('POST', `${h.url}/api/v1/shipments/${id}/events`, body);
const step = (trackingNumber: string, status: string, occurredAt = Date.now()) => ({
  trackingNumber,
  status,
  location: 'Louisville, KY',
  occurredAt,
});

describe('carrier tracking webhook', () => {
  it('records forward steps once (by shipment id or tracking number) and publishes each as ShipmentStatusChanged', async () => {
    const { orderId, shipmentId, trackingNumber, requestId } = await heldShipment();
    const shipped = await callback(shipmentId, step(trackingNumber, 'SHIPPED', 1_700_000_000_000));
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ shipmentId, status: 'SHIPPED', changed: true });
    const event = await h.tap.waitFor(orderId, 'ShipmentStatusChanged');
    expect(event.event.data).toEqual({
      orderId,
      shipmentId,
      trackingNumber,
      status: 'SHIPPED',
      location: 'Louisville, KY',
      changedAt: 1_700_000_000_000,
    });
    expect(event.headers).toMatchObject({ producer: 'shipping-service', 'correlation-id': requestId });

    const repeat = await callback(shipmentId, step(trackingNumber, 'SHIPPED'));
    expect(repeat.status).toBe(200);
    expect(repeat.body.changed).toBe(false);
    expect((await callback(trackingNumber, step(trackingNumber, 'IN_TRANSIT'))).body).toMatchObject({
      status: 'IN_TRANSIT',
      changed: true,
    });
    expect((await callback(trackingNumber, step(trackingNumber, 'SHIPPED'))).body.changed).toBe(false); // an old step, delivered late
    await eventually(() => h.tap.of(orderId, 'ShipmentStatusChanged').length === 2, 'the IN_TRANSIT event');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(dataOf(h.tap, orderId, 'ShipmentStatusChanged').map((d) => d.status)).toEqual(['SHIPPED', 'IN_TRANSIT']);
  });

  it('refuses a status going backwards with 409 and changes nothing', async () => {
    const { orderId, shipmentId, trackingNumber } = await heldShipment();
    expect((await callback(shipmentId, step(trackingNumber, 'OUT_FOR_DELIVERY'))).status).toBe(200); // carriers may skip steps
    const back = await callback(shipmentId, step(trackingNumber, 'IN_TRANSIT'));
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('STATUS_WOULD_GO_BACKWARDS');
    const view = await http<{ status: string; history: Array<{ status: string }> }>(
      'GET',
      `${h.url}/api/v1/shipments/${orderId}`,
    );
    expect(view.body.status).toBe('OUT_FOR_DELIVERY');
    expect(view.body.history.map((s) => s.status)).toEqual(['PENDING', 'SCHEDULED', 'OUT_FOR_DELIVERY']);
  });

  it('answers 404 for an unknown shipment and 409 for a tracking number of another parcel or a cancelled shipment', async () => {
    const { shipmentId, trackingNumber } = await heldShipment();
    const unknown = await callback('SIM000000000000', step('SIM000000000000', 'SHIPPED'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('SHIPMENT_NOT_FOUND');
    expect((await callback(shipmentId, step('SIMNOTTHISONE00', 'SHIPPED'))).body.code).toBe('TRACKING_NUMBER_MISMATCH');
    const cancelledOrder = newOrderId();
    await h.publish(cancelRequested(cancelledOrder));
    await h.tap.waitFor(cancelledOrder, 'ShipmentCancelled');
    const tombstone = await h.service.prisma.shipment.findUniqueOrThrow({ where: { orderId: cancelledOrder } });
    const late = await callback(tombstone.id, step(trackingNumber, 'SHIPPED'));
    expect([late.status, late.body.code]).toEqual([409, 'SHIPMENT_NOT_LIVE']);
  });

  it('validates the callback body with 400 naming each bad field', async () => {
    const { shipmentId, trackingNumber } = await heldShipment();
    const cases: Array<[unknown, string[]]> = [
      [{ trackingNumber, occurredAt: Date.now() }, ['status']],
      [step(trackingNumber, 'LOST'), ['status']],
      [step(trackingNumber, 'SCHEDULED'), ['status']],
      [{ ...step(trackingNumber, 'SHIPPED'), occurredAt: 'yesterday' }, ['occurredAt']],
      [{ ...step('', 'SHIPPED'), location: 42 }, ['trackingNumber', 'location']],
      [[], ['(root)']],
    ];
    for (const [body, fields] of cases) {
      const reply = await callback(shipmentId, body);
      expect([reply.status, reply.body.errors?.map((e) => e.field).sort()]).toEqual([400, fields.sort()]);
    }
    const broken = await http<Problem>('POST', `${h.url}/api/v1/shipments/${shipmentId}/events`, '{"status":', {
      'content-type': 'application/json',
    });
    expect(broken.status).toBe(400);
    expect((await callback('not a valid id!', step(trackingNumber, 'SHIPPED'))).status).toBe(400);
  });
});

describe('shipments REST API', () => {
  it("lists shipments newest first, filtered by status and paged; shows one order's shipment or 404", async () => {
    const a = await heldShipment();
    const b = await heldShipment();
    const page = await http<{ shipments: Array<{ orderId: string; status: string }>; nextCursor: string | null }>(
      'GET',
      `${h.url}/api/v1/shipments?status=SCHEDULED&limit=1`,
    );
    expect(page.body.shipments).toEqual([expect.objectContaining({ orderId: b.orderId, status: 'SCHEDULED' })]);
    const next = await http<{ shipments: Array<{ orderId: string }> }>(
      'GET',
      `${h.url}/api/v1/shipments?status=SCHEDULED&limit=1&cursor=${page.body.nextCursor}`,
    );
    expect(next.body.shipments.map((s) => s.orderId)).toEqual([a.orderId]);
    expect((await http<Problem>('GET', `${h.url}/api/v1/shipments?status=LOST`)).body.errors?.[0]?.field).toBe(
      'status',
    );
    expect((await http<Problem>('GET', `${h.url}/api/v1/shipments/${newOrderId()}`)).status).toBe(404);
  });

  it('reports readiness of postgres, kafka, the registry and the carrier breaker', async () => {
    const ready = await http<{ checks: Record<string, { ok: boolean; detail?: string }> }>(
      'GET',
      `${h.url}/health/ready`,
    );
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({
      postgres: { ok: true },
      kafka: { ok: true },
      'schema-registry': { ok: true },
      'carrier-breaker': { ok: true, detail: 'closed' },
    });
  });
});
