import { randomUUID } from 'node:crypto';
import { getJson, orderRequest, postJson, startOrderHarness, type OrderHarness } from '../testing/order-harness';

let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness('order-api');
});
afterAll(async () => {
  await h?.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) => postJson(`${h.url}/api/v1/orders`, body, headers);
const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((e) => e.field);

describe('POST /api/v1/orders input validation', () => {
  it('names every offending field with a reason', async () => {
    const body = orderRequest();
    const bad = {
      customerInfo: { ...body.customerInfo, email: 'not-an-email', firstName: '', zipCode: 12345 },
      orderItems: [
        { productId: 'PROD-001', quantity: 0, unitPrice: 1.999 },
        { productId: 'PROD-002', quantity: 1.5, unitPrice: -3 },
      ],
      totalAmount: 'ten',
    };
    const response = await post(bad);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(fieldsOf(response.body)).toEqual(
      expect.arrayContaining([
        'customerInfo.email',
        'customerInfo.firstName',
        'customerInfo.zipCode',
        'orderItems.0.quantity',
        'orderItems.0.unitPrice',
        'orderItems.1.quantity',
        'orderItems.1.unitPrice',
        'totalAmount',
      ]),
    );
    expect(JSON.stringify(response.body.errors)).toMatch(/at most 2 decimals/);
  });

  it.each([
    ['missing customerInfo', 'customerInfo', { orderItems: orderRequest().orderItems, totalAmount: 45.48 }],
    ['empty orderItems', 'orderItems', { ...orderRequest(), orderItems: [], totalAmount: 0 }],
    ['total not equal to the lines', 'totalAmount', { ...orderRequest(), totalAmount: 1 }],
    [
      'more than 100 lines',
      'orderItems',
      {
        ...orderRequest(),
        orderItems: Array.from({ length: 101 }, () => ({ productId: 'PROD-001', quantity: 1, unitPrice: 1 })),
        totalAmount: 101,
      },
    ],
    [
      'a huge quantity',
      'orderItems.0.quantity',
      { ...orderRequest({ lines: [{ productId: 'PROD-001', quantity: 1e12, unitPrice: 1 }] }) },
    ],
    ['an array instead of an object', '(root)', [1, 2, 3]],
  ])('rejects %s with 400 naming %s', async (_name, field, body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    if (field !== '(root)') expect(fieldsOf(response.body)).toContain(field);
    else expect(JSON.stringify(response.body.errors)).toMatch(/must be a JSON object/);
  });

  it('rejects malformed JSON with 400, a non-JSON content type with 415 and a body over 100 kB with 413', async () => {
    const malformed = await post('{"customerInfo": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toMatch(/JSON/i);
    const text = await fetch(`${h.url}/api/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(text.status).toBe(415);
    const huge = await post({ ...orderRequest(), padding: 'x'.repeat(150_000) });
    expect(huge.status).toBe(413);
  });
});

describe('Idempotency-Key', () => {
  it('the same key with the same body returns the same order (200); another body gets 422', async () => {
    const key = `key-${randomUUID()}`;
    const body = orderRequest();
    const first = await post(body, { 'Idempotency-Key': key });
    const again = await post(body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.orderId).toBe(first.body.orderId);
    const other = await post(orderRequest(), { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    const list = await getJson(`${h.url}/api/v1/orders?customerId=${body.customerInfo.customerId}`);
    expect(list.orders).toHaveLength(1);
  });

  it('two racing requests with one key create one order', async () => {
    const key = `key-${randomUUID()}`;
    const body = orderRequest();
    const results = await Promise.all(Array.from({ length: 5 }, () => post(body, { 'Idempotency-Key': key })));
    expect(new Set(results.map((r) => r.body.orderId)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
  });
});

describe('reading orders', () => {
  it('201 with Location, then GET shows status, saga step and the timeline; unknown ids are 404, malformed 400', async () => {
    const created = await post(orderRequest(), { 'X-Correlation-ID': 'corr-read-1' });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/orders/${created.body.orderId}`);
    expect(created.body).toMatchObject({ status: 'RESERVING', correlationId: 'corr-read-1' });
    const view = await getJson(`${h.url}${created.headers.get('location')}`);
    expect(view).toMatchObject({ status: 'RESERVING', sagaStep: 'AWAITING_INVENTORY', totalAmount: 45.48 });
    expect(view.pending).toMatchObject({ action: 'CHECK_REPLY' });
    expect(view.timeline.map((e: { type: string; producer: string }) => `${e.type}@${e.producer}`)).toEqual([
      'OrderPlaced@order-service',
      'InventoryReservationRequested@order-service',
    ]);
    expect((await fetch(`${h.url}/api/v1/orders/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(`${h.url}/api/v1/orders/not-a-uuid`)).status).toBe(400);
    expect((await postJson(`${h.url}/api/v1/orders/${randomUUID()}/cancel`, {})).status).toBe(404);
  });

  it('lists newest first with filters and a cursor', async () => {
    const customerId = `CUST-${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await post(orderRequest({ customerId }))).body.orderId);
    const page1 = await getJson(`${h.url}/api/v1/orders?customerId=${customerId}&limit=3`);
    const page2 = await getJson(`${h.url}/api/v1/orders?customerId=${customerId}&limit=3&cursor=${page1.nextCursor}`);
    const listed: Array<{ orderId: string; createdAt: string }> = [...page1.orders, ...page2.orders];
    expect(listed.map((o) => o.orderId).sort()).toEqual([...ids].sort());
    const times = listed.map((o) => Date.parse(o.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(page2.nextCursor).toBeNull();
    const filtered = await getJson(`${h.url}/api/v1/orders?customerId=${customerId}&status=DELIVERED`);
    expect(filtered.orders).toHaveLength(0);
    expect((await fetch(`${h.url}/api/v1/orders?status=BOGUS`)).status).toBe(400);
    expect((await fetch(`${h.url}/api/v1/orders?limit=1000`)).status).toBe(400);
    expect((await fetch(`${h.url}/api/v1/orders?cursor=garbage`)).status).toBe(400);
  });
});
