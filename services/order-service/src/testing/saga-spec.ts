import { sampleOrderLines } from '@kot/events/src/testing/samples';
import { foldEvents } from '@kot/service-kit';
import { deciderSpec } from '@kot/testing';
import type { OrderStreamEvent } from '../saga/order.events';
import type { OrderState } from '../saga/order.state';
import { orderDecider } from '../saga/saga.decide';
import type { SagaPolicy } from '../saga/saga.policy';

/** The clock and policy the saga's given/when/then tests decide with. */
export const T0 = 1_700_000_000_000;
export const testPolicy: SagaPolicy = {
  replyTimeoutMs: 30_000,
  maxAttempts: 3,
  maxCompensationBackoffMs: 300_000,
  deliveryDeadlineMs: 86_400_000,
};

/** The same events as decided at another moment: decide stamps what it emits with the command's `now`. */
export const at = (now: number, events: OrderStreamEvent[]): OrderStreamEvent[] =>
  events.map((event) => ({ ...event, at: now }));

/** The order saga as a given/when/then spec for one order, with the sample lines its events use. */
export function sagaSpec(orderId: string) {
  const decider = orderDecider(testPolicy, orderId);
  const items = sampleOrderLines();
  return {
    saga: deciderSpec(decider),
    items,
    stock: items.map(({ productId, quantity }) => ({ productId, quantity })),
    total: items.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
    stateOf: (events: OrderStreamEvent[]): OrderState => foldEvents(decider, events),
  };
}
