import { causedBy, type HandlerContext, type PgTx, type Subscriptions } from '@kot/messaging';
import type { InventoryCommand } from '../reservations/reservation';
import { executeCommand, type CommandAudit, type InventoryDeps } from './inventory-commands';

/** Decides in the consumer's transaction and emits the answer to the same outbox: one commit for both. */
async function handle(ctx: HandlerContext<PgTx>, deps: InventoryDeps, command: InventoryCommand, reason: string | null): Promise<void> {
  const audit: CommandAudit = { actor: ctx.metadata.producer, reason };
  const outcome = await executeCommand(ctx.tx, deps, command, audit, causedBy(ctx.metadata));
  if (outcome.events.length > 0) await ctx.emit(...outcome.events);
}

/**
 * The events inventory reacts to. OrderConfirmed stops a hold from expiring (the saga will either
 * deliver or release it); OrderDelivered turns the hold into a permanent decrement.
 */
export function inventorySubscriptions(deps: InventoryDeps): Subscriptions<PgTx> {
  return {
    InventoryReservationRequested: ({ data }, ctx) =>
      handle(ctx, deps, { type: 'Reserve', orderId: data.orderId, items: data.items, now: deps.clock.now() }, `reservation requested (attempt ${data.attempt})`),
    InventoryReleaseRequested: ({ data }, ctx) => handle(ctx, deps, { type: 'Release', orderId: data.orderId }, data.reason || 'release requested'),
    OrderConfirmed: ({ data }, ctx) => handle(ctx, deps, { type: 'Confirm', orderId: data.orderId }, null),
    OrderDelivered: ({ data }, ctx) => handle(ctx, deps, { type: 'Commit', orderId: data.orderId }, 'order delivered'),
  };
}
