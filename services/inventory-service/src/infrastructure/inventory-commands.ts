import type { Cause, Clock, IdGenerator, PgTx } from '@kot/messaging';
import { decide, productsToLock } from '../reservations/reservation.decide';
import type { InventoryCommand, Outcome, ReservationPolicy } from '../reservations/reservation';
import { lockReservation, saveReservation } from './reservation-store';
import { applyStockChanges, lockStock } from './stock-ledger';

export interface InventoryDeps { policy: ReservationPolicy; clock: Clock; ids: IdGenerator }

/** Who is moving stock and why, for the movement ledger. */
export interface CommandAudit { actor: string; reason: string | null }

/**
 * One inventory decision in the caller's transaction. Lock order is always: the order (advisory lock
 * and reservation row), then its products sorted by id. The decider sees the stock as it is under those locks, so concurrent
 * reservations queue on the product rows and each one decides on what the previous one left.
 * Returns the outcome; the caller emits its events in the same transaction (outbox).
 */
export async function executeCommand(tx: PgTx, deps: InventoryDeps, command: InventoryCommand, audit: CommandAudit, cause: Cause): Promise<Outcome> {
  const current = await lockReservation(tx, command.orderId);
  const stock = await lockStock(tx, productsToLock(current, command));
  const outcome = decide(current, stock, command, deps.policy);
  await applyStockChanges(tx, outcome.changes, { ...audit, orderId: command.orderId });
  if (outcome.reservation) await saveReservation(tx, command.orderId, current, outcome.reservation, cause, new Date(deps.clock.now()));
  return outcome;
}
