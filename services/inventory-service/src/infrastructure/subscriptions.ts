import { causedBy, type EventHandler, type HandlerContext, type Subscriptions } from '@kot/messaging';
import type { OrderEvent } from '@kot/events';
import { type PgTx } from '@kot/postgres';
import { requestOf, type InventoryRequest } from '../reservations/reservation.requests';
import { handleCommand, lockAhead, type CommandAudit, type InventoryDeps } from './inventory-commands';

/** Decides in the consumer's transaction and emits the answer to the same outbox: one commit for both. */
async function handle(
  ctx: HandlerContext<PgTx>,
  deps: InventoryDeps,
  { command, reason }: InventoryRequest,
): Promise<void> {
  const audit: CommandAudit = { actor: ctx.metadata.producer, reason };
  const outcome = await handleCommand(ctx.tx, deps, command, audit, causedBy(ctx.metadata));
  if (outcome.events.length > 0) await ctx.emit(...outcome.events);
}

/** The handlers, and a lock plan that takes a whole batch's locks up front in the global order (lockAhead). */
export function inventorySubscriptions(deps: InventoryDeps): Subscriptions<PgTx> {
  const handler: EventHandler<OrderEvent, PgTx> = async (event, ctx) => {
    const request = requestOf(event, deps.clock.now());
    if (request) await handle(ctx, deps, request);
  };
  return {
    InventoryReservationRequested: handler,
    InventoryReleaseRequested: handler,
    InventoryConfirmationRequested: handler,
    OrderDelivered: handler,
    lockPlan: (tx, events) =>
      lockAhead(
        tx,
        events.flatMap((event) => requestOf(event, deps.clock.now())?.command ?? []),
      ),
  };
}
