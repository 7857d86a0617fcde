// The per-client limit on POST /api/v1/orders, over real HTTP against the real service and database.
import { getJson, orderRequest, postJson, startOrderHarness, type OrderHarness } from '../testing/order-harness';

let h: OrderHarness;

beforeAll(async () => {
  h = await startOrderHarness('order-rate-limit', { ORDER_RATE_LIMIT_PER_SECOND: '1', ORDER_RATE_LIMIT_BURST: '3' });
});
afterAll(() => h.stop());

describe('POST /api/v1/orders rate limit', () => {
  it('accepts the burst, answers 429 with Retry-After beyond it without creating an order, and recovers', async () => {
    const customerId = `CUST-RL-${Date.now()}`;
    // Sent together so they meet the limiter within the same second on even a loaded machine.
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => postJson(`${h.url}/api/v1/orders`, orderRequest({ customerId }))),
    );
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 429).map((a) => [a.status, a.body])).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(3); // the full burst always gets through
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const [first] = refused;
    expect(first?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(first?.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(first?.body).toMatchObject({
      code: 'RATE_LIMITED',
      detail: expect.stringContaining('1 requests per second (burst 3) per client exceeded for POST /api/v1/orders'),
    });

    // Reads are not limited, and the refused request left nothing behind.
    const listed = await getJson(`${h.url}/api/v1/orders?customerId=${customerId}`);
    expect(listed.orders).toHaveLength(accepted.length);

    await new Promise((resolve) => setTimeout(resolve, Number(first?.headers.get('retry-after')) * 1000 + 100));
    expect((await postJson(`${h.url}/api/v1/orders`, orderRequest({ customerId }))).status).toBe(201);
  });
});
