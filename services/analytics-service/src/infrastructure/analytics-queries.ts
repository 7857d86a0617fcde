// Reads for the REST API. The database filters, groups and sums; the pure aggregation code derives
// the figures, so the same rules apply whatever the window.
import {
  summarize,
  type AnalyticsSummary,
  type CohortGroup,
  type MinuteCounts,
  type ProductRanking,
  type ProductSales,
} from '../analytics/aggregation';
import { type AnalyticsDb } from './prisma';
import { ANALYTICS_SCHEMA } from '../service';

const S = ANALYTICS_SCHEMA;

interface GroupRow {
  status: CohortGroup['status'];
  currency: string;
  cancel_reason: CohortGroup['cancelReason'];
  orders: number;
  total_minor: bigint;
}
interface MinuteRow {
  minute: Date;
  placed: number;
  delivered: number;
  cancelled: number;
}
interface ProductRow {
  product_id: string;
  currency: string;
  quantity: bigint;
  revenue_minor: bigint;
  orders: number;
}

/** The window is [from, to): orders placed in it form the cohort every figure describes. */
export async function summaryFor(db: AnalyticsDb, from: number, to: number): Promise<AnalyticsSummary> {
  const bounds = [new Date(from).toISOString(), new Date(to).toISOString()];
  const inWindow = 'placed_at >= $1::timestamptz AND placed_at < $2::timestamptz';
  const [groups, durations, minutes] = await Promise.all([
    db.$queryRawUnsafe<GroupRow[]>(
      `SELECT status, currency, cancel_reason, count(*)::int AS orders, sum(total_minor)::bigint AS total_minor FROM ${S}.orders WHERE ${inWindow} GROUP BY 1, 2, 3`,
      ...bounds,
    ),
    db.$queryRawUnsafe<Array<{ ms: bigint }>>(
      `SELECT saga_duration_ms AS ms FROM ${S}.orders WHERE ${inWindow} AND status = 'DELIVERED' AND saga_duration_ms IS NOT NULL`,
      ...bounds,
    ),
    // Buckets are whole minutes; the one containing `from` is included so a window never loses its first partial minute.
    db.$queryRawUnsafe<MinuteRow[]>(
      `SELECT minute, placed, delivered, cancelled FROM ${S}.minute_buckets WHERE minute >= date_trunc('minute', $1::timestamptz) AND minute < $2::timestamptz ORDER BY minute`,
      ...bounds,
    ),
  ]);
  return summarize({
    from,
    to,
    groups: groups.map((g) => ({
      status: g.status,
      currency: g.currency,
      cancelReason: g.cancel_reason,
      orders: g.orders,
      totalMinor: Number(g.total_minor),
    })),
    deliveredDurationsMs: durations.map((d) => Number(d.ms)),
    minutes: minutes.map((m): MinuteCounts => ({
      minute: m.minute.getTime(),
      placed: m.placed,
      delivered: m.delivered,
      cancelled: m.cancelled,
    })),
  });
}

const ORDER_BY: Record<ProductRanking, string> = {
  quantity: 'quantity DESC, revenue_minor DESC, product_id',
  revenue: 'revenue_minor DESC, quantity DESC, product_id',
};

/** Units and revenue of each product over delivered orders (revenue is recognised on delivery). */
export async function topProducts(db: AnalyticsDb, by: ProductRanking, limit: number): Promise<ProductSales[]> {
  const rows = await db.$queryRawUnsafe<ProductRow[]>(
    `SELECT l.product_id, o.currency, sum(l.quantity)::bigint AS quantity, sum(l.quantity * l.unit_price_minor)::bigint AS revenue_minor, count(DISTINCT o.order_id)::int AS orders
       FROM ${S}.order_lines l JOIN ${S}.orders o ON o.order_id = l.order_id
      WHERE o.status = 'DELIVERED' GROUP BY l.product_id, o.currency ORDER BY ${ORDER_BY[by]} LIMIT $1`,
    limit,
  );
  return rows.map((r) => ({
    productId: r.product_id,
    currency: r.currency,
    quantity: Number(r.quantity),
    revenueMinor: Number(r.revenue_minor),
    orders: r.orders,
  }));
}
