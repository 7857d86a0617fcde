import { EVENT_TYPES, type OrderEvent } from '@kot/events';
import type { HandlerContext, Subscriptions } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import { changeOf, isLifecycleEvent, recorded } from '../analytics/order-fact';
import type { BusinessMetrics } from './business-metrics';
import { countEvent } from './counters';
import { applyChange, loadFact } from './read-model';
import { orderIdOfEvent } from '@kot/service-kit';

export interface AnalyticsDeps {
  metrics: BusinessMetrics;
}

/**
 * Every event type → one thin handler: count it, and if it moves an order's lifecycle, apply that
 * change to the read model; metrics follow once the transaction has committed.
 */
export function analyticsSubscriptions(deps: AnalyticsDeps): Subscriptions<PgTx> {
  const record = async (event: OrderEvent, { tx, metadata }: HandlerContext<PgTx>): Promise<void> => {
    orderIdOfEvent(event.data.orderId);
    countEvent(tx, event.type);
    if (!isLifecycleEvent(event)) return;
    const change = changeOf(await loadFact(tx, event.data.orderId), recorded(event, metadata.occurredAt));
    await applyChange(tx, change);
    tx.afterCommit(() => deps.metrics.record(change));
  };
  return Object.fromEntries(EVENT_TYPES.map((type) => [type, record])) as Subscriptions<PgTx>;
}
