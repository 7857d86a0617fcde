// Business metrics for Prometheus: counters and a histogram of the changes this instance committed.
// They start at zero in every process, never from the read model's totals: with N instances in the
// consumer group each one counts its own partitions' changes, so `sum(increase(...))` over instances is
// the true number (and Prometheus' rate/increase absorb restarts). Seeded from the totals, each instance
// started from the whole history and a sum counted it N times (issue 17). The all-time figures are the
// read model's: GET /api/v1/analytics/summary.
import { assertNever } from '@kot/service-kit';
import type { Metrics } from '@kot/service-kit';
import { type FactChange } from '../analytics/order-fact';

export interface BusinessMetrics {
  /** Applies one committed change of an order's record. */
  record(change: FactChange): void;
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

  return { record };
}
