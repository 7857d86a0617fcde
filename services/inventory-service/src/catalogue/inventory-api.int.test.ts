import { ADMIN_TOKEN, http, startInventoryHarness, type InventoryHarness } from '../testing/inventory-harness';

let h: InventoryHarness;
beforeAll(async () => {
  h = await startInventoryHarness('inventory-api');
}, 600_000);
afterAll(async () => {
  await h?.stop();
});

interface ProductView {
  productId: string;
  name: string;
  priceMinor: number;
  onHand: number;
  reserved: number;
  available: number;
}
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}
interface Movement {
  kind: string;
  onHandDelta: number;
  reservedDelta: number;
  actor: string;
  reason: string | null;
  orderId: string | null;
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const putStock = (productId: string, body: unknown, headers: Record<string, string> = admin) =>
  http<Problem & ProductView>('PUT', `${h.url}/api/v1/inventory/${productId}/stock`, body, headers);

describe('inventory REST API', () => {
  it('pages through the seeded catalogue of at least 20 products with limit and cursor', async () => {
    const seen: ProductView[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=7&cursor=${cursor}` : '?limit=7';
      const page = await http<{ items: ProductView[]; nextCursor: string | null }>(
        'GET',
        `${h.url}/api/v1/inventory${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const catalogue = seen.filter((p) => p.productId.startsWith('PROD-'));
    expect(catalogue.length).toBeGreaterThanOrEqual(20);
    expect(new Set(seen.map((p) => p.productId)).size).toBe(seen.length);
    expect(seen.map((p) => p.productId)).toEqual([...seen.map((p) => p.productId)].sort());
    expect(catalogue.find((p) => p.productId === 'PROD-001')).toMatchObject({
      priceMinor: 1999,
      available: expect.any(Number),
    });
    expect((await http<Problem>('GET', `${h.url}/api/v1/inventory?limit=0`)).body.errors?.[0]?.field).toBe('limit');
    expect((await http<Problem>('GET', `${h.url}/api/v1/inventory?cursor=%%%`)).status).toBe(400);
  });

  it('shows one product with available = onHand - reserved, 404 for an unknown one', async () => {
    const productId = await h.createProduct(12);
    await h.service.prisma.product.update({ where: { id: productId }, data: { reserved: 5 } });
    const one = await http<ProductView>('GET', `${h.url}/api/v1/inventory/${productId}`);
    expect(one.body).toMatchObject({ productId, onHand: 12, reserved: 5, available: 7, priceMinor: 1234 });
    const missing = await http<Problem>('GET', `${h.url}/api/v1/inventory/PROD-999`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missing.body.code).toBe('PRODUCT_NOT_FOUND');
  });

  it('sets the on-hand count with the admin token and records it as a RESTOCK movement', async () => {
    const productId = await h.createProduct(10);
    const set = await putStock(productId, { quantity: 25, reason: 'weekly stock count' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ productId, onHand: 25, reserved: 0, available: 25 });
    const again = await putStock(productId, { quantity: 25, reason: 'weekly stock count' });
    expect(again.body).toMatchObject({ onHand: 25 }); // a set, so repeating it changes nothing
    await putStock(productId, { quantity: 20, reason: 'damaged in storage' });
    const ledger = await http<{ movements: Movement[]; nextCursor: string | null }>(
      'GET',
      `${h.url}/api/v1/inventory/${productId}/movements?limit=1`,
    );
    expect(ledger.body.movements).toEqual([
      expect.objectContaining({
        kind: 'RESTOCK',
        onHandDelta: -5,
        reservedDelta: 0,
        actor: 'admin',
        reason: 'damaged in storage',
        orderId: null,
      }),
    ]);
    const older = await http<{ movements: Movement[]; nextCursor: string | null }>(
      'GET',
      `${h.url}/api/v1/inventory/${productId}/movements?cursor=${ledger.body.nextCursor}`,
    );
    expect(older.body.movements.map((m) => m.onHandDelta)).toEqual([15]);
    expect(older.body.nextCursor).toBeNull();
    expect((await http('GET', `${h.url}/api/v1/inventory/NOPE-1/movements`)).status).toBe(404);
  });

  it('refuses stock changes without the admin token (401), with a wrong one (403)', async () => {
    const productId = await h.createProduct(3);
    const missing = await putStock(productId, { quantity: 5, reason: 'x' }, {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(
      (await putStock(productId, { quantity: 5, reason: 'x' }, { authorization: 'Basic YWRtaW46YWRtaW4=' })).status,
    ).toBe(401);
    const wrong = await putStock(
      productId,
      { quantity: 5, reason: 'x' },
      { authorization: 'Bearer not-the-token-at-all' },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('ADMIN_TOKEN_INVALID');
    expect((await http<ProductView>('GET', `${h.url}/api/v1/inventory/${productId}`)).body.onHand).toBe(3);
  });

  it('answers 400 naming the field for a negative or non-integer quantity or a missing reason, 409 below what is held', async () => {
    const productId = await h.createProduct(3);
    for (const quantity of [-1, 2.5, '7']) {
      const bad = await putStock(productId, { quantity, reason: 'count' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.field)).toEqual(['quantity']);
    }
    expect((await putStock(productId, { quantity: 4 })).body.errors?.map((e) => e.field)).toEqual(['reason']);
    expect((await putStock('PROD-999', { quantity: 4, reason: 'count' })).status).toBe(404);
    await h.service.prisma.product.update({ where: { id: productId }, data: { reserved: 2 } });
    const below = await putStock(productId, { quantity: 1, reason: 'count' });
    expect(below.status).toBe(409);
    expect(below.body.code).toBe('STOCK_BELOW_RESERVED');
  });

  it('reports liveness and readiness of postgres, kafka, the schema registry and its consumer', async () => {
    expect((await http('GET', `${h.url}/health`)).body).toMatchObject({ status: 'ok', service: 'inventory-service' });
    const ready = await http<{ status: string; checks: Record<string, { ok: boolean }> }>(
      'GET',
      `${h.url}/health/ready`,
    );
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks).sort()).toEqual(['consumer', 'kafka', 'postgres', 'schema-registry']);
    expect(Object.values(ready.body.checks).every((c) => c.ok)).toBe(true);
  });
});
