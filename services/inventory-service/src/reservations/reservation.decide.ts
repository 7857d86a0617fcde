import type { OrderEvent, StockLine } from '@kot/events';
import { ConflictError } from '@kot/service-kit';
import {
  firstShortage,
  linesOf,
  mergeLines,
  NO_OUTCOME,
  type InventoryCommand,
  type MovementKind,
  type Outcome,
  type Reservation,
  type ReservationPolicy,
  type StockChange,
  type StockLevel,
} from './reservation';

const changesFor = (
  lines: readonly StockLine[],
  kind: MovementKind,
  sign: { onHand: number; reserved: number },
): StockChange[] =>
  lines.map(({ productId, quantity }) => ({
    productId,
    kind,
    onHandDelta: sign.onHand * quantity,
    reservedDelta: sign.reserved * quantity,
  }));

const reserved = (orderId: string, items: StockLine[]): OrderEvent => ({
  type: 'InventoryReserved',
  data: { orderId, items },
});
const released = (orderId: string, items: StockLine[], reason: 'REQUESTED' | 'EXPIRED'): OrderEvent => ({
  type: 'InventoryReleased',
  data: { orderId, items, reason },
});

/**
 * All or nothing: either every line fits the stock read under lock and all are held, or nothing is
 * held and the first short line is named. A reservation already decided is answered again as it was,
 * so a re-request (the saga's retry) never holds stock twice.
 */
function reserve(
  current: Reservation,
  stock: ReadonlyMap<string, StockLevel>,
  command: Extract<InventoryCommand, { type: 'Reserve' }>,
  policy: ReservationPolicy,
): Outcome {
  const { orderId } = command;
  switch (current.status) {
    case 'HELD':
    case 'CONFIRMED':
    case 'COMMITTED':
      return { ...NO_OUTCOME, events: [reserved(orderId, current.lines)] };
    case 'REJECTED':
      return {
        ...NO_OUTCOME,
        events: [{ type: 'InventoryReservationRejected', data: { orderId, ...current.shortage } }],
      };
    case 'NONE':
    case 'RELEASED':
    case 'EXPIRED':
      return hold(orderId, mergeLines(command.items), stock, command.now + policy.ttlMs);
    default:
      return unreachable(current);
  }
}

function hold(orderId: string, lines: StockLine[], stock: ReadonlyMap<string, StockLevel>, expiresAt: number): Outcome {
  const shortage = firstShortage(lines, stock);
  if (shortage) {
    return {
      reservation: { status: 'REJECTED', shortage },
      changes: [],
      events: [{ type: 'InventoryReservationRejected', data: { orderId, ...shortage } }],
    };
  }
  return {
    reservation: { status: 'HELD', lines, expiresAt },
    changes: changesFor(lines, 'RESERVE', { onHand: 0, reserved: 1 }),
    events: [reserved(orderId, lines)],
  };
}

/** Gives back a live hold. Anything else (nothing held, twice, unknown order) still answers, with no items. */
function release(current: Reservation, orderId: string): Outcome {
  if (current.status !== 'HELD' && current.status !== 'CONFIRMED')
    return { ...NO_OUTCOME, events: [released(orderId, [], 'REQUESTED')] };
  return {
    reservation: { status: 'RELEASED', lines: current.lines },
    changes: changesFor(current.lines, 'RELEASE', { onHand: 0, reserved: -1 }),
    events: [released(orderId, current.lines, 'REQUESTED')],
  };
}

/**
 * The order will be fulfilled: the hold no longer expires. No event while the hold is live: nobody waits
 * for this. A hold that expired before the confirmation got here (the expiry raced the saga, or a
 * withdrawn cancellation confirmed late) is taken again if the stock is still there, and answered:
 * InventoryReserved, or InventoryReservationRejected so the saga undoes the order. Never silence.
 */
function confirm(current: Reservation, orderId: string, stock: ReadonlyMap<string, StockLevel>): Outcome {
  if (current.status === 'HELD') return { ...NO_OUTCOME, reservation: { status: 'CONFIRMED', lines: current.lines } };
  if (current.status !== 'EXPIRED') return NO_OUTCOME;
  const shortage = firstShortage(current.lines, stock);
  if (shortage)
    return {
      reservation: { status: 'REJECTED', shortage },
      changes: [],
      events: [{ type: 'InventoryReservationRejected', data: { orderId, ...shortage } }],
    };
  return {
    reservation: { status: 'CONFIRMED', lines: current.lines },
    changes: changesFor(current.lines, 'RESERVE', { onHand: 0, reserved: 1 }),
    events: [reserved(orderId, current.lines)],
  };
}

const committed = (orderId: string, lines: StockLine[]): OrderEvent => ({
  type: 'InventoryCommitted',
  data: { orderId, items: lines },
});

/**
 * Delivered goods left the warehouse: the held units leave on-hand and the hold ends. If the hold had
 * expired, the goods left all the same: they are taken from free stock, or, when none is free (sold
 * twice), refused loudly (dead letter and alert) instead of ignored.
 */
function commit(current: Reservation, orderId: string, stock: ReadonlyMap<string, StockLevel>): Outcome {
  if (current.status === 'COMMITTED') return { ...NO_OUTCOME, events: [committed(orderId, current.lines)] };
  if (current.status === 'EXPIRED') {
    const shortage = firstShortage(current.lines, stock);
    if (shortage)
      throw new ConflictError(
        `order ${orderId} was delivered after its hold expired, and ${shortage.productId} has only ${shortage.available} free`,
        { code: 'STOCK_OVERSOLD' },
      );
    return {
      reservation: { status: 'COMMITTED', lines: current.lines },
      changes: changesFor(current.lines, 'COMMIT', { onHand: -1, reserved: 0 }),
      events: [committed(orderId, current.lines)],
    };
  }
  if (current.status !== 'HELD' && current.status !== 'CONFIRMED') return NO_OUTCOME;
  return {
    reservation: { status: 'COMMITTED', lines: current.lines },
    changes: changesFor(current.lines, 'COMMIT', { onHand: -1, reserved: -1 }),
    events: [committed(orderId, current.lines)],
  };
}

/** Re-checked under lock: the order may have been confirmed or released since the job picked it. */
function expire(current: Reservation, orderId: string, now: number): Outcome {
  if (current.status !== 'HELD' || current.expiresAt > now) return NO_OUTCOME;
  return {
    reservation: { status: 'EXPIRED', lines: current.lines },
    changes: changesFor(current.lines, 'EXPIRE', { onHand: 0, reserved: -1 }),
    events: [released(orderId, current.lines, 'EXPIRED')],
  };
}

/** The inventory decider: current reservation + stock read under lock + command → outcome. Pure. */
export function decide(
  current: Reservation,
  stock: ReadonlyMap<string, StockLevel>,
  command: InventoryCommand,
  policy: ReservationPolicy,
): Outcome {
  switch (command.type) {
    case 'Reserve':
      return reserve(current, stock, command, policy);
    case 'Release':
      return release(current, command.orderId);
    case 'Confirm':
      return confirm(current, command.orderId, stock);
    case 'Commit':
      return commit(current, command.orderId, stock);
    case 'Expire':
      return expire(current, command.orderId, command.now);
    default:
      return unreachable(command);
  }
}

/** The products a command touches, sorted: rows are always locked in this order, so no deadlocks. */
export function productsToLock(current: Reservation, command: InventoryCommand): string[] {
  const requested = command.type === 'Reserve' ? command.items.map((l) => l.productId) : [];
  return [...new Set([...requested, ...linesOf(current).map((l) => l.productId)])].sort();
}

function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
