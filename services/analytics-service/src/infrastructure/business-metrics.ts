// Business metrics for Prometheus. At start they are seeded from the read model (so a restart does not
// reset what a dashboard shows), then they move on every committed change of an order.
import { assertNever } from '@kot/service-kit';
import type { Metrics } from '@kot/service-kit';
import { type FactChange } from '../analytics/order-fact';
import { type AnalyticsDb } from './prisma';
import { ANALYTICS_SCHEMA } from '../service';

export interface BusinessMetrics {
  /** Applies one committed change of an order's record. */
  record(change: FactChange): void;
  /** Starts the series from what the read model already holds; call once, before consuming. */
  seed(db: AnalyticsDb): Promise<void>;
}

/** Sagas take seconds in tests and days in real life (a parcel in transit), hence the wide buckets. */
const SAGA_BUCKETS = [
  1,
  5,
  15,
  30,
  60,
  300,
  900,
  1800,
  3600,
  6 * 3600,
  12 * 3600,
  86_400,
  2 * 86_400,
  3 * 86_400,
  7 * 86_400,
  14 * 86_400,
];

interface GroupRow {
  status: string;
  currency: string;
  cancel_reason: string | null;
  orders: number;
  total_minor: bigint;
}

export function createBusinessMetrics(metrics: Metrics): BusinessMetrics {
  const placed = metrics.counter({ name: 'orders_placed_total', help: 'Orders placed' });
  const delivered = metrics.counter({ name: 'orders_delivered_total', help: 'Orders delivered to the customer' });
  const cancelled = metrics.counter({
    name: 'orders_cancelled_total',
    help: 'Orders cancelled, by reason',
    labelNames: ['reason'],
  });
  const revenue = metrics.counter({
    name: 'revenue_minor_total',
    help: 'Totals of delivered orders in minor units of their currency',
    labelNames: ['currency'],
  });
  const duration = metrics.histogram({
    name: 'saga_duration_seconds',
    help: 'Time from order placed to delivered or cancelled',
    labelNames: ['outcome'],
    buckets: SAGA_BUCKETS,
  });

  const observe = (outcome: string, durationMs: number | null) => {
    if (durationMs !== null) duration.observe({ outcome }, durationMs / 1000);
  };
  const record = (change: FactChange): void => {
    switch (change.kind) {
      case 'placed':
        placed.inc();
        return;
      case 'delivered':
        delivered.inc();
        revenue.inc({ currency: change.fact.currency }, change.fact.totalMinor);
        observe('delivered', change.fact.durationMs);
        return;
      case 'cancelled':
        cancelled.inc({ reason: change.fact.cancelReason ?? 'UNKNOWN' });
        observe('cancelled', change.fact.durationMs);
        return;
      case 'progressed':
      case 'unchanged':
        return;
      default:
        assertNever(change);
    }
  };

  const seedCounts = async (db: AnalyticsDb) => {
    const groups = await db.$queryRawUnsafe<GroupRow[]>(
      `SELECT status, currency, cancel_reason, count(*)::int AS orders, sum(total_minor)::bigint AS total_minor FROM ${ANALYTICS_SCHEMA}.orders GROUP BY 1, 2, 3`,
    );
    for (const g of groups) {
      placed.inc(g.orders);
      if (g.status === 'DELIVERED') {
        delivered.inc(g.orders);
        revenue.inc({ currency: g.currency }, Number(g.total_minor));
      }
      if (g.status === 'CANCELLED') cancelled.inc({ reason: g.cancel_reason ?? 'UNKNOWN' }, g.orders);
    }
  };
  const seedDurations = async (db: AnalyticsDb) => {
    const rows = await db.$queryRawUnsafe<Array<{ status: string; saga_duration_ms: bigint }>>(
      `SELECT status, saga_duration_ms FROM ${ANALYTICS_SCHEMA}.orders WHERE saga_duration_ms IS NOT NULL`,
    );
    for (const row of rows)
      observe(row.status === 'DELIVERED' ? 'delivered' : 'cancelled', Number(row.saga_duration_ms));
  };

  return {
    record,
    async seed(db) {
      await seedCounts(db);
      await seedDurations(db);
    },
  };
}
