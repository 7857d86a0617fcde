// Turns what the read model holds for a window into the summary the API returns. The database
// groups and sums (so only a handful of rows travel), this code derives rates, averages and exact
// percentiles, and is tested without a database.
import { CANCELLATION_REASON_VALUES, type CancellationReason } from '@kot/events';
import { money, type MoneyAmount } from './money';
import { ORDER_STATUSES, type OrderStatus } from './order-fact';

/** Orders placed in the window sharing status, currency and cancellation reason. */
export interface CohortGroup {
  status: OrderStatus;
  currency: string;
  cancelReason: CancellationReason | null;
  orders: number;
  totalMinor: number;
}
export interface MinuteCounts {
  minute: number;
  placed: number;
  delivered: number;
  cancelled: number;
}

export interface SummaryInput {
  from: number;
  to: number;
  groups: CohortGroup[];
  /** Placed → delivered durations of the window's delivered orders, any order. */
  deliveredDurationsMs: number[];
  minutes: MinuteCounts[];
}

export interface AnalyticsSummary {
  window: { from: string; to: string };
  orders: { placed: number; inProgress: number; delivered: number; cancelled: number };
  statusCounts: Record<OrderStatus, number>;
  conversion: { placed: number; delivered: number; rate: number | null };
  revenue: MoneyAmount[];
  averageOrderValue: MoneyAmount[];
  cancellationReasons: Record<CancellationReason, number>;
  placedToDelivered: { orders: number; averageSeconds: number | null; p95Seconds: number | null };
  ordersPerMinute: Array<{ minute: string; placed: number; delivered: number; cancelled: number }>;
}

/** Nearest-rank percentile: an actual observed value, the smallest with at least p% at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

export function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const seconds = (ms: number | null) => (ms === null ? null : round(ms / 1000, 3));

function countBy<K extends string>(
  keys: readonly K[],
  groups: CohortGroup[],
  keyOf: (g: CohortGroup) => K | null,
): Record<K, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const group of groups) {
    const key = keyOf(group);
    if (key !== null) counts[key] += group.orders;
  }
  return counts;
}

/** Revenue and average order value per currency, over delivered orders: amounts in different currencies never add up. */
function deliveredMoney(groups: CohortGroup[]): { revenue: MoneyAmount[]; averageOrderValue: MoneyAmount[] } {
  const byCurrency = new Map<string, { minor: number; orders: number }>();
  for (const g of groups.filter((group) => group.status === 'DELIVERED')) {
    const sum = byCurrency.get(g.currency) ?? { minor: 0, orders: 0 };
    byCurrency.set(g.currency, { minor: sum.minor + g.totalMinor, orders: sum.orders + g.orders });
  }
  const currencies = [...byCurrency.keys()].sort();
  return {
    revenue: currencies.map((c) => money(byCurrency.get(c)?.minor ?? 0, c)),
    averageOrderValue: currencies.map((c) => {
      const sum = byCurrency.get(c) ?? { minor: 0, orders: 1 };
      return money(Math.round(sum.minor / sum.orders), c);
    }),
  };
}

export function summarize(input: SummaryInput): AnalyticsSummary {
  const statusCounts = countBy(ORDER_STATUSES, input.groups, (g) => g.status);
  const placed = input.groups.reduce((sum, g) => sum + g.orders, 0);
  const { DELIVERED: delivered, CANCELLED: cancelled } = statusCounts;
  return {
    window: { from: new Date(input.from).toISOString(), to: new Date(input.to).toISOString() },
    orders: { placed, inProgress: placed - delivered - cancelled, delivered, cancelled },
    statusCounts,
    conversion: { placed, delivered, rate: placed === 0 ? null : round(delivered / placed, 4) },
    ...deliveredMoney(input.groups),
    cancellationReasons: countBy(CANCELLATION_REASON_VALUES, input.groups, (g) =>
      g.status === 'CANCELLED' ? g.cancelReason : null,
    ),
    placedToDelivered: {
      orders: input.deliveredDurationsMs.length,
      averageSeconds: seconds(average(input.deliveredDurationsMs)),
      p95Seconds: seconds(percentile(input.deliveredDurationsMs, 95)),
    },
    ordersPerMinute: input.minutes.map((m) => ({
      minute: new Date(m.minute).toISOString(),
      placed: m.placed,
      delivered: m.delivered,
      cancelled: m.cancelled,
    })),
  };
}

export type ProductRanking = 'quantity' | 'revenue';
export interface ProductSales {
  productId: string;
  currency: string;
  quantity: number;
  revenueMinor: number;
  orders: number;
}

/** Best sellers over delivered orders, one entry per product and currency, ranked from 1. */
export function topProductsView(rows: ProductSales[], by: ProductRanking) {
  return {
    rankedBy: by,
    products: rows.map((row, index) => ({
      rank: index + 1,
      productId: row.productId,
      quantity: row.quantity,
      orders: row.orders,
      revenue: money(row.revenueMinor, row.currency),
    })),
  };
}
