import { eventually } from '@kot/testing';
import { http, newOrderId, shipmentRequested, useShippingHarness } from '../testing/shipping-harness';

// Breaker opens after 3 calls at >= 50% failures and tries again after 1 s; backoff between attempts is capped at 500 ms.
const h = useShippingHarness('shipping-outage');

interface Ready {
  status: string;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const breakerDetail = async (): Promise<string | undefined> =>
  (await http<Ready>('GET', `${h.url}/health/ready`)).body.checks['carrier-breaker']?.detail;

function metricValue(text: string, name: string, labels: string): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && labels.split(',').every((label) => l.includes(label)));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('a carrier outage', () => {
  it('delays bookings until the carrier is back (never dropping them); the breaker opens, then closes', async () => {
    const outageEnds = Date.now() + 4000;
    await http('PUT', `${h.carrier.url}/admin/faults`, { outageUntil: outageEnds });
    const orders = [newOrderId(), newOrderId(), newOrderId()];
    for (const orderId of orders) await h.publish(shipmentRequested(orderId));

    await eventually(async () => (await breakerDetail()) === 'open', 'the carrier breaker to open', 15_000, 50);
    const ready = await http<Ready>('GET', `${h.url}/health/ready`);
    expect(ready.status).toBe(200); // still ready: requests are kept and booked later
    const waiting = await http<{
      status: string;
      pending: { action: string; failedAttempts: number; lastError: string };
    }>('GET', `${h.url}/api/v1/shipments/${orders[0]}`);
    expect(waiting.body).toMatchObject({
      status: 'PENDING',
      pending: { action: 'BOOK', failedAttempts: expect.any(Number) },
    });
    expect(waiting.body.pending.failedAttempts).toBeGreaterThan(0);
    // A callback can only concern a booked parcel; before that it is answered 503 so the carrier retries it.
    const { id } = await h.service.prisma.shipment.findUniqueOrThrow({ where: { orderId: orders[0] } });
    const early = await http<{ code: string }>('POST', `${h.url}/api/v1/shipments/${id}/events`, {
      trackingNumber: 'SIM000000000001',
      status: 'SHIPPED',
      location: null,
      occurredAt: Date.now(),
    });
    expect([early.status, early.body.code, early.headers.get('retry-after')]).toEqual([
      503,
      'SHIPMENT_NOT_BOOKED_YET',
      '1',
    ]);

    for (const orderId of orders) await h.tap.waitFor(orderId, 'ShipmentScheduled', 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(outageEnds);
    expect(orders.every((orderId) => h.tap.of(orderId, 'ShipmentFailed').length === 0)).toBe(true);
    await eventually(async () => (await breakerDetail()) === 'closed', 'the carrier breaker to close', 15_000);

    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(
      metricValue(metrics, 'circuit_breaker_events_total', 'breaker="carrier",event="open"'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      metricValue(metrics, 'circuit_breaker_events_total', 'breaker="carrier",event="close"'),
    ).toBeGreaterThanOrEqual(1);
    expect(metricValue(metrics, 'circuit_breaker_state', 'breaker="carrier"')).toBe(0);
    // A failed booking is labelled `unavailable` when its quick retries run out first, `circuit_open` when
    // the breaker opened during them: which one comes first is timing, that bookings failed is not.
    const failedBookings =
      metricValue(metrics, 'carrier_requests_total', 'operation="book",outcome="unavailable"') +
      metricValue(metrics, 'carrier_requests_total', 'operation="book",outcome="circuit_open"');
    expect(failedBookings).toBeGreaterThan(0);
    expect(metricValue(metrics, 'carrier_requests_total', 'operation="book",outcome="201"')).toBe(orders.length);
    const rows = await h.service.prisma.shipment.findMany({ where: { orderId: { in: orders } } });
    expect(rows.every((r) => r.trackingNumber && r.pendingAction === null && r.status !== 'FAILED')).toBe(true);
  });
});
