import type { Cause, Clock, IdGenerator } from '@kot/messaging';
import type { PgTx } from '@kot/postgres';
import type { OrderEvent } from '@kot/events';
import { productsToLock, reservationDecider } from '../reservations/reservation.decide';
import { changesOf, type StoredChanges } from '../reservations/reservation.evolve';
import { publicEvents } from '../reservations/reservation.public';
import type { InventoryCommand, ReservationPolicy } from '../reservations/reservation';
import { lockOrders, lockReservation, productsOfReservations, saveReservation } from './reservation-store';
import { applyStockChanges, lockStock } from './stock-ledger';

export interface InventoryDeps {
  policy: ReservationPolicy;
  clock: Clock;
  ids: IdGenerator;
}

/** Who is moving stock and why, for the movement ledger. */
export interface CommandAudit {
  actor: string;
  reason: string | null;
}

/** What one decision stored (reservation row, null when unchanged; stock movements) and the public events it answers with. */
export interface CommandResult extends StoredChanges {
  events: OrderEvent[];
}

/**
 * One inventory decision in the caller's transaction. Lock order is always: the order (advisory lock
 * and reservation row), then its products sorted by id. The decider sees the stock as it is under those locks, so concurrent
 * reservations queue on the product rows and each one decides on what the previous one left.
 * Returns what was stored and the public events; the caller emits them in the same transaction (outbox).
 */
export async function handleCommand(
  tx: PgTx,
  deps: InventoryDeps,
  command: InventoryCommand,
  audit: CommandAudit,
  cause: Cause,
): Promise<CommandResult> {
  const current = await lockReservation(tx, command.orderId);
  const state = { reservation: current, stock: await lockStock(tx, productsToLock(current, command)) };
  const decided = reservationDecider(deps.policy).decide(command, state);
  const stored = changesOf(state, decided);
  await applyStockChanges(tx, stored.changes, { ...audit, orderId: command.orderId });
  if (stored.reservation)
    await saveReservation(tx, command.orderId, current, stored.reservation, cause, new Date(deps.clock.now()));
  return { ...stored, events: publicEvents(decided) };
}

/**
 * The lock plan of a transaction deciding several commands (the consumer's batch of one partition): takes
 * every lock they will take before the first one runs, in the one order every inventory transaction
 * follows, orders (advisory locks, by key) then products (rows, by id). The commands then find their locks
 * held already. Without it each command locked only its own products as it came, so batch 1 (A on P1, then
 * B on P2) and batch 2 (C on P2, then D on P1) deadlocked, and Postgres aborted one after deadlock_timeout.
 *
 * Measured (1,500 queued two-line reservations through the real consumer, 6 partitions, this shared 2-core
 * machine, two runs each): over 8 products, batched with this plan 3.5 / 6.3 s, one transaction per event
 * 6.4 / 5.0 s, batched without it 35 / 19 s with 35 / 20 deadlocks; over 200 products 3.8 / 2.6 s,
 * 2.9 / 3.7 s and 57 / 62 s with 60 / 63 deadlocks. The plan is as fast as one transaction per event and
 * keeps one commit per batch (commits are what bounds this system, README "Performance"), so it is the choice.
 *
 * A command locks its requested items plus the lines its reservation holds at that moment (productsToLock);
 * within the transaction those lines are the stored ones or an earlier Reserve's items, so requested items
 * plus stored lines cover every command of the batch.
 */
export async function lockAhead(tx: PgTx, commands: readonly InventoryCommand[]): Promise<void> {
  // A single command already locks its order, then its products sorted (handleCommand).
  if (commands.length < 2) return;
  const orderIds = [...new Set(commands.map((c) => c.orderId))];
  await lockOrders(tx, orderIds);
  const requested = commands.flatMap((c) => (c.type === 'Reserve' ? c.items.map((line) => line.productId) : []));
  const held = await productsOfReservations(tx, orderIds);
  await lockStock(tx, [...new Set([...requested, ...held])]);
}
