// Analytics as a model: the real order-fact projection fed the lifecycle events in per-order order,
// with each event's producer time, as the consumer and the rebuild feed it.
import type { AnalyticsRecord } from '@kot/invariants';
import {
  evolve,
  initialState,
  isLifecycleEvent,
  recorded,
  type OrderFact,
} from '../../../services/analytics-service/src/analytics/order-fact';
import { ConsumerGroup } from '../world/kafka';
import type { SimContext } from '../world/context';

export const ANALYTICS = 'analytics-service';

export class AnalyticsServiceModel {
  readonly group: ConsumerGroup;
  private readonly facts = new Map<string, OrderFact>();

  constructor(ctx: SimContext) {
    this.group = new ConsumerGroup(ANALYTICS, ctx.log);
  }

  consume(key: string): void {
    this.group.deliver(key, ({ event, occurredAt }) => {
      if (!isLifecycleEvent(event)) return;
      const { orderId } = event.data;
      const fact = evolve(this.facts.get(orderId) ?? initialState(), recorded(event, occurredAt));
      if (fact) this.facts.set(orderId, fact);
    });
  }

  crash(): void {
    this.group.rewind();
  }

  records(): AnalyticsRecord[] {
    return [...this.facts.values()].map((f) => ({ orderId: f.orderId, status: f.status }));
  }
}
