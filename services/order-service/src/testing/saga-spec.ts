import type { OrderEvent } from '@kot/events';
import { sampleOrderLines } from '@kot/events/src/testing/samples';
import { deciderSpec } from '@kot/testing';
import { evolve, initialState, type OrderState } from '../orders/order-state';
import type { SagaCommand } from '../saga/saga.commands';
import { decide } from '../saga/saga.decide';
import type { SagaPolicy } from '../saga/saga.policy';

/** The clock and policy the saga's given/when/then tests decide with. */
export const T0 = 1_700_000_000_000;
export const testPolicy: SagaPolicy = {
  replyTimeoutMs: 30_000,
  maxAttempts: 3,
  maxCompensationBackoffMs: 300_000,
  deliveryDeadlineMs: 86_400_000,
};

/** The order saga as a given/when/then spec for one order, with the sample lines its events use. */
export function sagaSpec(orderId: string) {
  const items = sampleOrderLines();
  return {
    saga: deciderSpec<SagaCommand, OrderState, OrderEvent>({
      initialState: () => initialState(orderId),
      evolve: (state, event) => evolve(state, event, T0),
      decide: (command, state) => decide(state, command, testPolicy),
    }),
    items,
    stock: items.map(({ productId, quantity }) => ({ productId, quantity })),
    total: items.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0),
    stateOf: (events: OrderEvent[]): OrderState =>
      events.reduce((s, event) => evolve(s, event, T0), initialState(orderId)),
  };
}
