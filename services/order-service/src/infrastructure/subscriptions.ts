import type { EventType, OrderEvent } from '@kot/events';
import { causedBy, type HandlerContext, type Subscriptions } from '@kot/messaging';
import { type PgTx } from '@kot/postgres';
import { applyCommand, type SagaDeps } from './saga-executor';

/** Events of other services that move an order's saga or belong on its timeline. */
export const OBSERVED_EVENT_TYPES = [
  'InventoryReserved',
  'InventoryReservationRejected',
  'InventoryReleased',
  'InventoryCommitted',
  'ShipmentScheduled',
  'ShipmentFailed',
  'ShipmentStatusChanged',
  'ShipmentCancelled',
  'ShipmentCancellationRejected',
  'NotificationSent',
  'NotificationFailed',
] as const satisfies readonly EventType[];

/** The subscription table: each observed event type → the same thin handler feeding the saga. */
export function orderSubscriptions(deps: SagaDeps): Subscriptions<PgTx> {
  const observe = async (event: OrderEvent, ctx: HandlerContext<PgTx>): Promise<void> => {
    const command = { type: 'Observe' as const, event, now: deps.clock.now() };
    await applyCommand(ctx.tx, deps, event.data.orderId, command, causedBy(ctx.metadata), {
      event,
      metadata: ctx.metadata,
    });
  };
  return Object.fromEntries(OBSERVED_EVENT_TYPES.map((type) => [type, observe])) as Subscriptions<PgTx>;
}
