import type { StockLine } from '@kot/events';
import { ConflictError, type Decider, assertNever } from '@kot/service-kit';
import {
  firstShortage,
  linesOf,
  mergeLines,
  type InventoryCommand,
  type Reservation,
  type ReservationPolicy,
  type ReservationState,
  type StockLevel,
} from './reservation';
import type { ReservationEvent } from './reservation.events';
import { evolve, initialState } from './reservation.evolve';

type Command<T extends InventoryCommand['type']> = Extract<InventoryCommand, { type: T }>;

/**
 * All or nothing: either every line fits the stock read under lock and all are held, or nothing is
 * held and the first short line is named. A reservation already decided is answered again as it was,
 * so a re-request (the saga's retry) never holds stock twice.
 */
function reserve(
  { reservation, stock }: ReservationState,
  command: Command<'Reserve'>,
  ttlMs: number,
): ReservationEvent[] {
  const { orderId } = command;
  switch (reservation.status) {
    case 'HELD':
    case 'CONFIRMED':
    case 'COMMITTED':
      return [{ type: 'ReservationRestated', orderId, lines: reservation.lines }];
    case 'REJECTED':
      return [{ type: 'RejectionRestated', orderId, shortage: reservation.shortage }];
    case 'NONE':
    case 'RELEASED':
    case 'EXPIRED':
      return [hold(orderId, mergeLines(command.items), stock, command.now + ttlMs)];
    default:
      return assertNever(reservation);
  }
}

function hold(
  orderId: string,
  lines: StockLine[],
  stock: ReadonlyMap<string, StockLevel>,
  expiresAt: number,
): ReservationEvent {
  const shortage = firstShortage(lines, stock);
  if (shortage) return { type: 'ReservationRejected', orderId, shortage };
  return { type: 'StockReserved', orderId, lines, expiresAt };
}

/** Gives back a live hold. Anything else (nothing held, twice, unknown order) still answers, with no items. */
function release(current: Reservation, orderId: string): ReservationEvent[] {
  if (current.status !== 'HELD' && current.status !== 'CONFIRMED') return [{ type: 'NothingReleased', orderId }];
  return [{ type: 'StockReleased', orderId, lines: current.lines, reason: 'REQUESTED' }];
}

/**
 * The order is paid for: its stock is kept until delivered or released (the hold stops expiring). Stock
 * it no longer holds (the hold expired while the payment was slow) is taken again if it is still free,
 * else refused naming the short line; the saga asks before it books a parcel, so a refusal undoes an
 * order with nothing on its way. Always answered.
 */
function confirm({ reservation, stock }: ReservationState, command: Command<'Confirm'>): ReservationEvent[] {
  const { orderId } = command;
  switch (reservation.status) {
    case 'HELD':
      return [{ type: 'ReservationConfirmed', orderId, lines: reservation.lines }];
    case 'CONFIRMED':
    case 'COMMITTED':
      return [{ type: 'ConfirmationRestated', orderId, lines: reservation.lines }];
    case 'REJECTED':
      return [{ type: 'RejectionRestated', orderId, shortage: reservation.shortage }];
    case 'NONE':
    case 'RELEASED':
    case 'EXPIRED': {
      const lines = reservation.status === 'NONE' ? mergeLines(command.items) : reservation.lines;
      const shortage = firstShortage(lines, stock);
      if (shortage) return [{ type: 'RetakeRefused', orderId, shortage }];
      return [{ type: 'ExpiredHoldRetaken', orderId, lines }];
    }
    default:
      return assertNever(reservation);
  }
}

/**
 * Delivered goods left the warehouse: the held units leave on-hand and the hold ends. If the hold had
 * expired, the goods left all the same: they are taken from free stock, or, when none is free (sold
 * twice), refused loudly (dead letter and alert) instead of ignored.
 */
function commit({ reservation, stock }: ReservationState, orderId: string): ReservationEvent[] {
  switch (reservation.status) {
    case 'COMMITTED':
      return [{ type: 'CommitRestated', orderId, lines: reservation.lines }];
    case 'HELD':
    case 'CONFIRMED':
      return [{ type: 'StockCommitted', orderId, lines: reservation.lines, from: 'HOLD' }];
    case 'EXPIRED': {
      const shortage = firstShortage(reservation.lines, stock);
      if (shortage)
        throw new ConflictError(
          `order ${orderId} was delivered after its hold expired, and ${shortage.productId} has only ${shortage.available} free`,
          { code: 'STOCK_OVERSOLD' },
        );
      return [{ type: 'StockCommitted', orderId, lines: reservation.lines, from: 'FREE_STOCK' }];
    }
    case 'NONE':
    case 'REJECTED':
    case 'RELEASED':
      return [];
    default:
      return assertNever(reservation);
  }
}

/** Re-checked under lock: the order may have been confirmed or released since the job picked it. */
function expire(current: Reservation, orderId: string, now: number): ReservationEvent[] {
  if (current.status !== 'HELD' || current.expiresAt > now) return [];
  return [{ type: 'StockReleased', orderId, lines: current.lines, reason: 'EXPIRED' }];
}

/**
 * The inventory decider: the reservation and stock read under lock + a command → what happened. Pure;
 * the hold's TTL is policy, fixed when the decider is built.
 */
export function reservationDecider(
  policy: ReservationPolicy,
): Decider<InventoryCommand, ReservationState, ReservationEvent> {
  const decide = (command: InventoryCommand, state: ReservationState): ReservationEvent[] => {
    switch (command.type) {
      case 'Reserve':
        return reserve(state, command, policy.ttlMs);
      case 'Release':
        return release(state.reservation, command.orderId);
      case 'Confirm':
        return confirm(state, command);
      case 'Commit':
        return commit(state, command.orderId);
      case 'Expire':
        return expire(state.reservation, command.orderId, command.now);
      default:
        return assertNever(command);
    }
  };
  return { decide, evolve, initialState };
}

/** The products a command touches, sorted: rows are always locked in this order, so no deadlocks. */
export function productsToLock(current: Reservation, command: InventoryCommand): string[] {
  const requested =
    command.type === 'Reserve' || command.type === 'Confirm' ? command.items.map((l) => l.productId) : [];
  return [...new Set([...requested, ...linesOf(current).map((l) => l.productId)])].sort();
}
