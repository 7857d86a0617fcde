import type { StockLine } from '@kot/events';
import { foldEvents, assertNever } from '@kot/service-kit';
import {
  type MovementKind,
  type Reservation,
  type ReservationState,
  type StockChange,
  type StockLevel,
} from './reservation';
import type { ReservationEvent } from './reservation.events';

export const initialState = (): ReservationState => ({ reservation: { status: 'NONE' }, stock: new Map() });

const movements = (lines: readonly StockLine[], kind: MovementKind, onHand: number, reserved: number): StockChange[] =>
  lines.map(({ productId, quantity }) => ({
    productId,
    kind,
    onHandDelta: onHand * quantity,
    reservedDelta: reserved * quantity,
  }));

/** The stock movements one event makes, one per line, in line order: each is also a row of the ledger. */
export function movementsOf(event: ReservationEvent): StockChange[] {
  switch (event.type) {
    case 'StockReserved':
    case 'ExpiredHoldRetaken':
      return movements(event.lines, 'RESERVE', 0, 1);
    case 'StockReleased':
      return movements(event.lines, event.reason === 'EXPIRED' ? 'EXPIRE' : 'RELEASE', 0, -1);
    case 'StockCommitted':
      return movements(event.lines, 'COMMIT', -1, event.from === 'HOLD' ? -1 : 0);
    case 'ReservationRejected':
    case 'ReservationConfirmed':
    case 'ConfirmationRestated':
    case 'ReservationRestated':
    case 'RejectionRestated':
    case 'RetakeRefused':
    case 'NothingReleased':
    case 'CommitRestated':
      return [];
    default:
      return assertNever(event);
  }
}

/** The reservation an event leaves. An answer returns the very same object: nothing to write. */
function reservationAfter(current: Reservation, event: ReservationEvent): Reservation {
  switch (event.type) {
    case 'StockReserved':
      return { status: 'HELD', lines: event.lines, expiresAt: event.expiresAt };
    case 'ReservationRejected':
      return { status: 'REJECTED', shortage: event.shortage };
    case 'ReservationConfirmed':
      return { status: 'CONFIRMED', lines: event.lines };
    case 'ExpiredHoldRetaken':
      return { status: 'CONFIRMED', lines: event.lines };
    case 'StockReleased':
      return { status: event.reason === 'EXPIRED' ? 'EXPIRED' : 'RELEASED', lines: event.lines };
    case 'StockCommitted':
      return { status: 'COMMITTED', lines: event.lines };
    case 'ReservationRestated':
    case 'ConfirmationRestated':
    case 'RejectionRestated':
    case 'RetakeRefused':
    case 'NothingReleased':
    case 'CommitRestated':
      return current;
    default:
      return assertNever(event);
  }
}

function applyMovements(stock: ReadonlyMap<string, StockLevel>, changes: readonly StockChange[]) {
  const next = new Map(stock);
  for (const { productId, onHandDelta, reservedDelta } of changes) {
    const level = next.get(productId) ?? { productId, onHand: 0, reserved: 0 };
    next.set(productId, {
      productId,
      onHand: level.onHand + onHandDelta,
      reserved: level.reserved + reservedDelta,
    });
  }
  return next;
}

/** Folds one event into the reservation and the stock levels it moves; an answer returns `state` itself. */
export function evolve(state: ReservationState, event: ReservationEvent): ReservationState {
  const reservation = reservationAfter(state.reservation, event);
  const changes = movementsOf(event);
  if (reservation === state.reservation && changes.length === 0) return state;
  return { reservation, stock: changes.length > 0 ? applyMovements(state.stock, changes) : state.stock };
}

/** What a decision leaves to store: the reservation row to write (null: unchanged) and the stock movements, in order. */
export interface StoredChanges {
  reservation: Reservation | null;
  changes: StockChange[];
}

/**
 * Derived from the events, not from a diff of the states: a diff would show how the counters moved but
 * not why (a RELEASE and an EXPIRE move them alike), and the ledger records why.
 */
export function changesOf(before: ReservationState, events: readonly ReservationEvent[]): StoredChanges {
  const after = foldEvents({ evolve, initialState }, events, before);
  return {
    reservation: after.reservation === before.reservation ? null : after.reservation,
    changes: events.flatMap(movementsOf),
  };
}
