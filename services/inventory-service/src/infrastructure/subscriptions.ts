import { causedBy, type EventHandler, type HandlerContext, type Subscriptions } from '@kot/messaging';
import { type PgTx } from '@kot/postgres';
import type { OrderEvent } from '@kot/events';
import type { InventoryCommand } from '../reservations/reservation';
import { handleCommand, lockAhead, type CommandAudit, type InventoryDeps } from './inventory-commands';

interface Request {
  command: InventoryCommand;
  reason: string | null;
}

/**
 * The events inventory reacts to, as commands. OrderConfirmed stops a hold from expiring (the saga will
 * either deliver or release it); OrderDelivered turns the hold into a permanent decrement.
 */
function requestOf(event: OrderEvent, deps: InventoryDeps): Request | null {
  switch (event.type) {
    case 'InventoryReservationRequested': {
      const { orderId, items, attempt } = event.data;
      return {
        command: { type: 'Reserve', orderId, items, now: deps.clock.now() },
        reason: `reservation requested (attempt ${attempt})`,
      };
    }
    case 'InventoryReleaseRequested':
      return {
        command: { type: 'Release', orderId: event.data.orderId },
        reason: event.data.reason || 'release requested',
      };
    case 'OrderConfirmed':
      return { command: { type: 'Confirm', orderId: event.data.orderId }, reason: null };
    case 'OrderDelivered':
      return { command: { type: 'Commit', orderId: event.data.orderId }, reason: 'order delivered' };
    default:
      return null;
  }
}

/** Decides in the consumer's transaction and emits the answer to the same outbox: one commit for both. */
async function handle(ctx: HandlerContext<PgTx>, deps: InventoryDeps, { command, reason }: Request): Promise<void> {
  const audit: CommandAudit = { actor: ctx.metadata.producer, reason };
  const outcome = await handleCommand(ctx.tx, deps, command, audit, causedBy(ctx.metadata));
  if (outcome.events.length > 0) await ctx.emit(...outcome.events);
}

/** The handlers, and a lock plan that takes a whole batch's locks up front in the global order (lockAhead). */
export function inventorySubscriptions(deps: InventoryDeps): Subscriptions<PgTx> {
  const handler: EventHandler<OrderEvent, PgTx> = async (event, ctx) => {
    const request = requestOf(event, deps);
    if (request) await handle(ctx, deps, request);
  };
  return {
    InventoryReservationRequested: handler,
    InventoryReleaseRequested: handler,
    OrderConfirmed: handler,
    OrderDelivered: handler,
    lockPlan: (tx, events) =>
      lockAhead(
        tx,
        events.flatMap((event) => requestOf(event, deps)?.command ?? []),
      ),
  };
}
