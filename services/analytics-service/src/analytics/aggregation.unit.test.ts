import { average, percentile, summarize, topProductsView, type CohortGroup } from './aggregation';

const FROM = Date.UTC(2025, 2, 14, 9, 0);
const TO = Date.UTC(2025, 2, 14, 10, 0);

describe('percentiles and averages', () => {
  it('takes the nearest-rank p95: an observed value, exact for any count', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 1000);
    expect(percentile(twenty, 95)).toBe(19_000);
    expect(percentile([...twenty, 21_000], 95)).toBe(20_000);
    expect(percentile([5, 1, 3], 95)).toBe(5);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNull();
  });

  it('averages, and has no average of nothing', () => {
    expect(average([1, 2, 6])).toBe(3);
    expect(average([])).toBeNull();
  });
});

describe('the summary of a window', () => {
  const groups: CohortGroup[] = [
    { status: 'DELIVERED', currency: 'USD', cancelReason: null, orders: 2, totalMinor: 30_001 },
    { status: 'DELIVERED', currency: 'EUR', cancelReason: null, orders: 1, totalMinor: 999 },
    { status: 'CANCELLED', currency: 'USD', cancelReason: 'OUT_OF_STOCK', orders: 2, totalMinor: 5000 },
    { status: 'CANCELLED', currency: 'USD', cancelReason: 'CUSTOMER_REQUEST', orders: 1, totalMinor: 100 },
    { status: 'SHIPPED', currency: 'USD', cancelReason: null, orders: 1, totalMinor: 700 },
    { status: 'PLACED', currency: 'USD', cancelReason: null, orders: 1, totalMinor: 300 },
  ];
  const summary = summarize({
    from: FROM,
    to: TO,
    groups,
    deliveredDurationsMs: [90_000, 30_000, 60_000],
    minutes: [
      { minute: FROM, placed: 5, delivered: 0, cancelled: 1 },
      { minute: FROM + 60_000, placed: 3, delivered: 3, cancelled: 2 },
    ],
  });

  it('counts orders by status and outcome', () => {
    expect(summary.orders).toEqual({ placed: 8, inProgress: 2, delivered: 3, cancelled: 3 });
    expect(summary.statusCounts).toEqual({ PLACED: 1, CONFIRMED: 0, SHIPPED: 1, DELIVERED: 3, CANCELLED: 3 });
    expect(summary.conversion).toEqual({ placed: 8, delivered: 3, rate: 0.375 });
  });

  it('sums revenue of delivered orders per currency, never across currencies', () => {
    expect(summary.revenue).toEqual([
      { currency: 'EUR', minor: 999, formatted: '€9.99' },
      { currency: 'USD', minor: 30_001, formatted: '$300.01' },
    ]);
    expect(summary.averageOrderValue).toEqual([
      { currency: 'EUR', minor: 999, formatted: '€9.99' },
      { currency: 'USD', minor: 15_001, formatted: '$150.01' },
    ]);
  });

  it('counts every cancellation reason, zero included', () => {
    expect(summary.cancellationReasons).toEqual({
      OUT_OF_STOCK: 2,
      PAYMENT_DECLINED: 0,
      SHIPPING_FAILED: 0,
      CUSTOMER_REQUEST: 1,
      TIMEOUT: 0,
    });
  });

  it('reports placed → delivered time in seconds, average and p95', () => {
    expect(summary.placedToDelivered).toEqual({ orders: 3, averageSeconds: 60, p95Seconds: 90 });
  });

  it('lists the per-minute buckets with ISO timestamps and echoes the window', () => {
    expect(summary.window).toEqual({ from: '2025-03-14T09:00:00.000Z', to: '2025-03-14T10:00:00.000Z' });
    expect(summary.ordersPerMinute[1]).toEqual({
      minute: '2025-03-14T09:01:00.000Z',
      placed: 3,
      delivered: 3,
      cancelled: 2,
    });
  });

  it('has no rate and no durations for an empty window', () => {
    const empty = summarize({ from: FROM, to: TO, groups: [], deliveredDurationsMs: [], minutes: [] });
    expect(empty.conversion.rate).toBeNull();
    expect(empty.placedToDelivered).toEqual({ orders: 0, averageSeconds: null, p95Seconds: null });
    expect(empty.revenue).toEqual([]);
  });
});

describe('top products', () => {
  it('ranks from 1 and formats revenue in the product’s currency', () => {
    const view = topProductsView(
      [
        { productId: 'sku-a', currency: 'USD', quantity: 7, revenueMinor: 7000, orders: 3 },
        { productId: 'sku-b', currency: 'JPY', quantity: 2, revenueMinor: 4000, orders: 1 },
      ],
      'quantity',
    );
    expect(view).toEqual({
      rankedBy: 'quantity',
      products: [
        {
          rank: 1,
          productId: 'sku-a',
          quantity: 7,
          orders: 3,
          revenue: { currency: 'USD', minor: 7000, formatted: '$70.00' },
        },
        {
          rank: 2,
          productId: 'sku-b',
          quantity: 2,
          orders: 1,
          revenue: { currency: 'JPY', minor: 4000, formatted: '¥4,000' },
        },
      ],
    });
  });
});
