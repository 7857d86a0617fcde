import { freePort } from '@kot/testing';
import { orderRequest, postJson, startOrderHarness, type OrderHarness } from '../testing/order-harness';

/**
 * The page's routes on a real order service whose neighbours are all down (their URLs point at a
 * closed port): the order's own data still works and every neighbour's panel answers a clear 503.
 */
let h: OrderHarness;
beforeAll(async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  h = await startOrderHarness('web-routes', {
    INVENTORY_URL: closed,
    SHIPPING_URL: closed,
    NOTIFICATION_URL: closed,
    UI_STREAM_POLL_MS: '100',
  });
});
afterAll(async () => {
  await h?.stop();
});

async function placeOrder(): Promise<{ orderId: string; correlationId: string }> {
  const placed = await postJson(`${h.url}/api/v1/orders`, orderRequest());
  expect(placed.status).toBe(201);
  return placed.body;
}

interface SseEvent {
  event: string;
  data: any;
}

/** A reader of server-sent events: next() is the next event, or null once the server ended the stream. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<SseEvent | null> {
      for (let end = buffer.indexOf('\n\n'); end < 0; end = buffer.indexOf('\n\n')) {
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += value;
      }
      const end = buffer.indexOf('\n\n');
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      return {
        event: /^event: (.*)$/m.exec(block)?.[1] ?? '',
        data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null'),
      };
    },
    cancel: () => reader.cancel(),
  };
}

describe('the order page and its backend-for-frontend routes', () => {
  it('serves the page and its modules from the service itself', async () => {
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const script = await fetch(`${h.url}/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('answers 503 problems for panels whose service is down, and 400 for a bad order id', async () => {
    const { orderId } = await placeOrder();
    for (const path of [
      '/api/v1/ui/catalogue',
      `/api/v1/ui/orders/${orderId}/emails`,
      `/api/v1/ui/orders/${orderId}/shipment`,
    ]) {
      const response = await fetch(`${h.url}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    }
    const bad = await fetch(`${h.url}/api/v1/ui/orders/not-a-uuid/emails`);
    expect(bad.status).toBe(400);
  });

  it('gives the timeline of an order: steps, who acted, correlation id, not yet terminal', async () => {
    const { orderId, correlationId } = await placeOrder();
    const timeline = (await (await fetch(`${h.url}/api/v1/orders/${orderId}/timeline`)).json()) as any;
    expect(timeline).toMatchObject({ orderId, status: 'RESERVING', terminal: false });
    expect(timeline.steps.map((s: { type: string }) => s.type)).toEqual([
      'OrderPlaced',
      'InventoryReservationRequested',
    ]);
    expect(timeline.steps[0]).toMatchObject({
      label: 'Order placed',
      kind: 'progress',
      actor: 'order-service',
      correlationId,
    });
    expect((await fetch(`${h.url}/api/v1/orders/00000000-0000-4000-8000-000000000000/timeline`)).status).toBe(404);
  });

  it('streams the timeline live: the current view first, then each change', async () => {
    const { orderId } = await placeOrder();
    const stream = await fetch(`${h.url}/api/v1/orders/${orderId}/timeline/stream`);
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseReader(stream);
    const first = await events.next();
    expect(first).toMatchObject({ event: 'timeline', data: { orderId, terminal: false } });
    expect(first!.data.steps).toHaveLength(2);
    expect((await postJson(`${h.url}/api/v1/orders/${orderId}/cancel`, { reason: 'changed my mind' })).status).toBe(
      202,
    );
    const second = await events.next();
    const requested = second!.data.steps.find((s: { type: string }) => s.type === 'OrderCancellationRequested');
    expect(requested).toMatchObject({ kind: 'compensation', actor: 'order-service' });
    await events.cancel();
  });

  it('ends open streams when the service shuts down', async () => {
    const { orderId } = await placeOrder();
    const replica = await h.startInstance();
    const events = sseReader(await fetch(`${replica.server.url}/api/v1/orders/${orderId}/timeline/stream`));
    expect(await events.next()).toMatchObject({ event: 'timeline', data: { orderId, terminal: false } });
    await replica.service.stop();
    expect(await events.next()).toBeNull();
  });
});
