import type { Metrics } from '@kot/service-kit';
import { TERMINAL_STATUSES, type OrderState } from '../saga/order.state';
import type { OrderDb } from './prisma';

/** What one saga transition means for the dashboards; recorded when an order reaches a terminal state. */
export interface SagaMetrics {
  finished(before: OrderState, after: OrderState, at: number): void;
}

/**
 * Saga metrics: outcome counter and duration histogram (placed → terminal), plus gauges read from the
 * orders table at scrape time, so every instance reports the same numbers and nothing drifts on restarts.
 */
export function createSagaMetrics(metrics: Metrics, prisma: OrderDb): SagaMetrics {
  const outcomes = metrics.counter({
    name: 'saga_outcomes_total',
    help: 'Sagas that reached a terminal state, by outcome and cancellation reason',
    labelNames: ['outcome', 'reason'],
  });
  const duration = metrics.histogram({
    name: 'saga_duration_seconds',
    help: 'Time from OrderPlaced to DELIVERED or CANCELLED',
    labelNames: ['outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800],
  });
  // Gauges read the orders table when Prometheus scrapes (prom-client awaits collect()).
  metrics.gauge({
    name: 'orders_by_status',
    help: 'Orders currently in each saga status',
    labelNames: ['status'],
    async collect() {
      const rows = await prisma.orderView.groupBy({ by: ['status'], _count: { _all: true } });
      this.reset();
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });
  metrics.gauge({
    name: 'saga_compensating_orders',
    help: 'Orders whose compensation is still pending (alert when it stays above zero)',
    async collect() {
      this.set(await prisma.orderView.count({ where: { status: 'COMPENSATING' } }));
    },
  });
  metrics.gauge({
    name: 'saga_delivery_overdue_orders',
    help: 'Confirmed orders with no news of their parcel after the delivery deadline and every re-request',
    async collect() {
      this.set(await prisma.orderView.count({ where: { sagaStep: 'DELIVERY_OVERDUE' } }));
    },
  });
  metrics.gauge({
    name: 'saga_overdue_orders',
    help: 'Orders whose pending saga work is more than a minute overdue',
    async collect() {
      this.set(await prisma.orderView.count({ where: { dueAt: { lt: new Date(Date.now() - 60_000) } } }));
    },
  });

  return {
    finished(before, after, at) {
      if (TERMINAL_STATUSES.includes(before.status) || !TERMINAL_STATUSES.includes(after.status)) return;
      const outcome = after.status === 'DELIVERED' ? 'delivered' : 'cancelled';
      outcomes.inc({ outcome, reason: after.cancellation?.reason ?? 'none' });
      if (after.placedAt > 0) duration.observe({ outcome }, Math.max(0, at - after.placedAt) / 1000);
    },
  };
}
