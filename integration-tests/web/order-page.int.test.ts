import { existsSync } from 'node:fs';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { stackEnv } from '@kot/testing';
import { CATALOGUE } from 'inventory-service/src/catalogue/catalogue.seed';
import { getJson } from '../support/http';
import { startSystem, type System } from '../support/system';
import { openPage, type PageSession } from './browser';

const XSS_PRODUCT = { id: 'PROD-XSS-1', name: '<script>window.__pwned = 1</script> Mug', priceMinor: 1250 };
const XSS_FIRST_NAME = '<script>window.__pwned = 2</script>Ada';

/** The browser globals the page functions read; this project compiles without the DOM library. */
interface BrowserGlobals {
  __pwned?: number;
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; activeElement: { id: string } | null };
  getComputedStyle(element: unknown): { backgroundColor: string };
}

let sys: System;
let session: PageSession;
/** The order the form placed in the second test; later tests look at it from other angles. */
let deliveredId: string;

/**
 * The inventory API cannot create products (only set stock), so the odd product goes into this file's own
 * database, together with the catalogue in one statement: the inventory service's start-up seeding then
 * finds every row present (its one-row-at-a-time seeding transaction can outlast 5 s on a loaded machine).
 */
async function seedProducts(): Promise<void> {
  const rows = [...CATALOGUE.map((e) => ({ id: e.id, name: e.name, priceMinor: e.priceMinor })), XSS_PRODUCT];
  const db = new Client({ connectionString: stackEnv('inventory_service').DATABASE_URL });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO inventory_service.products (id, name, price_minor, currency, on_hand)
       SELECT id, name, price, 'USD', 500 FROM unnest($1::text[], $2::text[], $3::int[]) AS t(id, name, price) ON CONFLICT (id) DO NOTHING`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.priceMinor)],
    );
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  await seedProducts();
  // Seven test workers share two cores here: the page's calls to the other services get the room a loaded machine needs.
  sys = await startSystem('web-page', { notifications: true, sagaEnv: { UI_UPSTREAM_TIMEOUT_MS: '10000' } });
  session = await openPage(`${sys.urls.order}/`);
});
afterAll(async () => {
  await session?.close();
  await sys?.stop();
});

/** Fills the form the way a keyboard user does: Tab between fields, Enter to submit. */
async function placeOrderThroughForm(page: Page, customerId: string, productId: string): Promise<string> {
  await page.getByLabel('Product', { exact: true }).first().selectOption(productId);
  await page.getByLabel('Quantity', { exact: true }).first().fill('2');
  await page.getByLabel('Customer id', { exact: true }).focus();
  const values = [
    customerId,
    XSS_FIRST_NAME,
    'Lovelace',
    'ada@example.com',
    '+44 20 5555 0100',
    '12 St James Square',
    'London',
    'LDN',
    'SW1Y 4JH',
  ];
  for (const [index, value] of values.entries()) {
    if (index > 0) await page.keyboard.press('Tab');
    await page.keyboard.type(value);
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/#order\/[0-9a-f-]{36}$/);
  return /#order\/([0-9a-f-]{36})$/.exec(page.url())?.[1] as string;
}

const liveState = (page: Page) => page.locator('#live-state');

describe('the order page in headless Chromium against the whole system', () => {
  it('serves every asset itself under a strict content security policy', async () => {
    const response = await fetch(`${sys.urls.order}/`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(await response.text()).not.toMatch(/https?:\/\//);
    expect(existsSync('/usr/bin/chromium')).toBe(true);
  });

  it('places an order from the form and follows it to DELIVERED on the live timeline', async () => {
    const { page } = session;
    await page.locator(`option[value="${XSS_PRODUCT.id}"]`).waitFor({ state: 'attached' });
    const orderId = await placeOrderThroughForm(page, 'CUST-WEB-1', XSS_PRODUCT.id);
    deliveredId = orderId;

    await page.locator('#timeline [data-type="OrderDelivered"]').waitFor({ timeout: 90_000 });
    await expect(liveState(page).textContent()).resolves.toBe('finished: DELIVERED');
    const order = await getJson(`${sys.urls.order}/api/v1/orders/${orderId}`);
    expect(order.status).toBe('DELIVERED');
    expect(order.items).toEqual([{ productId: XSS_PRODUCT.id, quantity: 2, unitPrice: 12.5 }]);

    const types = await page
      .locator('#timeline li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-type')));
    // The live view stops at the terminal step; events recorded after it (a late NotificationSent) may follow in the store.
    expect(types).toContain('OrderDelivered');
    expect(types).toEqual(order.timeline.slice(0, types.length).map((e: { type: string }) => e.type));
    const facts = await page.locator('#timeline').textContent();
    expect(facts).toContain('by inventory-service');
    expect(facts).toContain('by shipping-service');
    expect(facts).toContain(`correlation ${order.correlationId}`);
    await session.screenshot('order-delivered-desktop');
  });

  it('shows product and customer names containing <script> as text and never runs them', async () => {
    const { page } = session;
    await expect(page.locator(`option[value="${XSS_PRODUCT.id}"]`).textContent()).resolves.toContain(XSS_PRODUCT.name);
    await expect(page.locator('#order-summary').textContent()).resolves.toContain(`${XSS_FIRST_NAME} Lovelace`);
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).__pwned)).toBeUndefined();
    expect(await page.locator('body script').count()).toBe(0);
    expect(session.problems).toEqual([]);
  });

  it('links the order to its emails and its shipment tracking', async () => {
    const { page } = session;
    const orderId = deliveredId;
    await page.locator('#emails-link').click();
    await expect(page.locator('#emails-link').getAttribute('href')).resolves.toBe(`#order/${orderId}/emails`);
    const emails = await getJson(`${sys.urls.notification}/api/v1/notifications?orderId=${orderId}`);
    expect(emails.notifications.length).toBeGreaterThan(0);
    const firstSubject = emails.notifications[0].subject as string;
    await page.locator('#emails-panel .emails li', { hasText: firstSubject }).first().waitFor();

    await page.locator('#tracking-link').click();
    const shipment = await getJson(`${sys.urls.shipping}/api/v1/shipments/${orderId}`);
    const tracking = page.locator('#tracking-panel');
    await tracking.locator('.summary dd', { hasText: shipment.trackingNumber }).waitFor();
    await expect(tracking.locator('.history li').count()).resolves.toBe(shipment.history.length);
    await expect(
      page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id),
    ).resolves.toBe('tracking-heading');
  });

  it('lists recent orders with a status filter, and finds an order by id', async () => {
    const { page } = session;
    const orderId = deliveredId;
    await page.getByLabel('Status', { exact: true }).selectOption('DELIVERED');
    await page.locator(`#recent-orders a[href="#order/${orderId}"]`).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('CANCELLED');
    await page.locator('#recent-status', { hasText: 'No orders match.' }).waitFor();
    await page.getByLabel('Order id', { exact: true }).fill('not-an-id');
    await page.keyboard.press('Enter');
    await expect(page.locator('#lookup-status').textContent()).resolves.toMatch(/^Error: /);
  });

  it('draws compensation steps of a declined order in their own colour', async () => {
    const { page } = session;
    await page.goto(`${sys.urls.order}/`);
    await page.locator('option[value="PROD-001"]').waitFor({ state: 'attached' });
    await placeOrderThroughForm(page, 'CUST-DECLINE-WEB', 'PROD-001');
    await page.locator('#timeline [data-type="OrderCancelled"]').waitFor({ timeout: 90_000 });
    await expect(liveState(page).textContent()).resolves.toBe('finished: CANCELLED');
    const colourOf = (type: string) =>
      page
        .locator(`#timeline [data-type="${type}"]`)
        .first()
        .evaluate((li) => (globalThis as unknown as BrowserGlobals).getComputedStyle(li).backgroundColor);
    const [placed, released, cancelled] = [
      await colourOf('OrderPlaced'),
      await colourOf('InventoryReleased'),
      await colourOf('OrderCancelled'),
    ];
    expect(released).toBe(cancelled);
    expect(released).not.toBe(placed);
    await expect(page.locator('#timeline [data-type="OrderCancelled"] .kind-text').textContent()).resolves.toBe(
      'compensation',
    );
    await session.screenshot('order-cancelled-desktop');
  });

  it('fits a 375 px phone screen without sideways scrolling', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${sys.urls.order}/#order/${deliveredId}/tracking`);
    await page.locator('#live-state', { hasText: 'finished: DELIVERED' }).waitFor();
    await page.locator('#tracking-panel .history li').first().waitFor();
    const widths = await page.evaluate(() => {
      const w = globalThis as unknown as BrowserGlobals;
      return { page: w.document.documentElement.scrollWidth, viewport: w.innerWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await session.screenshot('order-phone');
    expect(session.problems).toEqual([]);
  });
});
