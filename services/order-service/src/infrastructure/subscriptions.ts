import { causedBy, type HandlerContext, type Subscriptions } from '@kot/messaging';
import { type PgTx } from '@kot/postgres';
import { OBSERVED_EVENT_TYPES, type ObservedEvent } from '../saga/order.events';
import { handleCommand, type SagaDeps } from './saga-executor';

/** The subscription table: each event type the saga observes (order.events.ts) → the same thin handler feeding it. */
export function orderSubscriptions(deps: SagaDeps): Subscriptions<PgTx> {
  const observe = async (event: ObservedEvent, ctx: HandlerContext<PgTx>): Promise<void> => {
    const command = { type: 'Observe' as const, event, now: deps.clock.now() };
    await handleCommand(ctx.tx, deps, event.data.orderId, command, causedBy(ctx.metadata), {
      event,
      metadata: ctx.metadata,
    });
  };
  return Object.fromEntries(OBSERVED_EVENT_TYPES.map((type) => [type, observe])) as Subscriptions<PgTx>;
}
