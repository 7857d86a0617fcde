import type { StockLine } from '@kot/events';
import { deciderSpec } from '@kot/testing';
import type { InventoryCommand, Reservation, ReservationState, StockLevel } from '../reservations/reservation';
import { reservationDecider } from '../reservations/reservation.decide';

// The reservation decider's given/when/then, with the order, lines, rows and stock its unit tests share.

export const ORDER = '5d6f0a7e-8b1c-4c2d-9e3f-a4b5c6d7e8f9';
export const T0 = 1_700_000_000_000;
export const TTL = 900_000;
export const spec = deciderSpec(reservationDecider({ ttlMs: TTL }));

/**
 * The state as read under lock: the order's reservation and the stock of its products. Inventory's
 * state is a snapshot of rows, not a history, so tests start from it (`givenState`) rather than from events.
 */
export const stateOf = (reservation: Reservation, levels: StockLevel[] = []): ReservationState => ({
  reservation,
  stock: new Map(levels.map((l) => [l.productId, l])),
});

export const level = (productId: string, onHand: number, reserved = 0): StockLevel => ({
  productId,
  onHand,
  reserved,
});

export const reserve = (items: StockLine[], now = T0): InventoryCommand => ({
  type: 'Reserve',
  orderId: ORDER,
  items,
  now,
});

export const NONE: Reservation = { status: 'NONE' };
export const lines: StockLine[] = [
  { productId: 'PROD-001', quantity: 2 },
  { productId: 'PROD-002', quantity: 1 },
];
export const held: Reservation = { status: 'HELD', lines, expiresAt: T0 + TTL };
/** The stock while `held` holds its lines. */
export const heldLevels = [level('PROD-001', 5, 2), level('PROD-002', 1, 1)];
/** What changesOf answers for a decision that writes no row and moves no stock. */
export const nothingStored = { reservation: null, changes: [] };
